/**
 * Sanitizing a HAR before it is shared. Two passes, both driven by the secret model
 * (../secrets):
 * 1. Where secrets are named, they are masked whatever they look like: Authorization,
 *    Proxy-Authorization, Cookie, Set-Cookie and key or token headers; secret query and
 *    fragment parameters (in URLs, `queryString`, `redirectURL`, Location, Referer); form
 *    fields and JSON members (`password`, `client_secret`, `refresh_token`, ...) of request
 *    and response bodies and WebSocket messages; cookie arrays.
 * 2. Every copy of every secret value collected from the whole file (`collectHarSecrets`:
 *    what was sent, what was issued, every JWT and provider key) is masked wherever it is, in
 *    each encoding it is commonly copied in (as is, URL- and form-encoded, JSON-escaped, and
 *    `base64(user:password)`): bodies (text and base64), URLs, headers of any name, WebSocket
 *    messages, page titles, comments, initiator stacks, custom fields.
 * Structure, names and everything that is not a secret are kept, JWTs keep their header and
 * claims (the signature becomes `REDACTED`), so the file still analyses to the same
 * diagnoses. Sanitizing a sanitized file changes nothing.
 */
import { decodeBase64Lenient, decodeUtf8, encodeBase64, encodeUtf8 } from '../encoding';
import { isPlaceholderToken } from '../http/credentials/placeholder';
import {
  isMaskedValue,
  redact,
  redactAuthorization,
  redactCookieHeader,
  redactSetCookie,
  redactUrl,
} from '../redact';
import {
  collectHarSecrets,
  namedSecretClass,
  type SecretValue,
  secretValues,
} from '../secrets/collect';
import { isJwt, type SecretClass, secretHeaderClass } from '../secrets/model';
import { createValueMasker, maskBodyFields, maskSecretValue } from '../secrets/value-masker';
import { isHar } from './import-har';
import type { Har } from './types';

/** What a sanitization masked: values where they were named, and copies found elsewhere. */
export interface SanitizeCounts {
  /** Every value masked, named and copies. */
  masked: number;
  /** By class of secret, named and copies together. */
  byKind: Record<SecretClass, number>;
  /** Copies masked by value (echoed in bodies, URLs, titles, ...), included in `masked`. */
  copies: number;
}

export type SanitizeResult =
  | ({ ok: true; har: Har } & SanitizeCounts)
  | { ok: false; error: string };

type AnyRecord = Record<string, unknown>;

function isRecord(value: unknown): value is AnyRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function emptyCounts(): Record<SecretClass, number> {
  return { password: 0, token: 0, key: 0, cookie: 0, signature: 0, code: 0 };
}

/** Keys whose string values are names or formats, never secrets. */
const NOT_SECRET_KEYS = new Set([
  'name',
  'mimeType',
  'encoding',
  'httpVersion',
  'method',
  'startedDateTime',
  'pageref',
]);

export interface HarSanitizer {
  /** One entry, sanitized (a copy; the input is not changed). */
  entry(entry: unknown): unknown;
  /** Any other part of the file (pages, the log's comment, custom fields), by value only. */
  other(value: unknown): unknown;
  /** What was masked so far. */
  counts(): SanitizeCounts;
}

/**
 * A sanitizer for the secrets of a file collected beforehand (`collectHarSecrets`): masks one
 * entry at a time, so a caller can stream a large file (collect in a first pass, sanitize
 * each entry in a second).
 */
