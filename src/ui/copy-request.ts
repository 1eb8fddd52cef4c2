// "Copy as cURL" and "Copy as fetch()": every secret masked unless the user revealed it.
import type { Header } from '../core/exchange';
import {
  redact,
  redactAuthorization,
  redactHeaderValue,
  redactSetCookie,
  redactUrl,
} from '../core/redact';
import {
  addBodySecrets,
  addHeaderSecrets,
  addUrlSecrets,
  createSecretSet,
  secretValues,
} from '../core/secrets/collect';
import { createValueMasker, maskBodyFields, maskSecretValue } from '../core/secrets/value-masker';

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

/** A URL with its secret parameters masked unless their decoded value was revealed. */
export function maskUrl(url: string, revealed: ReadonlySet<string> = new Set()): string {
  return redactUrl(url, revealed);
}

/**
 * A request body with its secrets masked unless revealed: secret form fields and JSON members
 * by name, then every copy of the request's secrets (its headers, URL and body) by value.
 */
export function maskBody(request: RequestLike, revealed: ReadonlySet<string> = new Set()): string {
  const body = request.body ?? '';
  if (body === '') return body;
  let mimeType = '';
  const set = createSecretSet();
  for (const header of request.headers) {
    if (header.name.toLowerCase() === 'content-type') mimeType = header.value;
    addHeaderSecrets(header.name, header.value, set);
  }
  addUrlSecrets(request.url, set);
  addBodySecrets(body, mimeType, set);
  const named = maskBodyFields(body, mimeType, (value, kind) =>
    revealed.has(value) ? undefined : maskSecretValue(value, kind),
  );
  const secrets = secretValues(set).filter((secret) => !revealed.has(secret.value));
  return createValueMasker(secrets).mask(named);
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
  if (hasBody) lines.push(`--data-raw ${shellQuote(maskBody(request, revealed))}`);
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
  if (request.body !== undefined && request.body !== '') init.body = maskBody(request, revealed);
  return `await fetch(${JSON.stringify(maskUrl(request.url, revealed))}, ${JSON.stringify(init, null, 2)});`;
}
