/**
 * The normalized exchange: one request and its response, as every source gives it to the
 * core (the background's webRequest capture, DevTools HAR entries, an imported HAR file, the
 * command line's `explain`). Everything the rules read comes from here, so the sources only
 * have to map their own shape once.
 *
 * Plain data only (no Map, no class): an exchange survives `JSON.parse(JSON.stringify(x))`.
 */

import type { TokenRequest } from './oauth/token-request';

/** One header line. Order and duplicates are kept as received. */
export interface Header {
  name: string;
  value: string;
}

/** One hop of a redirect chain that led to this request, oldest first. */
export interface RedirectHop {
  method: string;
  url: string;
  /** The redirect status the hop was answered with (301, 302, 303, 307, 308). */
  status: number;
  /** The headers the hop's request carried (secrets may be masked). */
  requestHeaders: Header[];
}

export interface ExchangeRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  headers: Header[];
  /** When the request was sent, ms since the epoch ("request time"). NaN when unknown. */
  time: number;
  /** Resource type (webRequest `type` / HAR `_resourceType`): xmlhttprequest, fetch, document, ... */
  type?: string;
  /** Who started it: the page origin or initiator URL when known. */
  initiator?: string;
  /** The redirects followed to reach this URL, oldest first; empty when none. */
  redirectChain: RedirectHop[];
  /**
   * The form body of an OAuth token request (it had `grant_type=`), read without its secrets
   * (./oauth/token-request.ts). Sources set it only for such bodies; other bodies are not kept.
   */
  tokenRequest?: TokenRequest;
  /**
   * The request body held a password field (a login form or JSON, an OAuth password grant).
   * Only that fact is kept, never the body: sign-in requests are told by it.
   */
  passwordField?: boolean;
}

export interface ExchangeResponse {
  /** HTTP status; 0 or negative when the request failed without a response (CORS, network). */
  status: number;
  statusText?: string;
  headers: Header[];
  /** Body text when known (decoded); undefined when the source did not keep it. */
  body?: string;
  /** When the response headers arrived, ms since the epoch; NaN when unknown. */
  time: number;
  /** Network error text when there was no HTTP response (e.g. `net::ERR_FAILED`). */
  error?: string;
}

/** Facts the source knows it does not have, said in the evidence instead of guessed. */
export interface ExchangeGaps {
  /**
   * Header names (lower case) the source may have removed: a sanitized HAR (Chrome's default
   * export drops Authorization, Cookie and Set-Cookie), or a capture without `extraHeaders`.
   */
  strippedHeaders?: string[];
  /** Header names (lower case) that were present but whose values were masked. */
  maskedHeaders?: string[];
  /**
   * Credentials the browser answered a challenge with by itself (its login prompt, proxy
   * settings) do not show in HAR files: retries are folded into one entry.
   */
  browserAuthInvisible?: boolean;
}

export interface Exchange {
  /** Stable id within its source (requestId, HAR index); optional. */
  id?: string;
  source?: 'capture' | 'devtools' | 'har' | 'cli' | 'test' | 'replay';
  request: ExchangeRequest;
  response: ExchangeResponse;
  gaps?: ExchangeGaps;
}

/** The first value of a header (case-insensitive name), or undefined. */
export function headerValue(headers: readonly Header[], name: string): string | undefined {
  const wanted = asciiLower(name);
  if (wanted === undefined) {
    const lower = name.toLowerCase();
    for (const header of headers) if (header.name.toLowerCase() === lower) return header.value;
    return undefined;
  }
  for (const header of headers) if (isNamedAscii(header.name, wanted)) return header.value;
  return undefined;
}

/** Every value of a header (case-insensitive name), in order. */
export function headerValues(headers: readonly Header[], name: string): string[] {
  const wanted = asciiLower(name);
  const lower = wanted ?? name.toLowerCase();
  const values: string[] = [];
  for (const header of headers)
    if (
      wanted !== undefined ? isNamedAscii(header.name, wanted) : header.name.toLowerCase() === lower
    )
      values.push(header.value);
  return values;
}

/**
 * `name` in lower case when it is ASCII, else undefined. Callers pass lower-case literals: those
 * come back as they are, without a copy.
 */
function asciiLower(name: string): string | undefined {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128) return undefined;
    if (c >= 65 && c <= 90) return isAscii(name) ? name.toLowerCase() : undefined;
  }
  return name;
}

/**
 * `name.toLowerCase() === lower` for an ASCII `lower`, without making the lower-case copy
 * (these lookups run many times per failure, over every header): the lengths first, then
 * ASCII letters folded in place. A non-ASCII character in `name` takes the exact path
 * (`toLowerCase` maps a few, such as the Kelvin sign, to ASCII letters); lower-casing changes
 * the length only through characters that stay outside ASCII, which an ASCII `lower` cannot
 * equal.
 */
export function isNamedAscii(name: string, lower: string): boolean {
  const n = lower.length;
  if (name.length !== n) return false;
  for (let i = 0; i < n; i++) {
    let c = name.charCodeAt(i);
    const w = lower.charCodeAt(i);
    if (c === w) continue;
    if (c >= 128) return name.toLowerCase() === lower;
    if (c >= 65 && c <= 90) c += 32;
    if (c !== w) return false;
  }
  return true;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 128) return false;
  return true;
}

/** Header lines from `Name: value` strings (the command line's -H / -R); bad lines are skipped. */
export function headersFromLines(lines: readonly string[]): Header[] {
  const headers: Header[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return headers;
}

/** True for 2xx and 3xx answers: the request was not refused. */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 400;
}
