/**
 * HAR 1.2 import: Chrome/Edge DevTools, Firefox DevTools and Playwright `recordHar` files to
 * normalized exchanges. HAR files are user input: every value is type-checked, broken entries
 * are skipped with a warning, nothing throws, and the work is linear in the number of headers.
 */
import { decodeBase64Lenient, decodeLatin1, decodeUtf8 } from '../encoding';
import type { Exchange, ExchangeGaps, Header, RedirectHop } from '../exchange';
import { readTokenRequest, readTokenRequestBody } from '../oauth/token-request';
import { isMaskedValue } from '../redact';
import { createSanitizedExportCheck, type SanitizedExport } from '../sanitized-export';
import { hasPasswordField } from '../sign-in';
import { resolveUrl } from '../url-parts';
import type { Har } from './types';

export interface HarImport {
  /** Exchanges in `log.entries` order; `id` is the entry's index there. */
  exchanges: Exchange[];
  /** How many entries `log.entries` has (broken ones included). */
  entryCount: number;
  creator: string;
  /** Things worth telling the reader: skipped entries, stripped secrets. */
  warnings: string[];
  /**
   * True when no entry carries an Authorization, Cookie or Set-Cookie header while the
   * responses show cookie-based sessions or challenges: a browser export that removed them
   * (Chrome exports "sanitized" HARs by default). See `createSanitizedExportCheck`.
   */
  secretsStripped: boolean;
}

export type HarImportResult = { ok: true; value: HarImport } | { ok: false; error: string };

const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];

/** How much of a failed request's body is kept (enough for a sign-in form). */
const REQUEST_BODY_LIMIT = 8192;

/** The redirect chain of the many entries that followed none. Shared, never mutated. */
const NO_REDIRECTS = Object.freeze([]) as unknown as RedirectHop[];

/** What no HAR shows: credentials the browser answered a challenge with by itself. Shared, never mutated. */
const HAR_GAPS: ExchangeGaps = Object.freeze({ browserAuthInvisible: true });

/**
 * Reads a HAR file's text (or an already parsed object). Never throws: unreadable input gives
 * `{ ok: false, error }` with a sentence a person can act on.
 */
export function importHar(input: string | unknown): HarImportResult {
  let data: unknown = input;
  if (typeof input === 'string') {
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    if (text.trim() === '') return { ok: false, error: 'The file is empty.' };
    try {
      data = JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: `The file is not valid JSON (${message.slice(0, 200)}).` };
    }
  }
  if (!isObject(data) || !isObject(data.log))
    return { ok: false, error: 'The file is JSON but not a HAR: it has no "log" object.' };
  const log = data.log;
  if (!Array.isArray(log.entries))
    return { ok: false, error: 'The file is not a HAR: "log.entries" is missing or not an array.' };

  const creator = isObject(log.creator) ? str(log.creator.name) : '';
  const reader = createHarEntryReader();
  const exchanges: Exchange[] = [];
  const entries = log.entries as unknown[];
  for (let index = 0; index < entries.length; index++) {
    const exchange = reader.add(entries[index], index);
    if (exchange) exchanges.push(exchange);
  }
  const { warnings, secretsStripped } = reader.finish(creator);
  if (secretsStripped) for (const exchange of exchanges) markStripped(exchange);
  return {
    ok: true,
    value: { exchanges, entryCount: entries.length, creator, warnings, secretsStripped },
  };
}

/**
 * Reads entries one at a time, in file order (what `importHar` does for a parsed file, and
 * the streaming analysis for a file read in chunks): each entry becomes an exchange with the
 * redirect chain that led to it. Memory stays bounded: only redirect targets not yet reached
 * are remembered (at most 1 024).
 */
export interface HarEntryReader {
  /** The entry at `index` as an exchange; undefined (counted as skipped) when it is broken. */
  add(entry: unknown, index: number): Exchange | undefined;
  /** Whether an entry read so far carried an Authorization, Cookie or Set-Cookie header. */
  readonly sawSecretHeader: boolean;
  /**
   * The file-level remarks, once every entry has been added. `secretsStripped`: mark every
   * exchange with `markStripped` (the caller holds them).
   */
  finish(creator: string): { warnings: string[]; secretsStripped: boolean };
}

const MAX_PENDING_REDIRECTS = 1024;

