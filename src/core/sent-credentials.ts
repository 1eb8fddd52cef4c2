/**
 * The credentials a request carried, one item per header line, cookie and key-like query
 * parameter, with where it was found. Raw values stay inside the core: anything shown goes
 * through `redact`.
 */
import { API_KEY_HEADERS, API_KEY_PARAMS } from './credential-kinds';
import type { Exchange } from './exchange';
import { isMaskedValue, redact, redactAuthorization } from './redact';
import { parseCookieHeader } from './rules/parsers';
import { parseUrl, queryParams } from './url-parts';

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

/** Every credential in the request, in header order, then cookies, then query parameters. */
export function sentCredentials(exchange: Exchange): SentCredential[] {
  const found: SentCredential[] = [];
  for (const header of exchange.request.headers) {
    const name = header.name.toLowerCase();
    if (name === 'authorization' || name === 'proxy-authorization') {
      found.push({
        kind: name,
        name,
        label: name === 'authorization' ? 'Authorization header' : 'Proxy-Authorization header',
        value: header.value,
        display: redactAuthorization(header.value),
        masked: isMaskedValue(header.value),
      });
    } else if (name === 'cookie') {
      for (const pair of parseCookieHeader(header.value).cookies) {
        if (pair.name === '' && pair.value === '') continue;
        found.push({
          kind: 'cookie',
          name: pair.name,
          label: `cookie ${pair.name}`,
          value: pair.value,
          display: `${pair.name}=${redact(pair.value, 'cookie')}`,
          masked: isMaskedValue(pair.value),
        });
      }
    } else if (API_KEY_HEADERS.has(name) && header.value.trim() !== '') {
      found.push({
        kind: 'header',
        name,
        label: `${header.name} header`,
        value: header.value,
        display: `${header.name}: ${redact(header.value)}`,
        masked: isMaskedValue(header.value),
      });
    }
  }
  const url = parseUrl(exchange.request.url);
  if (url && url.query !== '') {
    for (const param of queryParams(url.query)) {
      const name = param.name.toLowerCase();
      if (!API_KEY_PARAMS.has(name) || param.value === '') continue;
      found.push({
        kind: 'query',
        name,
        label: `query parameter ${param.name}`,
        value: param.value,
        display: `${param.name}=${redact(param.value)}`,
        masked: isMaskedValue(param.value),
      });
    }
  }
  return found;
}

/**
 * A short, non-reversible fingerprint of a secret, so the context can say "the same credential"
 * without keeping it. FNV-1a over the length, the first 16 and the last 48 characters (where
 * JWT signatures and random token tails differ), which keeps it cheap on long tokens.
 */
export function fingerprint(value: string): string {
  const sample = value.length <= 64 ? value : `${value.slice(0, 16)}${value.slice(-48)}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < sample.length; i++) {
    hash ^= sample.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${(hash >>> 0).toString(16).padStart(8, '0')}:${value.length}`;
}

/** Cookie names that usually hold a session or an auth token (not analytics or preferences). */
export function isSessionCookieName(name: string): boolean {
  return /sess|sid\b|^sid|auth|token|jwt|login|remember|identity|user_?id|^connect\.sid$|^__Host-|^__Secure-|^CF_Authorization$/i.test(
    name,
  );
}
