/**
 * The credentials a request carried, one item per header line, cookie and key-like query
 * parameter, with where it was found. Raw values stay inside the core: anything shown goes
 * through `redact`.
 */
import type { Exchange } from './exchange';
import { isMaskedValue, redact, redactAuthorization } from './redact';
import { registerRememberedValues } from './remembered-values';
import { type CookiePair, cookiePairsWhere } from './rules/parsers';
import {
  isCredentialHeaderName,
  isCredentialParamName,
  isCustomCarrierHeader,
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
    const value = header.value;
    const length = raw.length;
    const last = raw.charCodeAt(length - 1) | 0x20;
    const named = last === 0x6e || last === 0x74 || last === 0x79 || last === 0x64 || length === 6;
    if (named) {
      // The three names of their own kind, told by length first (no lower-cased copy).
      const kind =
        length === 13 && sameLetters(raw, 'authorization')
          ? 'authorization'
          : length === 19 && sameLetters(raw, 'proxy-authorization')
            ? 'proxy-authorization'
            : length === 6 && sameLetters(raw, 'cookie')
              ? 'cookie'
              : undefined;
      if (kind === 'authorization' || kind === 'proxy-authorization') {
        found.push({
          kind,
          name: kind,
          label: '',
          value,
          display: '',
          masked: describe && isMaskedValue(value),
        });
        continue;
      }
      if (kind === 'cookie') {
        const pairs = sessionCookiesOnly
          ? sessionCookiesOf(value)
          : cookiePairsWhere(value, everyName);
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
        continue;
      }
      if (value.trim() === '') continue;
    } else if (value.length < 20) continue;
    // A secret name (only a name the filter let through), or any name carrying a credential:
    // a JWT or a long opaque token. (One call site: compiled once into this function.)
    const name = headerNameOf(raw);
    if ((named && name.credential) || isCustomCarrierHeader(name.lower, value))
      found.push(headerCredential(raw, value, describe));
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
  // FNV-1a over the sample (the whole value up to 64 characters), read in place.
  const length = value.length;
  const head = length <= 64 ? length : 16;
  let hash = 0x811c9dc5;
  for (let i = 0; i < head; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  if (length > 64)
    for (let i = length - 48; i < length; i++)
      hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  lastFingerprinted = value;
  lastFingerprint = fingerprintText(hash, length);
  return lastFingerprint;
}

// The text of a fingerprint by hash and length: formatting it cost more than hashing. Keyed by
// a small integer (fast to look up), the entry holding hash and length to check: a cached text
// is the same text. Fingerprints are what the context keeps anyway, nothing secret.
const FINGERPRINT_TEXTS = new Map<number, FingerprintText>();

/**
 * A cached text. A class, not an object literal: literals that outlive a few collections get
 * their allocation site moved to the old generation, which throws away the optimized code that
 * allocates there to compile it again.
 */
class FingerprintText {
  constructor(
    readonly hash: number,
    readonly length: number,
    readonly text: string,
  ) {}
}

/** No entry: its length -1 matches no value. */
const NO_TEXT = new FingerprintText(0, -1, '');

/** Two hexadecimal digits of each byte. */
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** `hash` as a signed 32-bit integer (as Math.imul gives it: no boxed number in the entry). */
function fingerprintText(hash: number, length: number): string {
  const key = (hash ^ Math.imul(length, 0x9e3779b1)) & 0x3fffffff;
  // A miss reads the empty entry, every field is read and both are compared at once (no `&&`
  // that skips the second on a miss): the same operations run on every call, so optimized code
  // has feedback for all of them (no deoptimization at the first hit). Both are int32.
  const known = FINGERPRINT_TEXTS.get(key) ?? NO_TEXT;
  const knownText = known.text;
  if (((known.hash ^ hash) | (known.length ^ length)) === 0) return knownText;
  // Four table lookups instead of toString(16) and padStart (several times the cost).
  const text = `${HEX[(hash >>> 24) & 0xff]}${HEX[(hash >>> 16) & 0xff]}${HEX[(hash >>> 8) & 0xff]}${HEX[hash & 0xff]}:${length}`;
  if (FINGERPRINT_TEXTS.size >= 4096) FINGERPRINT_TEXTS.clear();
  FINGERPRINT_TEXTS.set(key, new FingerprintText(hash, length, text));
  return text;
}

/**
 * A header name in lower case and whether it names a credential (`isCredentialHeaderName`),
 * remembered by the name as sent: every request repeats the same dozen names, and a name is
 * no secret.
 */
function headerNameOf(raw: string): HeaderName {
  const known = HEADER_NAMES.get(raw);
  if (known !== undefined) return known;
  const lower = raw.toLowerCase();
  const named = new HeaderName(lower, isCredentialHeaderName(lower));
  if (HEADER_NAMES.size >= 1024) HEADER_NAMES.clear();
  HEADER_NAMES.set(raw, named);
  return named;
}

class HeaderName {
  constructor(
    readonly lower: string,
    readonly credential: boolean,
  ) {}
}

const HEADER_NAMES = new Map<string, HeaderName>();

/** `name.toLowerCase() === lower`, for an ASCII `lower` of the same length, without the copy. */
function sameLetters(name: string, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    const c = name.charCodeAt(i);
    // Beyond ASCII, lower-casing has its own cases (the Kelvin sign becomes 'k').
    if (c >= 0x80) return name.toLowerCase() === lower;
    if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** Every cookie pair: `parseCookieHeader(value).cookies` without the problems it also lists. */
const everyName = () => true;

// The same Cookie header repeats on most requests of a session: remember the last one read.
let lastCookieHeader: string | undefined;
let lastSessionCookies: readonly CookiePair[] = [];

// The last value fingerprinted and the last Cookie header read are raw secrets: emptied with
// the other remembered values (the background does so once each exchange is handled).
registerRememberedValues({
  forget() {
    lastFingerprinted = undefined;
    lastFingerprint = '';
    lastCookieHeader = undefined;
    lastSessionCookies = [];
  },
  size: () => (lastFingerprinted === undefined ? 0 : 1) + (lastCookieHeader === undefined ? 0 : 1),
});

/** The session-like cookies of a Cookie header (memoised for the header seen last). */
function sessionCookiesOf(header: string): readonly CookiePair[] {
  if (header !== lastCookieHeader) {
    lastSessionCookies = cookiePairsWhere(header, isSessionName);
    lastCookieHeader = header;
  }
  return lastSessionCookies;
}

/**
 * `isSessionCookieName(name)`, remembered by name: requests repeat the same few cookie names
 * (a name is no secret), and the pattern costs more than the lookup.
 */
function isSessionName(name: string): boolean {
  const known = SESSION_NAMES.get(name);
  if (known !== undefined) return known;
  const session = isSessionCookieName(name);
  if (SESSION_NAMES.size >= 1024) SESSION_NAMES.clear();
  SESSION_NAMES.set(name, session);
  return session;
}

const SESSION_NAMES = new Map<string, boolean>();

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
