// "Copy as cURL" and "Copy as fetch()": every secret masked unless the user revealed it.
import type { Header } from '../core/exchange';
import {
  isSecretParamName,
  redact,
  redactAuthorization,
  redactHeaderValue,
  redactSetCookie,
} from '../core/redact';

export interface RequestLike {
  method: string;
  url: string;
  headers: readonly Header[];
  body?: string | undefined;
}

export interface CopyOptions {
  /**
   * Raw secret values the user chose to reveal (a whole Authorization value, a cookie value, a
   * key). Everything else that is secret is masked.
   */
  revealed?: ReadonlySet<string>;
}

/** Headers a copied request should not carry: HTTP/2 pseudo-headers and what the client sets. */
const SKIPPED = new Set(['content-length', 'host', 'connection', 'accept-encoding']);

/** One header value, masked unless its raw value (or, for cookies, each value) was revealed. */
export function maskHeaderValue(
  name: string,
  value: string,
  revealed: ReadonlySet<string> = new Set(),
): string {
  if (revealed.size === 0) return redactHeaderValue(name, value);
  const lower = name.toLowerCase();
  if (revealed.has(value)) return value;
  if (lower === 'cookie') {
    return value
      .split(';')
      .map((pair) => {
        const eq = pair.indexOf('=');
        const cookieName = (eq < 0 ? pair : pair.slice(0, eq)).trim();
        const cookieValue = eq < 0 ? '' : pair.slice(eq + 1).trim();
        if (eq < 0) return cookieName;
        return `${cookieName}=${revealed.has(cookieValue) ? cookieValue : redact(cookieValue, 'cookie')}`;
      })
      .filter((pair) => pair !== '')
      .join('; ');
  }
  if (lower === 'authorization' || lower === 'proxy-authorization')
    return redactAuthorization(value);
  if (lower === 'set-cookie') return value.split('\n').map(redactSetCookie).join('\n');
  return redactHeaderValue(name, value);
}

/** A URL with key-like query parameters masked unless their decoded value was revealed. */
export function maskUrl(url: string, revealed: ReadonlySet<string> = new Set()): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const pairs = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0) return pair;
    const name = decode(pair.slice(0, eq));
    const value = pair.slice(eq + 1);
    if (!isSecretParamName(name) || revealed.has(decode(value)) || value === '') return pair;
    return `${pair.slice(0, eq)}=${redact(value)}`;
  });
  return `${url.slice(0, q + 1)}${pairs.join('&')}${hash < 0 ? '' : url.slice(hash)}`;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function copiedHeaders(request: RequestLike, revealed: ReadonlySet<string>): Header[] {
  const out: Header[] = [];
  for (const header of request.headers) {
    const lower = header.name.toLowerCase();
    if (lower.startsWith(':') || SKIPPED.has(lower)) continue;
    out.push({ name: header.name, value: maskHeaderValue(header.name, header.value, revealed) });
  }
  return out;
}

/** POSIX shell single quotes: nothing inside is interpreted. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `curl ...` for the request, one option per line. */
export function toCurl(request: RequestLike, options: CopyOptions = {}): string {
  const revealed = options.revealed ?? new Set<string>();
  const lines = [`curl ${shellQuote(maskUrl(request.url, revealed))}`];
  const method = request.method.toUpperCase();
  const hasBody = request.body !== undefined && request.body !== '';
  if (method !== 'GET' || hasBody) lines.push(`-X ${shellQuote(method)}`);
  for (const header of copiedHeaders(request, revealed))
    lines.push(`-H ${shellQuote(`${header.name}: ${header.value}`)}`);
  if (hasBody) lines.push(`--data-raw ${shellQuote(request.body ?? '')}`);
  return lines.join(' \\\n  ');
}

/** `await fetch(...)` for the request (JSON string literals: nothing is interpreted). */
export function toFetch(request: RequestLike, options: CopyOptions = {}): string {
  const revealed = options.revealed ?? new Set<string>();
  const headers: Record<string, string> = {};
  for (const header of copiedHeaders(request, revealed)) {
    // Repeated headers are joined the way fetch() itself joins them.
    headers[header.name] =
      header.name in headers ? `${headers[header.name]}, ${header.value}` : header.value;
  }
  const init: Record<string, unknown> = { method: request.method.toUpperCase(), headers };
  if (request.body !== undefined && request.body !== '') init.body = request.body;
  return `await fetch(${JSON.stringify(maskUrl(request.url, revealed))}, ${JSON.stringify(init, null, 2)});`;
}
