/**
 * What the server said, read from a failed response: the messages of a JSON body (`error`,
 * `message`, `errors[].message`, `error_description`, `detail`, `title`, ... and a top-level
 * array of error objects), an HTML page's `<title>` and headings, or plain text; and the vendor
 * headers that carry an error (`x-ms-error-code`, `x-amzn-ErrorType`, `x-<vendor>-error-message`,
 * the challenge's `error_description`).
 *
 * Bodies are data: read as text from a bounded prefix, never executed, never rendered. Every
 * step is linear in that prefix (JSON.parse, indexOf scans, regexes without nested
 * quantifiers); a body that does not parse is read as text.
 */
import { BoundedMemo } from './bounded-memo';
import type { Header } from './exchange';
import type { ProviderMessage, ProviderRow, SaidDiagnosis } from './providers';
import { registerRememberedValues } from './remembered-values';

/** How much of a body is read. */
export const BODY_READ_LIMIT = 65536;
/** How much of the raw body provider patterns look at (JSON shapes, codes). */
export const RAW_PREFIX = 4096;
/** At most this many messages, each at most this long. */
const MAX_MESSAGES = 8;
const MAX_MESSAGE = 300;

export interface ServerWords {
  /** Messages from the body, most telling first, whitespace collapsed, each cut. */
  messages: string[];
  /** `name: value` of the vendor headers that carry an error. */
  headers: string[];
  /** The first RAW_PREFIX characters of the body, for shape patterns. */
  raw: string;
  /** The body parsed as a JSON object or array, when it is one. */
  json?: unknown;
}

/** Keys whose string values are messages, in the order they are most telling. */
const MESSAGE_KEYS = [
  'error_description',
  'message',
  'detail',
  'errorSummary',
  'error',
  'title',
  'msg',
  'reason',
  'errorMessage',
  'errorMessages',
  'errorCode',
  'code',
  'category',
  'id',
];

/** Vendor headers that carry an error code or message. */
function isErrorHeader(lower: string): boolean {
  return (
    lower === 'x-ms-error-code' ||
    lower === 'x-amzn-errortype' ||
    lower === 'x-seraph-loginreason' ||
    lower === 'x-ausername' ||
    lower === 'x-authentication-denied-reason' ||
    lower === 'www-authenticate' ||
    lower === 'proxy-authenticate' ||
    (lower.startsWith('x-') &&
      (lower.endsWith('-error') ||
        lower.endsWith('-error-message') ||
        lower.endsWith('-error-code') ||
        lower.endsWith('-errortype') ||
        lower.endsWith('-error-type') ||
        lower.endsWith('-error-reason') ||
        lower.endsWith('-reason')))
  );
}

/** Reads a response body and its headers. Never throws. */
export function readServerWords(
  body: string | undefined,
  headers: readonly Header[],
  contentType = '',
): ServerWords {
  const read = readBodyWords(body, contentType);
  const words: ServerWords = { messages: read.messages, headers: [], raw: read.raw };
  if (read.json !== undefined) words.json = read.json;
  readHeaderWords(headers, words.headers);
  return words;
}

/** What `readBodyWords` gives. */
export type BodyWords = Omit<ServerWords, 'headers'>;

/**
 * The body's half of `readServerWords`: what it gives but `headers`. Never throws. Failures of
 * a retry loop carry the same body: a body up to `MAX_KEPT_BODY` characters is read once (per
 * html or other content type) and the same frozen result handed out again; its messages list
 * then also keys `matchServerWords`' memo by identity instead of by its text.
 */
