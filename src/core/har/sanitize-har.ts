/**
 * Sanitizing a HAR before it is shared: every secret masked through `redact`, everything else
 * (structure, URLs, statuses, non-secret headers, JWT claims) kept so the file still analyses.
 * Masked: Authorization, Proxy-Authorization, Cookie, Set-Cookie, API-key and token headers,
 * key-like query parameters (in URLs, `queryString`, form bodies), cookie arrays, token and
 * password fields of JSON bodies, and the signature of every JWT anywhere in the file.
 */
import {
  isSecretHeaderName,
  isSecretParamName,
  redact,
  redactAuthorization,
  redactCookieHeader,
  redactSetCookie,
  redactUrl,
  replaceJwts,
} from '../redact';
import { isHar } from './import-har';
import type { Har } from './types';

export type SanitizeResult = { ok: true; har: Har; masked: number } | { ok: false; error: string };

/** The start of a JSON string member whose value is a secret, up to the value's opening quote. */
const SECRET_JSON_KEY =
  /"(?:access_token|id_token|refresh_token|token|accessToken|idToken|refreshToken|password|passwd|secret|client_secret|api_?key|apiKey|session_?id|sessionId|code|otp)"[ \t\r\n]{0,64}:[ \t\r\n]{0,64}"/gi;

/**
 * JSON (or JSON-like) text with the string values of secret members masked. The key is found
 * by a regex, the value by a scan to its closing quote, and the search resumes after it, so
 * every character is read a bounded number of times whatever the input.
 */
function maskJsonSecrets(text: string): string {
  let out = '';
  let copied = 0;
  const keys = new RegExp(SECRET_JSON_KEY.source, SECRET_JSON_KEY.flags);
  for (let match = keys.exec(text); match; match = keys.exec(text)) {
    const valueStart = match.index + match[0].length;
    let i = valueStart;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 34) break;
      else i++;
    }
    if (i >= text.length) break;
    const secret = text.slice(valueStart, i);
    if (secret !== '') {
      out += text.slice(copied, valueStart) + redact(secret);
      copied = i;
    }
    keys.lastIndex = i + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * A copy of `har` with every secret masked (the input is not changed). Never throws; input that
 * is not a HAR gives `{ ok: false, error }`. `masked` counts the values changed.
 */
export function sanitizeHar(har: unknown): SanitizeResult {
  if (!isHar(har))
    return { ok: false, error: 'Not a HAR: "log.entries" is missing or not an array.' };
  let masked = 0;
  const text = (value: string, change: (v: string) => string): string => {
    const next = change(value);
    if (next !== value) masked++;
    return next;
  };
  const jwts = (value: string) => replaceJwts(value, (token) => redact(token, 'jwt-claims'));

  const headerValue = (name: string, value: string): string => {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'proxy-authorization')
      return text(value, sanitizeAuthorization);
    if (lower === 'cookie') return text(value, redactCookieHeader);
    if (lower === 'set-cookie')
      return text(value, (v) => v.split('\n').map(redactSetCookie).join('\n'));
    if (lower === 'location' || lower === 'referer' || lower === 'content-location')
      return text(value, (v) => jwts(redactUrl(v)));
    if (isSecretHeaderName(lower))
      return text(value, (v) => (isJwt(v) ? redact(v, 'jwt-claims') : redact(v)));
    return text(value, jwts);
  };

  const headers = (list: unknown): unknown =>
    Array.isArray(list)
      ? list.map((item: unknown) =>
          isRecord(item) && typeof item.name === 'string' && typeof item.value === 'string'
            ? { ...item, value: headerValue(item.name, item.value) }
            : item,
        )
      : list;
  const cookies = (list: unknown): unknown =>
    Array.isArray(list)
      ? list.map((item: unknown) =>
          isRecord(item) && typeof item.value === 'string' && item.value !== ''
            ? { ...item, value: text(item.value, (v) => redact(v, 'cookie')) }
            : item,
        )
      : list;
  const params = (list: unknown): unknown =>
    Array.isArray(list)
      ? list.map((item: unknown) =>
          isRecord(item) &&
          typeof item.name === 'string' &&
          typeof item.value === 'string' &&
          isSecretParamName(item.name)
            ? { ...item, value: text(item.value, (v) => redact(v)) }
            : item,
        )
      : list;
  const body = (value: string): string => text(value, (v) => jwts(maskJsonSecrets(v)));

  const entries = har.log.entries.map((entry: unknown) => {
    if (!isRecord(entry)) return entry;
    const out: Record<string, unknown> = { ...entry };
    if (isRecord(entry.request)) {
      const request: Record<string, unknown> = { ...entry.request };
      if (typeof request.url === 'string')
        request.url = text(request.url, (v) => jwts(redactUrl(v)));
      request.headers = headers(request.headers);
      request.cookies = cookies(request.cookies);
      request.queryString = params(request.queryString);
      if (isRecord(request.postData)) {
        const postData: Record<string, unknown> = { ...request.postData };
        postData.params = params(postData.params);
        if (typeof postData.text === 'string') {
          const mime = typeof postData.mimeType === 'string' ? postData.mimeType : '';
          postData.text = mime.includes('x-www-form-urlencoded')
            ? text(postData.text, (v) => redactUrl(`?${v}`).slice(1))
            : body(postData.text);
        }
        request.postData = postData;
      }
      out.request = request;
    }
    if (isRecord(entry.response)) {
      const response: Record<string, unknown> = { ...entry.response };
      response.headers = headers(response.headers);
      response.cookies = cookies(response.cookies);
      if (typeof response.redirectURL === 'string')
        response.redirectURL = text(response.redirectURL, (v) => jwts(redactUrl(v)));
      if (isRecord(response.content) && typeof response.content.text === 'string') {
        const content = { ...response.content };
        if (content.encoding !== 'base64') content.text = body(content.text as string);
        response.content = content;
      }
      out.response = response;
    }
    return out;
  });
  const log = { ...har.log, entries } as Har['log'];
  return { ok: true, har: { ...har, log }, masked };
}

/** Authorization values: JWT claims stay readable (signature masked), every other secret masked. */
function sanitizeAuthorization(value: string): string {
  const trimmed = value.trim();
  const space = trimmed.indexOf(' ');
  const rest = space < 0 ? trimmed : trimmed.slice(space + 1).trim();
  if (isJwt(rest)) {
    const scheme = space < 0 ? '' : `${trimmed.slice(0, space)} `;
    return `${scheme}${redact(rest, 'jwt-claims')}`;
  }
  return redactAuthorization(value);
}

function isJwt(value: string): boolean {
  return /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
