/**
 * Redaction. Every secret that leaves the core (evidence, reports, exports, the command line,
 * sanitized HAR files) is masked by `redact`, the one function that decides how much of a
 * secret may show:
 * - tokens and keys: at most their first and last 4 characters, and only when long enough
 *   that 8 characters give nothing away;
 * - passwords and cookie values: never;
 * - JWTs: header and claims may be shown (decoded elsewhere), the signature never.
 * The helpers below only decide *which* part of a header is secret and hand it to `redact`.
 */
import type { Header } from './exchange';
import { isMaskedValue } from './masked';
import {
  findShapedSecrets,
  isJwt,
  isSecretHeaderName,
  isSecretParamName,
  type SecretClass,
  secretAuthParamPattern,
  secretParamClass,
} from './secrets/model';
import { replaceParams, urlParamsOf } from './secrets/params';

export { redactText } from './secrets/value-masker';

export type SecretKind = 'token' | 'password' | 'cookie' | 'jwt' | 'jwt-claims';

/** What replaces a JWT signature when the claims are kept (base64url-safe, so it still splits). */
export const SIGNATURE_MASK = 'REDACTED';

/**
 * True when a masked value still tells one credential from another, so that two requests
 * carrying the same mask carried the same credential: a JWT whose signature was replaced by
 * `REDACTED` keeps its header and claims (issued-at, expiry, id). Other masks do not: `•••`,
 * `[REDACTED]`, nor `abcd…wxyz` (two session ids `FAKE-sso-…6789` and `FAKE-wrong-…6789` in a
 * recorded fixture share both ends).
 */
export function keepsIdentity(value: string): boolean {
  return /\beyJ[\w-]*\.eyJ[\w-]{8,}\.REDACTED$/.test(value.trim());
}

/** What a hidden secret is replaced with (ASCII-free so it never parses as a token). */
export const HIDDEN = '•••';
/** Joins the kept start and end of a masked token. */
export const ELLIPSIS = '…';

/**
 * THE redaction function: `value` masked as the `kind` of secret it is.
 * token: `abcd…wxyz` from 24 characters up, `abcd…` from 12, `•••` below.
 * jwt: the first 4 characters of the header only (`eyJh…`), never any of the signature.
 * jwt-claims: header and payload kept, the signature replaced by `REDACTED` (sanitized HARs,
 * which must still analyse).
 * password, cookie: `•••`.
 */
export function redact(value: string, kind: SecretKind = 'token'): string {
  if (value === '') return '';
  // Masking twice changes nothing (a sanitized file sanitized again stays the same).
  if (kind !== 'jwt-claims' && isMaskedValue(value)) return value;
  switch (kind) {
    case 'password':
    case 'cookie':
      return HIDDEN;
    case 'jwt':
      return value.length >= 12 ? `${value.slice(0, 4)}${ELLIPSIS}` : HIDDEN;
    case 'jwt-claims': {
      const parts = value.split('.');
      if (parts.length !== 3) return redact(value, 'jwt');
      return `${parts[0]}.${parts[1]}.${parts[2] === '' ? '' : SIGNATURE_MASK}`;
    }
    default:
      if (isJwt(value)) return redact(value, 'jwt');
      if (value.length >= 24) return `${value.slice(0, 4)}${ELLIPSIS}${value.slice(-4)}`;
      if (value.length >= 12) return `${value.slice(0, 4)}${ELLIPSIS}`;
      return HIDDEN;
  }
}

/** True when a value has already been masked by us or by another tool (see ./masked.ts). */
export { isMaskedValue };

/**
 * Authentication scheme words kept as they are inside a masked value (`Bearer Bearer x`,
 * `Bearer x, Bearer y`): the HTTP Authentication Scheme Registry's names (RFC 9110 section
 * 16.4.1) and the few others APIs take in Authorization (`Token`, `JWT`, `ApiKey`). No secret
 * is one of these words, and they are what a diagnosis reads (a doubled or repeated scheme).
 */
const SCHEME_WORDS: ReadonlySet<string> = new Set([
  'basic',
  'bearer',
  'concealed',
  'digest',
  'dpop',
  'gnap',
  'hoba',
  'mutual',
  'negotiate',
  'ntlm',
  'oauth',
  'privatetoken',
  'scram-sha-1',
  'scram-sha-256',
  'vapid',
  'token',
  'jwt',
  'apikey',
]);