export function createHarSanitizer(secrets: readonly SecretValue[]): HarSanitizer {
  const named = emptyCounts();
  const masker = createValueMasker(secrets, 'sanitize');
  const count = (kind: SecretClass) => {
    named[kind]++;
  };
  const change = (value: string, next: string, kind: SecretClass): string => {
    if (next !== value) count(kind);
    return next;
  };
  const maskNamed = (value: string, kind: SecretClass): string | undefined =>
    isMaskedValue(value) ? undefined : maskSecretValue(value, kind, 'sanitize');

  const headerValue = (name: string, value: string): string => {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'proxy-authorization')
      return change(
        value,
        sanitizeAuthorization(value),
        /^\s*basic\s/i.test(value) ? 'password' : 'token',
      );
    if (lower === 'cookie') return change(value, redactCookieHeader(value), 'cookie');
    if (lower === 'set-cookie')
      return change(value, value.split('\n').map(redactSetCookie).join('\n'), 'cookie');
    if (
      lower === 'location' ||
      lower === 'referer' ||
      lower === 'content-location' ||
      lower === 'refresh'
    )
      return redactUrl(value, undefined, count);
    const kind = secretHeaderClass(lower);
    if (kind !== undefined) {
      const trimmed = value.trim();
      if (/^[A-Za-z][\w-]*\s+\S/.test(trimmed))
        return change(value, sanitizeAuthorization(value), kind);
      return change(value, isJwt(trimmed) ? redact(trimmed, 'jwt-claims') : redact(value), kind);
    }
    return value;
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
            ? { ...item, value: change(item.value, redact(item.value, 'cookie'), 'cookie') }
            : item,
        )
      : list;
  const params = (list: unknown, inBody: boolean): unknown =>
    Array.isArray(list)
      ? list.map((item: unknown) => {
          if (!isRecord(item) || typeof item.name !== 'string' || typeof item.value !== 'string')
            return item;
          const kind =
            item.value === '' ? undefined : namedSecretClass(item.name, item.value, inBody);
          const next = kind === undefined ? undefined : maskNamed(item.value, kind);
          return next === undefined || kind === undefined
            ? item
            : { ...item, value: change(item.value, next, kind) };
        })
      : list;
  const body = (text: string, mimeType: string): string =>
    maskBodyFields(text, mimeType, maskNamed, count);
  const url = (value: string): string => redactUrl(value, undefined, count);

  /** Every string under `value` masked by value (copy on write; names kept). */
  const byValue = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'string') return masker.mask(value);
    if (depth > 64 || typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const next = byValue(value[i], depth + 1);
        if (next !== value[i]) {
          out ??= value.slice();
          out[i] = next;
        }
      }
      return out ?? value;
    }
    let out: AnyRecord | undefined;
    const record = value as AnyRecord;
    for (const key of Object.keys(record)) {
      if (NOT_SECRET_KEYS.has(key)) continue;
      if (key === 'content' && isRecord(record.content) && record.content.encoding === 'base64') {
        const next = base64Content(record.content);
        if (next !== record.content) {
          out ??= { ...record };
          out.content = next;
        }
        continue;
      }
      const next = byValue(record[key], depth + 1);
      if (next !== record[key]) {
        out ??= { ...record };
        out[key] = next;
      }
    }
    return out ?? value;
  };

  /** Base64 content: decoded, masked (named fields, then by value), encoded again. */
  const base64Content = (content: AnyRecord): AnyRecord => {
    const encoded = content.text;
    if (typeof encoded !== 'string') return content;
    const bytes = decodeBase64Lenient(encoded.replace(/\s+/g, ''));
    if (!bytes) return content;
    const text = decodeUtf8(bytes);
    const mime = typeof content.mimeType === 'string' ? content.mimeType : '';
    if (text !== undefined) {
      const next = masker.mask(body(text, mime));
      return next === text ? content : { ...content, text: encodeBase64(encodeUtf8(next)) };
    }
    // Binary: each byte one character; masks (non-Latin-1) go back as UTF-8.
    let latin = '';
    for (let i = 0; i < bytes.length; i++) latin += String.fromCharCode(bytes[i] as number);
    const next = masker.mask(latin);
    if (next === latin) return content;
    const out: number[] = [];
    for (let i = 0; i < next.length; i++) {
      const c = next.charCodeAt(i);
      if (c < 256) out.push(c);
      else for (const b of encodeUtf8(next[i] as string)) out.push(b);
    }
    return { ...content, text: encodeBase64(Uint8Array.from(out)) };
  };

  return {
    entry(entry) {
      if (!isRecord(entry)) return entry;
      const out: AnyRecord = { ...entry };
      if (isRecord(entry.request)) {
        const request: AnyRecord = { ...entry.request };
        if (typeof request.url === 'string') request.url = url(request.url);
        request.headers = headers(request.headers);
        request.cookies = cookies(request.cookies);
        request.queryString = params(request.queryString, false);
        if (isRecord(request.postData)) {
          const postData: AnyRecord = { ...request.postData };
          postData.params = params(postData.params, true);
          if (typeof postData.text === 'string')
            postData.text = body(
              postData.text,
              typeof postData.mimeType === 'string' ? postData.mimeType : '',
            );
          request.postData = postData;
        }
        out.request = request;
      }
      if (isRecord(entry.response)) {
        const response: AnyRecord = { ...entry.response };
        response.headers = headers(response.headers);
        response.cookies = cookies(response.cookies);
        if (typeof response.redirectURL === 'string')
          response.redirectURL = url(response.redirectURL);
        if (isRecord(response.content) && typeof response.content.text === 'string') {
          const content = { ...response.content };
          const mime = typeof content.mimeType === 'string' ? content.mimeType : '';
          if (content.encoding !== 'base64') content.text = body(content.text as string, mime);
          response.content = content;
        }
        out.response = response;
      }
      if (Array.isArray(entry._webSocketMessages))
        out._webSocketMessages = entry._webSocketMessages.map((message: unknown) =>
          isRecord(message) && typeof message.data === 'string'
            ? { ...message, data: body(message.data, '') }
            : message,
        );
      return byValue(out);
    },
    other(value) {
      return byValue(value);
    },
    counts() {
      const byKind = emptyCounts();
      let namedTotal = 0;
      let copies = 0;
      for (const kind of Object.keys(byKind) as SecretClass[]) {
        byKind[kind] = named[kind] + masker.counts[kind];
        namedTotal += named[kind];
        copies += masker.counts[kind];
      }
      return { masked: namedTotal + copies, byKind, copies };
    },
  };
}

