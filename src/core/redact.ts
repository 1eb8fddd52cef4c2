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
import { API_KEY_HEADERS, API_KEY_PARAMS } from './credential-kinds';
import type { Header } from './exchange';

export type SecretKind = 'token' | 'password' | 'cookie' | 'jwt' | 'jwt-claims';

/** What replaces a JWT signature when the claims are kept (base64url-safe, so it still splits). */
export const SIGNATURE_MASK = 'REDACTED';

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
      if (isJwtLike(value)) return redact(value, 'jwt');
      if (value.length >= 24) return `${value.slice(0, 4)}${ELLIPSIS}${value.slice(-4)}`;
      if (value.length >= 12) return `${value.slice(0, 4)}${ELLIPSIS}`;
      return HIDDEN;
  }
}

/** True when a value has already been masked by us or by another tool (Chrome, Charles, ...). */
export function isMaskedValue(value: string): boolean {
  // Fast path for the common case (a real token): a few native substring scans.
  if (value.includes(ELLIPSIS) || value.includes(HIDDEN)) return true;
  if (
    !value.includes('*') &&
    !value.includes('[') &&
    !value.includes('<') &&
    !value.includes('REDACTED') &&
    !value.includes('redacted') &&
    !value.includes('xxxxx') &&
    !value.includes('XXXXX')
  )
    return false;
  return (
    value.includes(ELLIPSIS) ||
    value.includes(HIDDEN) ||
    /\bREDACTED\b|\[(?:redacted|hidden|filtered|removed)\]|^\*{3,}$|<redacted>|\bxxxxx+\b/i.test(
      value,
    )
  );
}

function isJwtLike(value: string): boolean {
  return /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(value);
}

/** Lower-case header names whose whole value is a secret token. */
export function isSecretHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    API_KEY_HEADERS.has(lower) ||
    lower === 'x-refresh-token' ||
    lower === 'x-session-token' ||
    lower === 'x-id-token' ||
    lower === 'x-amz-security-token' ||
    (/(?:^|-)(?:token|secret|api-?key|session|password)$/.test(lower) &&
      !lower.startsWith('access-control-'))
  );
}

/** True for query parameter names that carry keys or tokens. */
export function isSecretParamName(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    API_KEY_PARAMS.has(lower) ||
    lower === 'id_token' ||
    lower === 'refresh_token' ||
    lower === 'code' ||
    lower === 'client_secret' ||
    lower === 'password' ||
    lower === 'sig' ||
    lower === 'signature' ||
    lower === 'x-amz-credential' ||
    lower === 'x-amz-security-token'
  );
}

/**
 * An Authorization / Proxy-Authorization value with its credentials masked and its scheme
 * kept: `Bearer eyJh…`, `Basic •••`, `Digest username="alice", response=•••, ...`.
 */
export function redactAuthorization(value: string): string {
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  if (space < 0) {
    return /^[A-Za-z][A-Za-z0-9-]*$/.test(trimmed) && trimmed.length < 12
      ? trimmed
      : redact(trimmed);
  }
  const scheme = trimmed.slice(0, space);
  const rest = trimmed.slice(space).trim();
  const lower = scheme.toLowerCase();
  if (lower === 'basic') return `${scheme} ${HIDDEN}`;
  if (lower === 'digest' || lower === 'aws4-hmac-sha256' || rest.includes('=" ')) {
    // Parameter lists: keep names and non-secret values, mask the proofs.
    return `${scheme} ${rest.replace(
      /\b(response|signature|cnonce|nonce|password|token|client_secret)\s*=\s*("[^"]*"|[^,\s]*)/gi,
      (_all, key: string) => `${key}=${HIDDEN}`,
    )}`;
  }
  return `${scheme} ${rest
    .split(/\s+/)
    .map((part) => redact(part))
    .join(' ')}`;
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

/** A URL whose key-like query parameters are masked (`?api_key=abcd…`). */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const pairs = query.split('&');
  let changed = false;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as string;
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq);
    let decoded = name;
    if (name.includes('%')) {
      try {
        decoded = decodeURIComponent(name);
      } catch {}
    }
    if (!isSecretParamName(decoded)) continue;
    pairs[i] = `${name}=${redact(pair.slice(eq + 1))}`;
    changed = true;
  }
  if (!changed) return url;
  return `${url.slice(0, q + 1)}${pairs.join('&')}${hash < 0 ? '' : url.slice(hash)}`;
}

/**
 * A last pass over free text (server bodies quoted in evidence, error descriptions): every
 * known secret that appears verbatim is replaced by its mask. `secrets` comes from the
 * exchange being explained. Values shorter than 6 characters, and plain words (letters only),
 * are left alone: masking them would mangle ordinary sentences and, worse, show which word the
 * secret is (a password "password" would turn "(password hidden)" into "(••• hidden)").
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 6 || /^[A-Za-z]+$/.test(secret) || !out.includes(secret)) continue;
    out = out.split(secret).join(redact(secret));
  }
  return out;
}

function isB64Url(c: number): boolean {
  return (
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95
  );
}

/**
 * Every `eyJ<b64url>.eyJ<b64url>.<b64url>` in `text` replaced by `change(token)`. A hand-written
 * scan, linear in the text: each character is looked at a bounded number of times (a regex
 * with open-ended runs would backtrack quadratically on hostile input like `eyJ-eyJ-eyJ-...`).
 */
export function replaceJwts(text: string, change: (token: string) => string): string {
  let out = '';
  let copied = 0;
  let from = 0;
  for (;;) {
    const start = text.indexOf('eyJ', from);
    if (start < 0) break;
    if (start > 0 && isB64Url(text.charCodeAt(start - 1))) {
      from = start + 3;
      continue;
    }
    // Three base64url runs separated by dots; the second must start with eyJ.
    let i = start;
    const segmentEnds: number[] = [];
    for (let segment = 0; segment < 3; segment++) {
      const begin = i;
      while (i < text.length && isB64Url(text.charCodeAt(i))) i++;
      if (i === begin) break;
      segmentEnds.push(i);
      if (segment < 2) {
        if (text.charCodeAt(i) !== 46) break;
        i++;
      }
    }
    const headerEnd = segmentEnds[0] ?? start;
    const valid = segmentEnds.length === 3 && text.startsWith('eyJ', headerEnd + 1);
    if (valid) {
      const end = segmentEnds[2] as number;
      out += text.slice(copied, start) + change(text.slice(start, end));
      copied = end;
      from = end;
    } else {
      // Nothing before `i` can start a JWT that this scan has not already rejected.
      from = Math.max(i, start + 3);
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}