export function readBodyWords(body: string | undefined, contentType = ''): BodyWords {
  const text = (body ?? '').slice(0, BODY_READ_LIMIT);
  if (text.length > MAX_KEPT_BODY) return readBody(text, contentType);
  const html = contentType !== '' && contentType.toLowerCase().includes('html');
  const kept = (html ? HTML_BODIES : BODIES).get(text);
  if (kept !== undefined) return kept;
  const words = readBody(text, contentType);
  Object.freeze(words.messages);
  if (typeof words.json === 'object' && words.json !== null) Object.freeze(words.json);
  Object.freeze(words);
  BODY_IDS.set(words.messages, { key: `#${nextBodyId++};`, raw: words.raw });
  keep(html ? HTML_BODIES : BODIES, text, words);
  return words;
}

/** Bodies read (see `readBodyWords`), by text; the html ones apart (their reading differs). */
const BODIES = new Map<string, BodyWords>();
const HTML_BODIES = new Map<string, BodyWords>();
registerRememberedValues({
  forget: () => {
    BODIES.clear();
    HTML_BODIES.clear();
  },
  size: () => BODIES.size + HTML_BODIES.size,
});
/** At most this many bodies of at most this many characters are kept (1 MB at most each map). */
const MAX_BODIES = 64;
const MAX_KEPT_BODY = 8192;
/**
 * A kept body's messages list -> a key part unique to that body read, its raw text, and what
 * its messages and raw text say to the patterns of the provider table last asked about.
 */
const BODY_IDS = new WeakMap<readonly string[], KeptBody>();

interface KeptBody {
  key: string;
  raw: string;
  knowledge?: ProviderKnowledge;
  matches?: BodyMatches;
}
let nextBodyId = 0;

function keep<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_BODIES) {
    const oldest = map.keys().next();
    if (oldest.done !== true) map.delete(oldest.value);
  }
  map.set(key, value);
}

function readBody(text: string, contentType: string): BodyWords {
  const words: BodyWords = { messages: [], raw: text.slice(0, RAW_PREFIX) };
  const start = text.trimStart();
  if (start === '') return words;
  const first = start.charAt(0);
  if (first === '{' || first === '[') {
    const json = parseJson(start);
    if (json !== undefined) {
      words.json = json;
      collectMessages(json, words.messages);
      return words;
    }
  }
  const type = contentType.toLowerCase();
  if (type.includes('html') || first === '<') {
    if (/^<\?xml|^<[A-Za-z]+[^>]*>\s*<Code>|<Error>|<error[\s>]/.test(start.slice(0, 200))) {
      xmlMessages(start, words.messages);
      return words;
    }
    htmlMessages(start, words.messages);
    return words;
  }
  const plain = collapse(start.slice(0, MAX_MESSAGE * 2));
  if (plain) words.messages.push(cut(plain));
  return words;
}

/** The headers' half of `readServerWords`: the vendor error header lines, added to `out`. */
export function readHeaderWords(headers: readonly Header[], out: string[]): string[] {
  for (const header of headers) {
    if (out.length >= MAX_MESSAGES) break;
    // Every error header's name starts with x, w(ww-authenticate) or p(roxy-authenticate):
    // other names are not lower-cased at all.
    const first = header.name.charCodeAt(0) | 0x20;
    if (first !== 0x78 && first !== 0x77 && first !== 0x70) continue;
    const lower = header.name.toLowerCase();
    if (isErrorHeader(lower) && header.value.trim() !== '')
      out.push(`${header.name}: ${cut(header.value)}`);
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Truncated, broken, or nested past the engine's limit: read as text by the caller.
    return undefined;
  }
}