export function createHarEntryReader(): HarEntryReader {
  // Redirect targets waiting for the entry that follows them: resolved URL -> chain so far.
  const pending = new Map<string, RedirectHop[]>();
  const sanitized = createSanitizedExportCheck();
  let skipped = 0;
  return {
    get sawSecretHeader() {
      return sanitized.sawSecretHeader;
    },
    add(entry, index) {
      const result = readEntry(entry, index);
      if (!result) {
        skipped++;
        return undefined;
      }
      const { exchange, carriesSecretHeader } = result;
      sanitized.add(exchange, carriesSecretHeader);
      const { url, method } = exchange.request;
      const chain = pending.size > 0 ? (pending.get(url) ?? NO_REDIRECTS) : NO_REDIRECTS;
      if (chain.length > 0) {
        pending.delete(url);
        exchange.request.redirectChain = chain;
      }
      // Each redirect hop is its own entry; the entry for the target follows it.
      const status = exchange.response.status;
      if (status >= 300 && status < 400) {
        const target = result.redirectUrl || headerOf(exchange.response.headers, 'location');
        if (target) {
          const hop: RedirectHop = {
            method,
            url,
            status,
            requestHeaders: exchange.request.headers,
          };
          pending.set(resolveUrl(target, url), [...chain, hop]);
          if (pending.size > MAX_PENDING_REDIRECTS)
            pending.delete(pending.keys().next().value as string);
        }
      }
      return exchange;
    },
    finish(creator) {
      const warnings: string[] = [];
      if (skipped > 0)
        warnings.push(`${skipped} entries without a request or response were skipped.`);
      const verdict = sanitized.verdict(creator);
      if (!verdict) return { warnings, secretsStripped: false };
      warnings.push(strippedWarning(verdict));
      return { warnings, secretsStripped: true };
    },
  };
}

/** The file-level remark for a sanitized export: what it hid, and why the traffic had it. */
function strippedWarning(verdict: SanitizedExport): string {
  return `No entry carries an ${verdict.hidden.join(', ').replace(/, ([^,]*)$/, ' or $1')} header while the traffic shows cookie-based sessions or challenges (${verdict.signs.join('; ')}): the file was likely exported without them (Chrome exports "sanitized" HAR files by default), so credentials that were sent cannot be seen.`;
}

/** Marks an exchange of a file whose secret headers were stripped (see `HarEntryReader`). */
export function markStripped(exchange: Exchange): void {
  exchange.gaps = { ...exchange.gaps, strippedHeaders: [...SECRET_HEADERS] };
}

/**
 * One HAR entry (from a file, or from DevTools' `network.onRequestFinished`) as an exchange;
 * undefined when it has no request or response object. `index` becomes the exchange's id.
 * The redirect chain is left empty: linking hops needs the entries around it (`importHar`).
 */
export function exchangeFromHarEntry(entry: unknown, index = 0): Exchange | undefined {
  const exchange = readEntry(entry, index)?.exchange;
  if (exchange) exchange.request.redirectChain = [];
  return exchange;
}