/**
 * A copy of `har` with every secret masked (the input is not changed). Never throws; input that
 * is not a HAR gives `{ ok: false, error }`. `masked` counts the values changed, `byKind` by
 * class of secret, `copies` those found by value outside the places that name them.
 */
export function sanitizeHar(har: unknown): SanitizeResult {
  if (!isHar(har))
    return { ok: false, error: 'Not a HAR: "log.entries" is missing or not an array.' };
  const sanitizer = createHarSanitizer(secretValues(collectHarSecrets(har)));
  const entries = har.log.entries.map((entry: unknown) => sanitizer.entry(entry));
  const log: AnyRecord = {};
  for (const key of Object.keys(har.log))
    log[key] =
      key === 'entries' ? entries : sanitizer.other((har.log as unknown as AnyRecord)[key]);
  const top: AnyRecord = {};
  for (const key of Object.keys(har))
    top[key] = key === 'log' ? log : sanitizer.other((har as unknown as AnyRecord)[key]);
  return { ok: true, har: top as unknown as Har, ...sanitizer.counts() };
}

/**
 * Authorization values: JWT claims stay readable (signature masked), every other secret masked;
 * scheme words, commas and quotes kept as sent (`redactAuthorization`).
 */
function sanitizeAuthorization(value: string): string {
  const trimmed = value.trim();
  const space = trimmed.indexOf(' ');
  const rest = space < 0 ? trimmed : trimmed.slice(space + 1).trim();
  // A placeholder (`Bearer undefined`) is no secret, and it is what the diagnosis is about.
  if (isPlaceholderToken(rest)) return value;
  return redactAuthorization(value, sanitizeToken);
}

/** One token of an Authorization value: a JWT keeps its claims, any other token is masked. */
function sanitizeToken(token: string): string {
  return isJwt(token) ? redact(token, 'jwt-claims') : redact(token);
}

/** A place in a HAR that still holds a secret: a path (`log.entries[2].request.url`). */
export interface SecretPlace {
  path: string;
  /** The header, cookie or parameter name there, when the place is one. */
  name?: string;
}

export type CheckResult =
  | ({ ok: true; places: SecretPlace[] } & SanitizeCounts)
  | { ok: false; error: string };

/**
 * Where `har` still holds secret-looking values, without changing it: the places that
 * `sanitizeHar` would change (a secret where it is named, a copy of one elsewhere, a JWT with
 * its signature, a provider key), and how many values by class. A file `sanitizeHar` wrote
 * gives no place. Never throws.
 */
export function checkHar(har: unknown): CheckResult {
  const sanitized = sanitizeHar(har);
  if (!sanitized.ok) return sanitized;
  const places: SecretPlace[] = [];
  addChangedPlaces(har, sanitized.har, '', 0, places);
  for (const place of places) place.path = place.path.replace(/^\./, '');
  const { masked, byKind, copies } = sanitized;
  return { ok: true, places, masked, byKind, copies };
}

/**
 * The places where `after` (sanitized) differs from `before`, added to `places` in key order:
 * `path` is where `before` is (`.log.entries[2]`, with the leading dot), `depth` its depth in
 * the document (nothing deeper than 64 is compared, as `sanitizeHar` masks nothing deeper).
 */
export function addChangedPlaces(
  before: unknown,
  after: unknown,
  path: string,
  depth: number,
  places: SecretPlace[],
): void {
  if (before === after || depth > 64) return;
  if (typeof before === 'string' || typeof after === 'string') {
    places.push({ path });
    return;
  }
  if (typeof before !== 'object' || before === null || typeof after !== 'object' || after === null)
    return;
  if (Array.isArray(before)) {
    const list = after as unknown[];
    for (let i = 0; i < before.length; i++)
      addChangedPlaces(before[i], list[i], `${path}[${i}]`, depth + 1, places);
    return;
  }
  const record = before as AnyRecord;
  const other = after as AnyRecord;
  const start = places.length;
  for (const key of Object.keys(record))
    addChangedPlaces(record[key], other[key], `${path}.${key}`, depth + 1, places);
  // `headers[2].value` is said as the header it is.
  nameThePlaces(record, places, start);
}

/** Places from `start` on without a name take the record's `name`, when it has one. */
export function nameThePlaces(record: AnyRecord, places: SecretPlace[], start: number): void {
  if (typeof record.name === 'string')
    for (let i = start; i < places.length; i++) (places[i] as SecretPlace).name ??= record.name;
}