/** Messages of a JSON value, breadth-first, bounded in count and depth. */
function collectMessages(json: unknown, out: string[]): void {
  const queue: Array<{ value: unknown; depth: number }> = [{ value: json, depth: 0 }];
  let visited = 0;
  while (queue.length > 0 && out.length < MAX_MESSAGES && visited < 200) {
    const { value, depth } = queue.shift() as { value: unknown; depth: number };
    visited++;
    if (typeof value === 'string') {
      pushMessage(out, value);
      continue;
    }
    if (typeof value !== 'object' || value === null || depth > 4) continue;
    if (Array.isArray(value)) {
      for (const item of value.slice(0, 5)) queue.push({ value: item, depth: depth + 1 });
      continue;
    }
    const record = value as Record<string, unknown>;
    for (const key of MESSAGE_KEYS) {
      const field = record[key];
      if (typeof field === 'string') pushMessage(out, field);
      else if (typeof field === 'number' && (key === 'code' || key === 'errorCode'))
        pushMessage(out, `code ${field}`);
      else if (typeof field === 'boolean' && field) pushMessage(out, key);
    }
    for (const key of ['error', 'errors', 'errorMessages', 'fault', 'detail', 'details']) {
      const field = record[key];
      if (typeof field === 'object' && field !== null)
        queue.push({ value: field, depth: depth + 1 });
    }
    // Flags such as Vercel's `invalidToken: true` say as much as a message.
    for (const key of Object.keys(record).slice(0, 40))
      if (record[key] === true && /token|auth|credential|expired|invalid/i.test(key))
        pushMessage(out, key);
  }
}

function pushMessage(out: string[], value: string): void {
  const text = collapse(value);
  if (text === '' || out.length >= MAX_MESSAGES || out.includes(text)) return;
  out.push(cut(text));
}

/** `<title>`, then `<h1>`..`<h3>`: found with indexOf, tags stripped by a single pass. */
function htmlMessages(html: string, out: string[]): void {
  const lower = html.toLowerCase();
  for (const tag of ['title', 'h1', 'h2', 'h3']) {
    let from = 0;
    for (let n = 0; n < 2 && out.length < MAX_MESSAGES; n++) {
      const open = lower.indexOf(`<${tag}`, from);
      if (open < 0) break;
      const gt = lower.indexOf('>', open);
      if (gt < 0) break;
      const close = lower.indexOf(`</${tag}`, gt);
      const inner = html.slice(
        gt + 1,
        close < 0 ? gt + 1 + MAX_MESSAGE : Math.min(close, gt + 1 + 2000),
      );
      pushMessage(out, stripTags(inner));
      from = close < 0 ? gt + 1 : close + tag.length + 2;
    }
  }
  if (out.length === 0) {
    // No title or heading: the visible text, scripts and styles left out.
    const visible = html
      .slice(0, 8192)
      .replace(/<(script|style)\b[^>]*>[^<]*(?:<(?!\/\1)[^<]*)*<\/\1\s*>/gi, ' ');
    pushMessage(out, stripTags(visible).slice(0, MAX_MESSAGE));
  }
}

/** XML error documents (AWS, Azure Storage): `<Code>`, `<Message>`, `<message>`. */
function xmlMessages(xml: string, out: string[]): void {
  for (const tag of ['Code', 'Message', 'message', 'AuthenticationErrorDetail', 'Type']) {
    const open = xml.indexOf(`<${tag}>`);
    if (open < 0) continue;
    const close = xml.indexOf(`</${tag}>`, open);
    const inner = xml.slice(
      open + tag.length + 2,
      close < 0 ? open + tag.length + 2 + MAX_MESSAGE : close,
    );
    pushMessage(out, inner);
  }
  if (out.length === 0) pushMessage(out, stripTags(xml.slice(0, 2000)));
}

