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
} from '../redact';
import { isHar } from './import-har';
import type { Har } from './types';

export type SanitizeResult = { ok: true; har: Har; masked: number } | { ok: false; error: string };

const JWT_ANYWHERE = /\beyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+/g;
const SECRET_JSON_FIELD =
  /("(?:access_token|id_token|refresh_token|token|accessToken|idToken|refreshToken|password|passwd|secret|client_secret|api_?key|apiKey|session_?id|sessionId|code|otp)"\s*:\s*")((?:[^"\\]|\\.)*)"/gi;

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
  const jwts = (value: string) =>
    value.replace(JWT_ANYWHERE, (token) => redact(token, 'jwt-claims'));

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
  const body = (value: string): string =>
    text(value, (v) =>
      jwts(
        v.replace(SECRET_JSON_FIELD, (_all, start: string, secret: string) =>
          secret === '' ? `${start}"` : `${start}${redact(secret)}"`,
        ),
      ),
    );

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
