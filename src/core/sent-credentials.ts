/**
 * The credentials a request carried, one item per header line, cookie and key-like query
 * parameter, with where it was found. Raw values stay inside the core: anything shown goes
 * through `redact`.
 */
import type { Exchange } from './exchange';
import { isMaskedValue, redact, redactAuthorization } from './redact';
import { type CookiePair, parseCookieHeader } from './rules/parsers';
import {
  isCredentialParamName,
  isCustomCarrierHeader,
  isSecretHeaderName,
  isSessionCookieName,
} from './secrets/model';
import { urlParamsOf } from './secrets/params';

// Defined by the secret model; still importable from here.
export { isSessionCookieName } from './secrets/model';

export type SentCredentialKind =
  | 'authorization'
  | 'proxy-authorization'
  | 'header'
  | 'query'
  | 'cookie';

export interface SentCredential {
  kind: SentCredentialKind;
  /** Lower-case header name, query parameter name, or cookie name as sent. */
  name: string;
  /** Where it was, for people: `Authorization header`, `cookie sid`, `query parameter key`. */
  label: string;
  /** The raw value (a secret: show it only through `display`). */
  value: string;
  /** The value masked for display. */
  display: string;
  /** The value had been masked before it reached us (sanitized HAR). */
  masked: boolean;
}

/** How `sentCredentials` works: the context's cheap path skips what only reports need. */
export interface SentCredentialsOptions {
  /** Leave out cookies whose names do not look like sessions or tokens (theme, analytics). */
  sessionCookiesOnly?: boolean;
  /**
   * Build `label` and `display` and check `masked` (default true). Off (the context's fold),
   * label and display stay '' until `describeCredential`, and `masked` is false.
   */
  describe?: boolean;
}

function headerCredential(name: string, value: string, describe: boolean): SentCredential {
  return {
    kind: 'header',
    name,
    label: '',
    value,
    display: '',
    masked: describe && isMaskedValue(value),
  };
}

/** Every credential in the request, in header order, then cookies, then query parameters. */
export function sentCredentials(
  exchange: Exchange,
  options: SentCredentialsOptions = {},
): SentCredential[] {
  const sessionCookiesOnly = options.sessionCookiesOnly ?? false;
  const describe = options.describe ?? true;
  const found: SentCredential[] = [];
  for (const header of exchange.request.headers) {
    // Cheap filter before lower-casing: every name of interest ends in n, t, y or d
    // (authorization, *-token, *-secret, *-key, *-password), or is `cookie` (6 letters).
    const raw = header.name;
    const last = raw.charCodeAt(raw.length - 1) | 0x20;
    if (last !== 0x6e && last !== 0x74 && last !== 0x79 && last !== 0x64 && raw.length !== 6) {
      // Any other name may still carry a credential: a JWT or a long opaque token.
      if (header.value.length >= 20 && isCustomCarrierHeader(raw.toLowerCase(), header.value))
        found.push(headerCredential(header.name, header.value, describe));
      continue;
    }
    const name = header.name.toLowerCase();
    if (name === 'authorization' || name === 'proxy-authorization') {
      found.push({
        kind: name,
        name,
        label: '',
        value: header.value,
        display: '',
        masked: describe && isMaskedValue(header.value),
      });
    } else if (name === 'cookie') {
      const pairs = sessionCookiesOnly
        ? sessionCookiesOf(header.value)
        : parseCookieHeader(header.value).cookies;
      for (const pair of pairs) {
        if (pair.name === '' && pair.value === '') continue;
        found.push({
          kind: 'cookie',
          name: pair.name,
          label: '',
          value: pair.value,
          display: '',
          masked: describe && isMaskedValue(pair.value),
        });
      }
    } else if (
      header.value.trim() !== '' &&
      (isSecretHeaderName(name) || isCustomCarrierHeader(name, header.value))
    ) {
      found.push(headerCredential(header.name, header.value, describe));
    }
  }
  const url = exchange.request.url;
  if (url.includes('=')) {
    // Query and fragment (`#access_token=`), one reader for every URL (secrets/params.ts).
    for (const param of urlParamsOf(url, false, isCredentialParamName)) {
      if (param.raw === '') continue;
      const name = param.name.toLowerCase();
      found.push({
        kind: 'query',
        name,
        label: '',
        value: param.value,
        display: '',
        masked: describe && isMaskedValue(param.value),
      });
    }
  }
  if (describe) for (const credential of found) describeCredential(credential);
  return found;
}

/**
 * A short, non-reversible fingerprint of a secret, so the context can say "the same credential"
 * without keeping it. FNV-1a over the length, the first 16 and the last 48 characters (where
 * JWT signatures and random token tails differ), which keeps it cheap on long tokens.
 */
let lastFingerprinted: string | undefined;
let lastFingerprint = '';

export function fingerprint(value: string): string {
  // Tokens repeat request after request: the last one is remembered.
  if (value === lastFingerprinted) return lastFingerprint;
  const sample = value.length <= 64 ? value : `${value.slice(0, 16)}${value.slice(-48)}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < sample.length; i++) {
    hash ^= sample.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  lastFingerprinted = value;
  lastFingerprint = `${(hash >>> 0).toString(16).padStart(8, '0')}:${value.length}`;
  return lastFingerprint;
}

// The same Cookie header repeats on most requests of a session: remember the last one read.
let lastCookieHeader: string | undefined;
let lastSessionCookies: readonly CookiePair[] = [];

/** The session-like cookies of a Cookie header (memoised for the header seen last). */
function sessionCookiesOf(header: string): readonly CookiePair[] {
  if (header !== lastCookieHeader) {
    lastSessionCookies = parseCookieHeader(header).cookies.filter((pair) =>
      isSessionCookieName(pair.name),
    );
    lastCookieHeader = header;
  }
  return lastSessionCookies;
}

/** Fills in `label` and `display` (masked) of a credential; returns it. */
export function describeCredential(credential: SentCredential): SentCredential {
  const { kind, name, value } = credential;
  if (kind === 'authorization' || kind === 'proxy-authorization') {
    credential.label =
      kind === 'authorization' ? 'Authorization header' : 'Proxy-Authorization header';
    credential.display = redactAuthorization(value);
  } else if (kind === 'cookie') {
    credential.label = `cookie ${name}`;
    credential.display = `${name}=${redact(value, 'cookie')}`;
  } else if (kind === 'header') {
    credential.label = `${name} header`;
    credential.display = `${name}: ${redact(value)}`;
    // Header names are kept as sent for labels; compare them in lower case.
    credential.name = name.toLowerCase();
  } else {
    credential.label = `query parameter ${name}`;
    credential.display = `${name}=${redact(value)}`;
  }
  return credential;
}