/** Characters that separate the parts of a credential list: whitespace, commas, quotes. */
const SEPARATORS = /[\s,"']/;
const PARTS = /[\s,"']+|[^\s,"']+/g;

/**
 * An Authorization / Proxy-Authorization value with its credentials masked and its structure
 * kept: `Bearer eyJh…`, `Basic •••`, `Digest username="alice", response=•••, ...`, and for a
 * list or a repeated scheme the scheme words, commas and quotes as sent (`Bearer abcd…, Bearer
 * abcd…`, `Bearer Bearer abcd…wxyz`, `Bearer "eyJh…"`): only the secret parts are masked, each
 * by `maskToken` (`redact`; sanitize keeps a JWT's claims), a Basic credential always `•••`.
 */
export function redactAuthorization(
  value: string,
  maskToken: (token: string) => string = redact,
): string {
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  if (space < 0) {
    return /^[A-Za-z][A-Za-z0-9-]*$/.test(trimmed) && trimmed.length < 12
      ? trimmed
      : maskToken(trimmed);
  }
  const scheme = trimmed.slice(0, space);
  const rest = trimmed.slice(space).trim();
  const lower = scheme.toLowerCase();
  if (lower === 'digest' || lower === 'aws4-hmac-sha256' || rest.includes('=" ')) {
    // Parameter lists: keep names and non-secret values, mask the proofs.
    return `${scheme} ${rest.replace(secretAuthParamPattern(), (_all, key: string) => `${key}=${HIDDEN}`)}`;
  }
  // Usually one token: no separator, no walk.
  if (!SEPARATORS.test(rest)) return `${scheme} ${lower === 'basic' ? HIDDEN : maskToken(rest)}`;
  return `${scheme} ${maskParts(rest, lower, maskToken)}`;
}

/**
 * `rest` with every part but scheme words and separators masked, each by `maskToken`. A Basic
 * credential may be plain text with any character in it (not base64): from `Basic` on,
 * everything is one `•••` up to a comma followed by a scheme word (the next credential of a
 * list); a scheme word right after `Basic` (`Basic Basic ...`) is kept.
 */
function maskParts(rest: string, scheme: string, maskToken: (token: string) => string): string {
  const parts = rest.match(PARTS) ?? [];
  let out = '';
  let basic = scheme === 'basic';
  // In a Basic credential: whether its `•••` was written, whether a part was seen.
  let hidden = false;
  let started = false;
  for (let i = 0; i < parts.length; i++) {
    const raw = parts[i] as string;
    const separator = SEPARATORS.test(raw.charAt(0));
    // (Whitespace as one space: a masked value is shown on one line.)
    const part = separator ? raw.replace(/\s+/g, ' ') : raw;
    const nextIsScheme = SCHEME_WORDS.has((parts[i + 1] ?? '').toLowerCase());
    if (basic) {
      if (separator && part.includes(',') && nextIsScheme) {
        out += part;
        basic = false;
        continue;
      }
      if (separator && !started && part.trim() === '') {
        out += part;
        continue;
      }
      if (!separator && !started && SCHEME_WORDS.has(part.toLowerCase())) {
        out += part;
        continue;
      }
      started = true;
      if (!hidden) out += HIDDEN;
      hidden = true;
      continue;
    }
    if (separator) {
      out += part;
      continue;
    }
    const word = part.toLowerCase();
    if (SCHEME_WORDS.has(word)) {
      out += part;
      if (word === 'basic') {
        basic = true;
        hidden = false;
        started = false;
      }
    } else out += maskToken(part);
  }
  return out;
}

/** A Cookie header with every value hidden: `sid=•••; theme=•••`. */
export function redactCookieHeader(value: string): string {
  return value
    .split(';')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = (eq < 0 ? pair : pair.slice(0, eq)).trim();
      return eq < 0 ? name : `${name}=${redact(pair.slice(eq + 1), 'cookie')}`;
    })
    .filter((pair) => pair !== '')
    .join('; ');
}

/** A Set-Cookie header with its value hidden and its attributes kept. */
export function redactSetCookie(value: string): string {
  const semi = value.indexOf(';');
  const pair = semi < 0 ? value : value.slice(0, semi);
  const eq = pair.indexOf('=');
  const name = (eq < 0 ? '' : pair.slice(0, eq)).trim();
  const cookieValue = eq < 0 ? pair : pair.slice(eq + 1);
  const masked = cookieValue.trim() === '' ? '' : redact(cookieValue, 'cookie');
  return `${name}=${masked}${semi < 0 ? '' : value.slice(semi)}`;
}

/** One header value masked by what its name says it holds. */
export function redactHeaderValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'proxy-authorization')
    return redactAuthorization(value);
  if (lower === 'cookie') return redactCookieHeader(value);
  if (lower === 'set-cookie') return value.split('\n').map(redactSetCookie).join('\n');
  if (isSecretHeaderName(lower)) return redact(value);
  return value;
}

/** Headers with every secret value masked, order and duplicates kept. */
export function redactHeaders(headers: readonly Header[]): Header[] {
  return headers.map((header) => ({
    name: header.name,
    value: redactHeaderValue(header.name, header.value),
  }));
}

/**
 * A URL whose secret query (and fragment) parameters are masked (`?api_key=abcd…`,
 * `#access_token=eyJh…`, `?password=•••`), except values in `revealed` (decoded); everything
 * else is kept as written. `onMasked` hears the class of each value masked.
 */
export function redactUrl(
  url: string,
  revealed?: ReadonlySet<string>,
  onMasked?: (kind: SecretClass) => void,
): string {
  if (!url.includes('=')) return url;
  return replaceParams(url, urlParamsOf(url, true, isSecretParamName), (param) => {
    if (param.raw === '' || isMaskedValue(param.value) || revealed?.has(param.value))
      return undefined;
    const kind = secretParamClass(param.name);
    if (kind === undefined) return undefined;
    onMasked?.(kind);
    return kind === 'password' ? HIDDEN : redact(param.raw);
  });
}

/**
 * Every `eyJ<b64url>.eyJ<b64url>.<b64url>` in `text` replaced by `change(token)` (the model's
 * linear scan, `findShapedSecrets`).
 */
export function replaceJwts(text: string, change: (token: string) => string): string {
  if (!text.includes('eyJ')) return text;
  let out = '';
  let copied = 0;
  for (const found of findShapedSecrets(text)) {
    if (found.shape !== 'jwt') continue;
    out += text.slice(copied, found.start) + change(text.slice(found.start, found.end));
    copied = found.end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