function stripTags(text: string): string {
  let out = '';
  let inTag = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '<') inTag = true;
    else if (c === '>') {
      inTag = false;
      out += ' ';
    } else if (!inTag) out += c;
  }
  return collapse(out);
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function cut(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 3)}...` : text;
}

/** Verdicts that say a credential reached the server and was refused (so one was sent). */
export const REFUSAL_VERDICTS: ReadonlySet<SaidDiagnosis> = new Set<SaidDiagnosis>([
  'invalid-token',
  'credentials-rejected',
  'login-rejected',
  'api-token-required',
  'api-key-rejected',
  'basic-rejected',
  'aws-signature-error',
  'jwt-audience-mismatch',
]);

/**
 * The provider table and the generic phrases (./providers.ts). Passed in, not imported: the
 * background, which sees no bodies, loads only their header half (./provider-headers.ts).
 */
export interface ProviderKnowledge {
  providers: readonly ProviderRow[];
  phrases: readonly ProviderMessage[];
}

/** What the server's words point to, with the words and who said them. */
export interface ServerVerdict {
  diagnosis: SaidDiagnosis;
  /** The message or header line that matched, cut to 200 characters (not yet masked). */
  quote: string;
  /** The provider or framework recognised, when one was. */
  provider?: {
    id: string;
    name: string;
    source: string;
    /** What the provider documents that this refusal often means (the row's `note`). */
    note?: string;
  };
}

/**
 * The providers an exchange points to (host, headers, body shape), then the first of their
 * messages that matches, then the generic phrases. `host` is lower case.
 */
export function matchServerWords(
  words: ServerWords,
  host: string,
  responseHeaderNames: ReadonlySet<string>,
  knowledge: ProviderKnowledge,
): ServerVerdict | undefined {
  const table = knowledge.providers;
  const byHost = hostRowsOf(table, host);
  // The same words from the same kind of host give the same verdict: a retry loop's failures
  // are read once. The key is everything the verdict depends on (the rows the host name
  // recognises, the response's header names, the messages, vendor header lines and raw body).
  let memo = VERDICTS.get(knowledge);
  if (memo === undefined) {
    memo = new BoundedMemo<ServerVerdict | null>(MAX_VERDICTS);
    VERDICTS.set(knowledge, memo);
    VERDICT_MAPS.push(memo);
  }
  // (Each part with its length: no text can pass for a different split. The header names of
  // a `headerNamesOf` set, and the messages and raw text of a kept body, by a short key part
  // of their own, which no length-prefixed text starts with.)
  let key = byHost.key;
  const names = NAME_KEYS.get(responseHeaderNames);
  if (names !== undefined) key += names;
  else for (const name of responseHeaderNames) key += `h${name.length}:${name}`;
  const body = BODY_IDS.get(words.messages);
  if (body !== undefined && words.raw === body.raw) key += body.key;
  else {
    for (const message of words.messages) key += `m${message.length}:${message}`;
    key += `r${words.raw}`;
  }
  const bodyKey = key;
  let lines: readonly string[] = words.headers;
  key = linesKey(bodyKey, lines);
  let known = memo.get(key);
  if (known === undefined && lines.length > 0) {
    // A vendor line that no pattern matches can never be quoted, so the verdict is the one of
    // the words without it: a line unique to its response (a Digest nonce) then does not make
    // every failure a new key.
    const live = liveLines(knowledge, lines);
    if (live.length < lines.length) {
      lines = live;
      key = linesKey(bodyKey, lines);
      known = memo.get(key);
    }
  }
  if (known !== undefined) return known === null ? undefined : copyVerdict(known);
  let matches: BodyMatches | undefined;
  if (body !== undefined && words.raw === body.raw) {
    if (body.knowledge !== knowledge || body.matches === undefined) {
      body.knowledge = knowledge;
      body.matches = newBodyMatches(knowledge);
    }
    matches = body.matches;
  }
  const verdict = findVerdict(words, lines, byHost.rows, responseHeaderNames, knowledge, matches);
  memo.set(key, verdict ?? null);
  return verdict && copyVerdict(verdict);
}

/** The verdicts' memo key of the words `key` names, with these vendor header lines. */
function linesKey(key: string, lines: readonly string[]): string {
  for (const line of lines) key += `v${line.length}:${line}`;
  return key;
}

/** The lines some pattern of `knowledge` may match (`anyPatternMatches`), in order. */
function liveLines(knowledge: ProviderKnowledge, lines: readonly string[]): readonly string[] {
  let memo = LIVE_LINES.get(knowledge);
  if (memo === undefined) {
    memo = new BoundedMemo<boolean>(MAX_LIVE_LINES);
    LIVE_LINES.set(knowledge, memo);
    LIVE_LINE_MAPS.push(memo);
  }
  const live: string[] = [];
  for (const line of lines) {
    // The same challenge line comes with other bodies and hosts (then the verdict's key is new).
    let matches = memo.get(line);
    if (matches === undefined) {
      matches = anyPatternMatches(knowledge, line);
      memo.set(line, matches);
    }
    if (matches) live.push(line);
  }
  return live;
}

/** `anyPatternMatches` by vendor header line, per provider table (at most MAX_LIVE_LINES each). */
const LIVE_LINES = new WeakMap<ProviderKnowledge, BoundedMemo<boolean>>();
const LIVE_LINE_MAPS: BoundedMemo<boolean>[] = [];
const MAX_LIVE_LINES = 256;
registerRememberedValues({
  forget: () => {
    for (const memo of LIVE_LINE_MAPS) memo.clear();
  },
  size: () => LIVE_LINE_MAPS.reduce((sum, memo) => sum + memo.size, 0),
});

/**
 * The lower-case names of `headers`, as `matchServerWords` wants them. Responses of one server
 * send the same names in the same order: the set is made once per list of names and handed out
 * again (never changed), with a key part of its own for the verdicts' memo.
 */
export function headerNamesOf(headers: readonly Header[]): ReadonlySet<string> {
  // The list of the last call first, name by name (no text made).
  const sent = lastSent;
  if (sent.length === headers.length && lastNames !== undefined) {
    let same = true;
    for (let i = 0; i < headers.length && same; i++) same = (headers[i] as Header).name === sent[i];
    if (same) return lastNames;
  }
  const names = namesOf(headers);
  const next: string[] = [];
  for (const header of headers) next.push(header.name);
  lastSent = next;
  lastNames = names;
  return names;
}

// (Two plain variables rather than an object holding both: the array `map` made had another
// elements kind once optimized, which changed the object's map and threw away the optimized
// code of every caller.)
let lastSent: readonly string[] = [];
let lastNames: ReadonlySet<string> | undefined;

function namesOf(headers: readonly Header[]): ReadonlySet<string> {
  // The names as sent, each with its length: no two lists give the same text.
  let sent = '';
  for (const header of headers) sent += `${header.name.length}:${header.name}`;
  const kept = NAME_SETS.get(sent);
  if (kept !== undefined) return kept;
  const names = new Set<string>();
  for (const header of headers) names.add(header.name.toLowerCase());
  if (NAME_SETS.size >= MAX_NAME_SETS) NAME_SETS.clear();
  NAME_SETS.set(sent, names);
  NAME_KEYS.set(names, `@${nextNamesId++};`);
  return names;
}

const NAME_SETS = new Map<string, ReadonlySet<string>>();
const MAX_NAME_SETS = 256;
const NAME_KEYS = new WeakMap<ReadonlySet<string>, string>();
let nextNamesId = 0;

/** Verdicts by what they were read from (see `matchServerWords`), per provider table. */
const VERDICTS = new WeakMap<ProviderKnowledge, VerdictMemo>();
/**
 * Verdicts by key (null: none), at most MAX_VERDICTS, the oldest going first; a ring, so that
 * making room takes the same steps for every new key (see BoundedMemo).
 */
type VerdictMemo = BoundedMemo<ServerVerdict | null>;
/** The memos of VERDICTS (one per table asked about): their keys quote bodies and vendor headers. */
const VERDICT_MAPS: VerdictMemo[] = [];
registerRememberedValues({
  forget: () => {
    for (const memo of VERDICT_MAPS) memo.clear();
  },
  size: () => VERDICT_MAPS.reduce((sum, memo) => sum + memo.size, 0),
});
const MAX_VERDICTS = 512;

/** A copy for the caller (a kept verdict is never handed out to be changed). */
function copyVerdict(verdict: ServerVerdict): ServerVerdict {
  return verdict.provider
    ? { diagnosis: verdict.diagnosis, quote: verdict.quote, provider: { ...verdict.provider } }
    : { diagnosis: verdict.diagnosis, quote: verdict.quote };
}

/**
 * The verdict of `words` with `headers` as vendor header lines (`words.headers`, or those of
 * them some pattern may match: the others cannot change it).
 */
function findVerdict(
  words: ServerWords,
  headers: readonly string[],
  byHost: Uint8Array,
  responseHeaderNames: ReadonlySet<string>,
  knowledge: ProviderKnowledge,
  body: BodyMatches | undefined,
): ServerVerdict | undefined {
  const table = knowledge.providers;
  const lines = body ? headers : [...words.messages, ...headers];
  let at = 0;
  for (let r = 0; r < table.length; r++) {
    const row = table[r] as ProviderRow;
    const first = at;
    at += row.messages.length;
    const recognised =
      byHost[r] === 1 ||
      (row.headers?.some((name) => responseHeaderNames.has(name)) ?? false) ||
      (row.body !== undefined && bodyShape(body, r, row.body, words.raw));
    if (!recognised && row.hosts !== undefined) continue;
    // Frameworks without a recognisable host are tried on their exact words alone.
    for (let k = 0; k < row.messages.length; k++) {
      const message = row.messages[k] as ProviderMessage;
      const quote = body
        ? keptMatch(body, first + k, message.pattern, words, headers, true)
        : firstMatch(message.pattern, lines, words.raw);
      if (quote === undefined) continue;
      if (!recognised && !isExactWords(quote)) continue;
      return {
        diagnosis: message.diagnosis,
        quote,
        provider: {
          id: row.id,
          name: row.name,
          source: row.source,
          ...(row.note !== undefined ? { note: row.note } : {}),
        },
      };
    }
  }
  for (const phrase of knowledge.phrases) {
    // Generic phrases read messages and vendor headers, never raw markup or scripts.
    const quote = body
      ? keptMatch(body, at++, phrase.pattern, words, headers, false)
      : firstMatch(phrase.pattern, lines, undefined);
    if (quote !== undefined) return { diagnosis: phrase.diagnosis, quote };
  }
  return undefined;
}

/**
 * What a kept body says to each pattern of one provider table, found when first asked (then
 * the same for every failure with that body): whether each row's body shape matches its raw
 * text, and per pattern (the rows' messages in order, then the phrases) the first message and
 * the raw match that pattern finds. undefined: not asked yet; null: none.
 */
interface BodyMatches {
  /** Per row: 0 not asked yet, 1 no, 2 yes. */
  shapes: Uint8Array;
  messages: (string | null | undefined)[];
  raw: (string | null | undefined)[];
}

function newBodyMatches(knowledge: ProviderKnowledge): BodyMatches {
  let patterns = knowledge.phrases.length;
  for (const row of knowledge.providers) patterns += row.messages.length;
  return {
    shapes: new Uint8Array(knowledge.providers.length),
    messages: new Array<string | null | undefined>(patterns),
    raw: new Array<string | null | undefined>(patterns),
  };
}

function bodyShape(body: BodyMatches | undefined, r: number, shape: RegExp, raw: string): boolean {
  if (body === undefined) return shape.test(raw);
  let known = body.shapes[r];
  if (known === 0) {
    known = shape.test(raw) ? 2 : 1;
    body.shapes[r] = known;
  }
  return known === 2;
}

/**
 * `firstMatch(pattern, [...messages, ...headers], raw?)` for the words of a kept body: the
 * messages' and raw text's answers are kept; only the vendor header lines are tested again.
 */
function keptMatch(
  body: BodyMatches,
  p: number,
  pattern: RegExp,
  words: ServerWords,
  headers: readonly string[],
  withRaw: boolean,
): string | undefined {
  let said = body.messages[p];
  if (said === undefined) {
    said = firstMatch(pattern, words.messages, undefined) ?? null;
    body.messages[p] = said;
  }
  if (said !== null) return said;
  for (let i = 0; i < headers.length; i++)
    if (pattern.test(headers[i] as string)) return clip(headers[i] as string);
  if (!withRaw) return undefined;
  let raw = body.raw[p];
  if (raw === undefined) {
    raw = firstMatch(pattern, [], words.raw) ?? null;
    body.raw[p] = raw;
  }
  return raw ?? undefined;
}

/**
 * Whether any pattern of `knowledge` (rows' messages and phrases) matches `text`: true when
 * unsure. The patterns of each set of flags are joined into one alternation, tested once: it
 * matches exactly when one of them does (none is global or sticky and none refers to a group,
 * or there is no joined pattern at all). A header line unique to its response (a Digest nonce)
 * is then tested once rather than once per pattern.
 */
function anyPatternMatches(knowledge: ProviderKnowledge, text: string): boolean {
  let joined = JOINED.get(knowledge);
  if (joined === undefined) {
    joined = joinPatterns(knowledge);
    JOINED.set(knowledge, joined);
  }
  if (joined === null) return true;
  for (const pattern of joined) if (pattern.test(text)) return true;
  return false;
}

const JOINED = new WeakMap<ProviderKnowledge, RegExp[] | null>();

function joinPatterns(knowledge: ProviderKnowledge): RegExp[] | null {
  const byFlags = new Map<string, string[]>();
  const patterns: RegExp[] = [];
  for (const row of knowledge.providers) for (const m of row.messages) patterns.push(m.pattern);
  for (const phrase of knowledge.phrases) patterns.push(phrase.pattern);
  for (const pattern of patterns) {
    // A group reference would point elsewhere once joined; global and sticky keep a state.
    if (pattern.global || pattern.sticky || /\\[1-9k]|\(\?</.test(pattern.source)) return null;
    const list = byFlags.get(pattern.flags) ?? [];
    list.push(`(?:${pattern.source})`);
    byFlags.set(pattern.flags, list);
  }
  try {
    return [...byFlags].map(([flags, sources]) => new RegExp(sources.join('|'), flags));
  } catch {
    return null;
  }
}

/**
 * Which rows of `table` recognise `host` by name (`row.hosts`), one byte per row and as a
 * key (their indexes), kept per host: a capture across hundreds of hosts tested every
 * provider's host pattern on every failure.
 */
function hostRowsOf(
  table: readonly ProviderRow[],
  host: string,
): { rows: Uint8Array; key: string } {
  let byHost = HOST_ROWS.get(table);
  if (byHost === undefined) {
    byHost = new Map();
    HOST_ROWS.set(table, byHost);
  }
  let found = byHost.get(host);
  if (found === undefined) {
    const rows = new Uint8Array(table.length);
    let key = '';
    for (let r = 0; r < table.length; r++) {
      rows[r] = table[r]?.hosts?.test(host) === true ? 1 : 0;
      if (rows[r] === 1) key += `${r},`;
    }
    found = { rows, key };
    if (byHost.size >= MAX_HOSTS) byHost.clear();
    byHost.set(host, found);
  }
  return found;
}

const HOST_ROWS = new WeakMap<
  readonly ProviderRow[],
  Map<string, { rows: Uint8Array; key: string }>
>();
const MAX_HOSTS = 1024;

function firstMatch(pattern: RegExp, lines: readonly string[], raw: string | undefined) {
  for (const line of lines) if (pattern.test(line)) return clip(line);
  if (raw !== undefined && pattern.test(raw)) {
    const match = pattern.exec(raw);
    return match ? clip(match[0]) : undefined;
  }
  return undefined;
}

/**
 * A framework row without host or header recognition only counts on a distinctive phrase (at
 * least 3 words): "Unauthorized" alone proves nothing.
 */
function isExactWords(quote: string): boolean {
  return quote.split(/\s+/).length >= 3;
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