function readEntry(
  entry: unknown,
  index: number,
): { exchange: Exchange; carriesSecretHeader: boolean; redirectUrl: string } | undefined {
  if (!isObject(entry) || !isObject(entry.request) || !isObject(entry.response)) return undefined;
  const request = entry.request;
  const response = entry.response;
  const url = str(request.url);
  const method = str(request.method).toUpperCase() || 'GET';
  let requestHeaders = toHeaders(request.headers);
  const responseHeaders = toHeaders(response.headers);
  let masked: string[] | undefined;
  let carriesSecretHeader = false;
  const status = Math.trunc(num(response.status));
  // Masking only matters for the entries that get diagnosed; successes skip the scan.
  const checkMasks = !(status >= 200 && status < 400);
  let hasCookieHeader = false;
  for (const header of requestHeaders) {
    // authorization (13), proxy-authorization (19), cookie (6): skip other lengths unread.
    const length = header.name.length;
    if (length !== 13 && length !== 19 && length !== 6) continue;
    const lower = header.name.toLowerCase();
    if (SECRET_HEADERS.includes(lower)) {
      carriesSecretHeader = true;
      if (lower === 'cookie') hasCookieHeader = true;
      if (checkMasks && isMaskedValue(header.value) && !masked?.includes(lower)) {
        masked ??= [];
        masked.push(lower);
      }
    }
  }
  if (!carriesSecretHeader)
    for (const header of responseHeaders)
      if (header.name.length === 10 && header.name.toLowerCase() === 'set-cookie')
        carriesSecretHeader = true;
  // Chrome and Playwright keep cookies in `request.cookies` even when the header is missing.
  if (!hasCookieHeader && Array.isArray(request.cookies) && request.cookies.length > 0) {
    const pairs = toHeaders(request.cookies);
    if (pairs.length > 0) {
      carriesSecretHeader = true;
      requestHeaders = [...requestHeaders];
      requestHeaders.push({
        name: 'Cookie',
        value: pairs.map((pair) => `${pair.name}=${pair.value}`).join('; '),
      });
    }
  }

  const started = Date.parse(str(request.startedDateTime) || str(entry.startedDateTime));
  const total = num(entry.time);
  const exchange: Exchange = {
    id: String(index),
    source: 'har',
    request: {
      method,
      url,
      headers: requestHeaders,
      time: started,
      redirectChain: NO_REDIRECTS,
    },
    response: {
      status,
      headers: responseHeaders,
      time: Number.isFinite(started) && Number.isFinite(total) ? started + total : Number.NaN,
    },
  };
  const statusText = str(response.statusText);
  if (statusText) exchange.response.statusText = statusText;
  const type = str(entry._resourceType);
  if (type) exchange.request.type = type;
  const initiator = isObject(entry._initiator) ? str(entry._initiator.url) : '';
  if (initiator) exchange.request.initiator = initiator;
  const tokenRequest = method === 'POST' ? tokenRequestOf(request.postData) : undefined;
  if (tokenRequest) exchange.request.tokenRequest = tokenRequest;
  // Sign-in requests are told by a password field in their body; only that fact is kept.
  if (
    checkMasks &&
    isObject(request.postData) &&
    typeof request.postData.text === 'string' &&
    hasPasswordField(request.postData.text.slice(0, REQUEST_BODY_LIMIT))
  )
    exchange.request.passwordField = true;
  const body = bodyText(response.content);
  if (body !== undefined) exchange.response.body = body;
  const error = str(response._error);
  if (error) exchange.response.error = error;
  exchange.gaps = masked ? { browserAuthInvisible: true, maskedHeaders: masked } : HAR_GAPS;
  return { exchange, carriesSecretHeader, redirectUrl: str(response.redirectURL) };
}

/** The HAR's `log.entries` array when `data` looks like a HAR. For tools that rewrite it. */
export function isHar(data: unknown): data is Har {
  return isObject(data) && isObject(data.log) && Array.isArray(data.log.entries);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
}

/**
 * The header list as `Header[]`. Well-formed lists (every item `{name: string, value: string}`,
 * the usual case) are used as they are, without copying: big HARs hold millions of headers.
 */
function toHeaders(value: unknown): Header[] {
  if (!Array.isArray(value)) return [];
  const list = value as unknown[];
  let wellFormed = true;
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as { name?: unknown; value?: unknown } | null;
    if (
      typeof item !== 'object' ||
      item === null ||
      typeof item.name !== 'string' ||
      item.name === '' ||
      typeof item.value !== 'string'
    ) {
      wellFormed = false;
      break;
    }
  }
  if (wellFormed) return list as Header[];
  const headers: Header[] = [];
  for (const item of list) {
    if (!isObject(item)) continue;
    const name = str(item.name);
    if (name === '') continue;
    headers.push({ name, value: str(item.value) });
  }
  return headers;
}

function headerOf(headers: readonly Header[], name: string): string {
  for (const header of headers) if (header.name.toLowerCase() === name) return header.value;
  return '';
}

/**
 * The token request a form body holds: HAR `postData.text` (decoded here), else its `params`
 * (exporters differ on whether those are still form-encoded, so the text comes first).
 */
function tokenRequestOf(postData: unknown) {
  if (!isObject(postData)) return undefined;
  if (typeof postData.text === 'string' && postData.text !== '')
    return readTokenRequestBody(postData.text);
  if (!Array.isArray(postData.params)) return undefined;
  const pairs: Array<[string, string]> = [];
  for (const item of postData.params)
    if (isObject(item)) pairs.push([str(item.name), str(item.value)]);
  return readTokenRequest(pairs);
}

/** Text bodies only; base64 bodies are decoded when they are small and plain ASCII/UTF-8. */
function bodyText(content: unknown): string | undefined {
  if (!isObject(content) || typeof content.text !== 'string') return undefined;
  if (content.encoding !== 'base64') return content.text;
  if (content.text.length > 1 << 20) return undefined;
  return decodeBase64Text(content.text);
}

/** Base64 to text: UTF-8 when valid, else Latin-1; undefined when it is not base64. */
function decodeBase64Text(text: string): string | undefined {
  const bytes = decodeBase64Lenient(text.replace(/\s+/g, ''));
  if (!bytes) return undefined;
  return decodeUtf8(bytes) ?? decodeLatin1(bytes);
}
