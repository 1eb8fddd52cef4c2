/**
 * Every secret value of an exchange, of a HAR entry, or of a whole HAR: what the request sent
 * (Authorization, cookies, key headers, secret query and form parameters, JSON members), what
 * the response issued (Set-Cookie, tokens in JSON or form bodies, a redirect's
 * `#access_token=`), and anything shaped like a JWT or a provider's key wherever it is. The
 * values are raw: they are collected so that every copy of them can be masked
 * (./value-masker.ts), never to be shown.
 *
 * Only values worth searching for are kept (`isSearchableSecret`: not short, not a plain word
 * or number) and placeholders (`undefined`, `<token>`) are not secrets.
 */

import { BoundedMemo } from '../bounded-memo';
import {
  decodeBase64Lenient,
  decodeLatin1,
  decodeUtf8,
  encodeBase64,
  encodeUtf8,
} from '../encoding';
import type { Exchange, Header } from '../exchange';
import { isPlaceholderToken } from '../http/credentials/placeholder';
import { isMaskedValue } from '../redact';
import { registerRememberedValues } from '../remembered-values';
import {
  findShapedSecrets,
  isJwt,
  isSearchableSecret,
  isSecretParamName,
  isUserParamName,
  type SecretClass,
  secretAuthParamPattern,
  secretHeaderClass,
  secretParamClass,
  secretShapeOf,
} from './model';
import { decodeComponent, paramsOf, urlParamsOf } from './params';

/** One secret value and what it is. */
export interface SecretValue {
  value: string;
  kind: SecretClass;
}

/** Secret values collected so far, each once (the first class it was found as is kept). */
export interface SecretSet {
  readonly values: ReadonlyMap<string, SecretClass>;
  /** Adds `value` when it is worth searching for and not a placeholder or a masked value. */
  add(value: string, kind: SecretClass): void;
}

/** Whether `add` keeps a value: a question about the value alone, whatever the set holds. */
function isKeptValue(value: string): boolean {
  return isSearchableSecret(value) && !isPlaceholderToken(value) && !isMaskedValue(value);
}

class MapSecretSet implements SecretSet {
  readonly values = new Map<string, SecretClass>();
  add(value: string, kind: SecretClass): void {
    if (this.values.has(value) || !isKeptValue(value)) return;
    this.values.set(value, kind);
  }
}

export function createSecretSet(): SecretSet {
  return new MapSecretSet();
}

/**
 * A `SecretValue` as `secretValues` makes them: by a constructor, not a literal, as they are
 * often kept (see `MemoEntry`).
 */
class SecretEntry implements SecretValue {
  constructor(
    public value: string,
    public kind: SecretClass,
  ) {}
}

function secretEntry([value, kind]: [string, SecretClass]): SecretValue {
  return new SecretEntry(value, kind);
}

/** The set's values, longest first (a whole value is masked before a part of it). */
export function secretValues(set: SecretSet): SecretValue[] {
  // (Array.from, not a literal filled in a loop: the array is often kept, see `SecretEntry`.)
  const list: SecretValue[] = Array.from(set.values, secretEntry);
  if (list.length > 16) list.sort((a, b) => b.value.length - a.value.length);
  else {
    // What the stable sort gives (values of one length in the order they were found), by
    // insertion: an exchange has a handful of secrets.
    for (let i = 1; i < list.length; i++) {
      const item = list[i] as SecretValue;
      let j = i;
      while (j > 0 && (list[j - 1] as SecretValue).value.length < item.value.length) {
        list[j] = list[j - 1] as SecretValue;
        j--;
      }
      list[j] = item;
    }
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// Headers

/** The secrets of an Authorization / Proxy-Authorization value (whatever the scheme). */
export function addAuthorizationSecrets(value: string, set: SecretSet): void {
  const trimmed = value.trim();
  if (trimmed === '') return;
  const space = trimmed.search(/\s/);
  if (space < 0) {
    addToken(trimmed, set);
    return;
  }
  const scheme = trimmed.slice(0, space).toLowerCase();
  const rest = trimmed.slice(space).trim();
  // `Bearer undefined`, `Bearer [object Object]`: shown as they are, they are the diagnosis.
  if (isPlaceholderToken(rest)) return;
  if (scheme === 'basic') {
    set.add(rest, 'password');
    const unpadded = rest.replace(/=+$/, '');
    set.add(unpadded, 'password');
    const bytes = decodeBase64Lenient(unpadded);
    const decoded = bytes ? (decodeUtf8(bytes) ?? decodeLatin1(bytes)) : undefined;
    const colon = decoded?.indexOf(':') ?? -1;
    if (decoded !== undefined && colon >= 0) {
      set.add(decoded, 'password');
      set.add(decoded.slice(colon + 1), 'password');
    }
    return;
  }
  if (/=\s*"/.test(rest) || scheme === 'digest' || scheme === 'aws4-hmac-sha256') {
    // Parameter lists (Digest, AWS SigV4, OAuth 1): the proofs are secret, names are not.
    for (const match of rest.matchAll(secretAuthParamPattern())) {
      const name = (match[1] ?? '').toLowerCase();
      // The server's nonce is in its challenge too: masking it there would change nothing secret.
      if (name === 'nonce') continue;
      set.add(match[2] ?? match[3] ?? '', name.includes('token') ? 'token' : 'signature');
    }
    return;
  }
  for (const part of rest.split(/\s+/)) addToken(part, set);
  if (rest.includes(' ')) set.add(rest, 'token');
  // A list or a quoted token (`Bearer x, Bearer y`, `Bearer "x"`): each token without the
  // commas and quotes around it too, as a copy elsewhere may quote it bare.
  if (/[,"']/.test(rest))
    for (const part of rest.split(/[\s,"']+/)) if (part !== '') addToken(part, set);
}

/** A token, and a JWT's signature on its own (a body may quote just that). */
function addToken(token: string, set: SecretSet): void {
  set.add(token, 'token');
  if (isJwt(token)) set.add(token.slice(token.lastIndexOf('.') + 1), 'token');
}

/** The values of a Cookie header. */
export function addCookieHeaderSecrets(value: string, set: SecretSet): void {
  for (const pair of value.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    addCookieValue(pair.slice(eq + 1).trim(), set);
  }
}

function addCookieValue(value: string, set: SecretSet): void {
  const unquoted =
    value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  set.add(unquoted, 'cookie');
  const decoded = decodeComponent(unquoted);
  if (decoded !== unquoted) set.add(decoded, 'cookie');
  if (isJwt(unquoted)) addToken(unquoted, set);
}

/** The cookie value of each Set-Cookie line. */
export function addSetCookieSecrets(value: string, set: SecretSet): void {
  for (const line of value.split('\n')) {
    const semi = line.indexOf(';');
    const pair = semi < 0 ? line : line.slice(0, semi);
    const eq = pair.indexOf('=');
    if (eq >= 0) addCookieValue(pair.slice(eq + 1).trim(), set);
  }
}

/**
 * What a header's name says its value holds, which decides how the value is read: one of the
 * roles below, a class of `secretHeaderClass`, or '' (nothing: only shapes are looked for).
 */
type HeaderRole = '' | 'authorization' | 'cookie-header' | 'set-cookie' | 'url' | SecretClass;

/** `headerRole` of a name that may have one (`mayHaveRole`). */
function headerRoleOf(name: string): HeaderRole {
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'proxy-authorization') return 'authorization';
  if (lower === 'cookie') return 'cookie-header';
  if (lower === 'set-cookie') return 'set-cookie';
  if (
    lower === 'location' ||
    lower === 'referer' ||
    lower === 'content-location' ||
    lower === 'refresh'
  )
    return 'url';
  return secretHeaderClass(lower) ?? '';
}

/**
 * Every name with a role ends in n, e, r, h (authorization, cookie, referer, refresh, ...) or
 * in t, y, d (`secretHeaderClass`): others have none, and are neither looked up nor lower-cased.
 */
function mayHaveRole(name: string): boolean {
  const last = name.charCodeAt(name.length - 1) | 0x20;
  return (
    last === 0x6e ||
    last === 0x65 ||
    last === 0x72 ||
    last === 0x68 ||
    last === 0x74 ||
    last === 0x79 ||
    last === 0x64
  );
}

/** `headerRoleOf`, remembered by name: a file has a few dozen header names (no secrets). */
const headerRoles = new Map<string, HeaderRole>();

function headerRole(name: string): HeaderRole {
  if (!mayHaveRole(name)) return '';
  let role = headerRoles.get(name);
  if (role === undefined) {
    role = headerRoleOf(name);
    if (headerRoles.size >= 512) headerRoles.clear();
    headerRoles.set(name, role);
  }
  return role;
}

function addRoleSecrets(role: HeaderRole, value: string, set: SecretSet): void {
  if (role === '') return;
  if (role === 'authorization') addAuthorizationSecrets(value, set);
  else if (role === 'cookie-header') addCookieHeaderSecrets(value, set);
  else if (role === 'set-cookie') addSetCookieSecrets(value, set);
  else if (role === 'url') addUrlSecrets(value, set);
  else {
    const trimmed = value.trim();
    // `X-Auth: Bearer abc` is a scheme and a token, like Authorization.
    if (/^[A-Za-z][\w-]*\s+\S/.test(trimmed)) addAuthorizationSecrets(trimmed, set);
    else if (role === 'token') addToken(trimmed, set);
    else set.add(trimmed, role);
  }
}

/** The secrets of one header, by its name (Authorization, cookies, key headers, URLs). */
export function addHeaderSecrets(name: string, value: string, set: SecretSet): void {
  addRoleSecrets(headerRole(name), value, set);
}

// ---------------------------------------------------------------------------------------------
// What a value adds, remembered

/**
 * What reading one value adds to a set: the values `add` keeps (`isKeptValue`), each followed
 * by its class, in the order they were added. Adding them again in that order, skipping those
 * the set has, leaves the set as reading the value again would: `add` asks nothing else. Each
 * remembered contribution has an id of its own (never reused), so that a list of ids names
 * what a list of contributions adds (see `collectExchangeSecrets`).
 */
class Contribution {
  constructor(
    readonly adds: readonly string[],
    readonly id: number,
  ) {}
}

const NOTHING = new Contribution([], 0);
let nextContributionId = 1;

/** A set that writes down what is added to it instead (see `Contribution`). */
class ContributionRecorder implements SecretSet {
  readonly values = new Map<string, SecretClass>();
  readonly added: string[] = [];
  add(value: string, kind: SecretClass): void {
    if (this.values.has(value) || !isKeptValue(value)) return;
    this.values.set(value, kind);
    this.added.push(value, kind);
  }
}

function record(read: (set: SecretSet) => void): Contribution {
  const recorder = new ContributionRecorder();
  read(recorder);
  return recorder.added.length === 0
    ? NOTHING
    : new Contribution(recorder.added, nextContributionId++);
}

function addContribution(contribution: Contribution, set: SecretSet): void {
  const adds = contribution.adds;
  if (adds.length === 0) return;
  if (set instanceof ExchangeSecretSet) set.addContribution(contribution);
  else if (set instanceof MapSecretSet) {
    const values = set.values;
    for (let i = 0; i < adds.length; i += 2) {
      const value = adds[i] as string;
      if (!values.has(value)) values.set(value, adds[i + 1] as SecretClass);
    }
  } else
    for (let i = 0; i < adds.length; i += 2) set.add(adds[i] as string, adds[i + 1] as SecretClass);
}

/**
 * The set `collectExchangeSecrets` fills. Remembered contributions are kept as they come (their
 * ids, in order, make `key`) and written into the map only when it is read or a value is added
 * directly; `direct` tells whether an added value was new to the set. Without one, the set is
 * what its contributions, in order, make: the `key` names it.
 */
class ExchangeSecretSet implements SecretSet {
  #values: Map<string, SecretClass> | undefined = undefined;
  readonly #parts: Contribution[] = [];
  #written = 0;
  key = '';
  direct = false;

  get values(): ReadonlyMap<string, SecretClass> {
    return this.#write();
  }

  add(value: string, kind: SecretClass): void {
    const values = this.#write();
    if (values.has(value) || !isKeptValue(value)) return;
    values.set(value, kind);
    this.direct = true;
  }

  addContribution(contribution: Contribution): void {
    this.#parts.push(contribution);
    this.key += `${contribution.id},`;
  }

  #write(): Map<string, SecretClass> {
    let values = this.#values;
    if (values === undefined) {
      values = new Map();
      this.#values = values;
    }
    const parts = this.#parts;
    for (; this.#written < parts.length; this.#written++) {
      const adds = (parts[this.#written] as Contribution).adds;
      for (let i = 0; i < adds.length; i += 2) {
        const value = adds[i] as string;
        if (!values.has(value)) values.set(value, adds[i + 1] as SecretClass);
      }
    }
    return values;
  }
}

/**
 * A remembered contribution and what decided it. (Kept objects are made by constructors, not
 * literals: V8 tracks a literal's allocation site, and when its objects all live long it throws
 * away the optimized code of every function that makes them, to allocate them elsewhere.)
 */
class MemoEntry {
  constructor(
    readonly by: string,
    readonly adds: Contribution,
  ) {}
}

/**
 * Contributions by value (and what else decides them: a header's role, a body's media type):
 * request headers (User-Agent, Accept, `sec-ch-ua`) repeat verbatim in every entry, and a
 * host's Cookie, Authorization and error body repeat in every retry. Each value at most
 * `MEMO_MAX_LENGTH` long.
 *
 * The keys and contributions are raw secrets (an Authorization value, a cookie): they stay in
 * this process's memory only, like the exchanges they were read from, and no longer than the
 * next few hundred exchanges read (a context remembers the last 256 origins): the oldest
 * entry goes first (`BoundedMemo`), the same steps for every new one.
 */
class ContributionMemo {
  readonly #entries: BoundedMemo<MemoEntry>;
  constructor(limit: number) {
    this.#entries = new BoundedMemo(limit);
  }

  get(value: string, by: string): Contribution | undefined {
    const entry = this.#entries.get(value);
    return entry !== undefined && entry.by === by ? entry.adds : undefined;
  }

  set(value: string, by: string, adds: Contribution): void {
    this.#entries.set(value, new MemoEntry(by, adds));
  }

  /** What `read(value, by, ...)` adds, read once and kept (`read` is a plain function: no closure per call). */
  of<By extends string>(
    value: string,
    by: By,
    read: (value: string, by: By, set: SecretSet) => void,
  ): Contribution {
    let adds = this.get(value, by);
    if (adds === undefined) {
      adds = record((recorder) => read(value, by, recorder));
      this.set(value, by, adds);
    }
    return adds;
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}

const CREDENTIAL_MEMO_LIMIT = 2048;
/** Plain header values shorter than this are scanned each time (see `addExchangeHeaderSecrets`). */
const PLAIN_MEMO_MIN_LENGTH = 64;
/** Values longer than this are read each time (a long value is rarely repeated). */
const MEMO_MAX_LENGTH = 4096;

/** Headers that name no secret: only shapes are looked for (most of them, most repeated). */
const plainMemo = new ContributionMemo(1024);
/** Authorization, cookies, key headers, URLs: fewer, longer, and each costs more to read. */
const credentialMemo = new ContributionMemo(CREDENTIAL_MEMO_LIMIT);
const bodyMemo = new ContributionMemo(256);
/**
 * What `collectExchangeSecrets` gave, by the ids of the contributions it was made of (frozen,
 * handed out again): a retried request brings the same token, cookie and error body, while its
 * values seen once (a request id, a date, a trace id) add nothing. One array per set of secrets
 * also lets `redactText` keep what it works out per array (../secrets/value-masker.ts). The
 * keys are ids; the arrays hold raw secrets, in memory only.
 */
const exchangeSecrets = new BoundedMemo<readonly SecretValue[]>(2048);
const NO_SECRETS: readonly SecretValue[] = Object.freeze([]);

/** Forgets every remembered contribution (also through `forgetRememberedValues`). */
export function clearSecretMemos(): void {
  plainMemo.clear();
  credentialMemo.clear();
  bodyMemo.clear();
  exchangeSecrets.clear();
  headerRoles.clear();
  requestQuiet.clear();
  responseQuiet.clear();
}

registerRememberedValues({
  forget: clearSecretMemos,
  size: () => plainMemo.size + credentialMemo.size + bodyMemo.size + exchangeSecrets.size,
});

/**
 * `addHeaderSecrets` and `addShapedSecrets` of one header of an exchange. True when the line
 * adds nothing by its name or its looks (a plain name, a value with no shaped secret, not
 * longer than `MEMO_MAX_LENGTH`): the same name with the same value adds nothing again.
 */
function addExchangeHeaderSecrets(name: string, value: string, set: SecretSet): boolean {
  const role = headerRole(name);
  // A plain value with no shaped secret (most: dates, request ids, a Digest challenge with its
  // nonce) adds nothing: one scan tells, for less than a lookup, and nothing is remembered
  // (such values are often new, and would only push out those that repeat).
  if (role === '' && value.length <= MEMO_MAX_LENGTH && !hasShapedSecret(value)) return true;
  // A short plain value costs less to scan again than to look up.
  if (value.length > MEMO_MAX_LENGTH || (role === '' && value.length < PLAIN_MEMO_MIN_LENGTH)) {
    addRoleSecrets(role, value, set);
    return !addShapedSecrets(value, set) && role === '' && value.length <= MEMO_MAX_LENGTH;
  }
  const adds = (role === '' ? plainMemo : credentialMemo).of(value, role, readHeaderLine);
  addContribution(adds, set);
  return role === '' && adds === NOTHING;
}

/** True when `addShapedSecrets(text, set)` would find something (kept or not). */
function hasShapedSecret(text: string): boolean {
  return text.length >= 8 && findShapedSecrets(text).length > 0;
}

/** What one header value adds under its role: what `addExchangeHeaderSecrets` remembers. */
function readHeaderLine(value: string, role: HeaderRole, set: SecretSet): void {
  addRoleSecrets(role, value, set);
  addShapedSecrets(value, set);
}

/**
 * The header lines last found to add nothing (`addExchangeHeaderSecrets`), by their place in
 * the request's or the response's list: a capture's entries send the same Accept, User-Agent,
 * `sec-ch-ua`, Content-Type, Server... at the same places, and such a line, the same name with
 * the same value, is then skipped after two comparisons (no scan, no lookup). Places up to
 * `QUIET_PLACES`; plain values only (no secret); emptied with the memos.
 */
class QuietLines {
  readonly names: string[] = new Array<string>(QUIET_PLACES).fill('');
  readonly values: string[] = new Array<string>(QUIET_PLACES).fill('');

  clear(): void {
    this.names.fill('');
    this.values.fill('');
  }
}
const QUIET_PLACES = 48;
const requestQuiet = new QuietLines();
const responseQuiet = new QuietLines();

/** `addExchangeHeaderSecrets` of a list of header lines, the quiet ones skipped. */
function addExchangeHeaders(headers: readonly Header[], quiet: QuietLines, set: SecretSet): void {
  const names = quiet.names;
  const values = quiet.values;
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i] as Header;
    const name = header.name;
    const value = header.value;
    if (i < QUIET_PLACES) {
      if (values[i] === value && names[i] === name) continue;
      if (addExchangeHeaderSecrets(name, value, set)) {
        names[i] = name;
        values[i] = value;
      }
    } else addExchangeHeaderSecrets(name, value, set);
  }
}

/** `addBodySecrets` and `addShapedSecrets` of an exchange's response body. */
function addExchangeBodySecrets(text: string, mimeType: string, set: SecretSet): void {
  if (text.length > MEMO_MAX_LENGTH) {
    addBodySecrets(text, mimeType, set);
    addShapedSecrets(text, set);
    return;
  }
  addContribution(bodyMemo.of(text, mimeType, readBody), set);
}

/** What a body adds: what `addExchangeBodySecrets` remembers. */
function readBody(text: string, mimeType: string, set: SecretSet): void {
  addBodySecrets(text, mimeType, set);
  addShapedSecrets(text, set);
}

// ---------------------------------------------------------------------------------------------
// URLs and parameters

/**
 * The class of a named value (query or form parameter, JSON member), or undefined when it is
 * not secret. Names that are secret in a URL but common words in bodies (`key`, `code`,
 * `auth`, `session`, `sig`, `ticket`: `{"code":"invalid_grant"}`, `{"key":"theme"}`) count in
 * a body only when the value looks like a credential (`secretShapeOf`).
 */
export function namedSecretClass(
  name: string,
  value: string,
  inBody: boolean,
): SecretClass | undefined {
  const kind = secretParamClass(name);
  if (kind === undefined || !inBody) return kind;
  const key = name.toLowerCase();
  if (AMBIGUOUS_IN_BODIES.has(key) && secretShapeOf(value) === undefined) return undefined;
  return kind;
}

const AMBIGUOUS_IN_BODIES: ReadonlySet<string> = new Set([
  'key',
  'code',
  'auth',
  'session',
  'sig',
  'ticket',
]);

/** The values of a URL's secret query (and fragment) parameters. */
export function addUrlSecrets(url: string, set: SecretSet): void {
  if (!url.includes('=')) return;
  for (const param of urlParamsOf(url, true, isSecretParamName)) {
    if (param.value === '') continue;
    const kind = secretParamClass(param.name);
    if (kind === undefined) continue;
    set.add(param.value, kind);
    if (param.raw !== param.value) set.add(param.raw, kind);
  }
}

/** A `name`/`value` list (HAR queryString, postData.params). */
export function addParamSecrets(
  name: string,
  value: string,
  set: SecretSet,
  inBody: boolean,
): void {
  if (value === '') return;
  const kind = namedSecretClass(name, value, inBody);
  if (kind !== undefined) set.add(value, kind);
}

// ---------------------------------------------------------------------------------------------
// Bodies

/** The start of a JSON member, up to the opening quote of a string value. */
const JSON_MEMBER = /"((?:[^"\\\r\n]|\\.){1,64})"[ \t\r\n]{0,64}:[ \t\r\n]{0,64}"/g;

/**
 * The secret string members of JSON text (`"password": "..."`, `"access_token": "..."`,
 * anywhere in the document: GraphQL variables, nested objects), with where each value is.
 * The key is found by a bounded regex and the value by a scan to its closing quote, after
 * which the search resumes, so each character is read a bounded number of times.
 */
export function jsonSecretMembers(
  text: string,
): Array<{ name: string; value: string; start: number; end: number; kind: SecretClass }> {
  const found: Array<{
    name: string;
    value: string;
    start: number;
    end: number;
    kind: SecretClass;
  }> = [];
  if (
    !text.includes('":') &&
    !text.includes('" :') &&
    !text.includes('"\n') &&
    !text.includes('"\t')
  )
    return found;
  const members = new RegExp(JSON_MEMBER.source, 'g');
  for (let match = members.exec(text); match; match = members.exec(text)) {
    const start = match.index + match[0].length;
    let i = start;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 34) break;
      else i++;
    }
    if (i >= text.length) break;
    members.lastIndex = i + 1;
    const rawName = match[1] ?? '';
    const name = rawName.includes('\\') ? jsonString(rawName) : rawName;
    if (secretParamClass(name) === undefined) continue;
    const raw = text.slice(start, i);
    const value = raw.includes('\\') ? jsonString(raw) : raw;
    const kind = namedSecretClass(name, value, true);
    if (kind !== undefined && value !== '') found.push({ name, value, start, end: i, kind });
  }
  return found;
}

function jsonString(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** True when a body is (probably) a form: `a=b&c=d`, no spaces or JSON. */
export function looksLikeForm(text: string, mimeType = ''): boolean {
  if (mimeType.toLowerCase().includes('x-www-form-urlencoded')) return true;
  if (mimeType !== '' && !mimeType.toLowerCase().startsWith('text/plain')) return false;
  return (
    text.length < 65536 && /^[^\s=&{}[\]"<]+=[^\s{}"<]*(?:&[^\s=&{}"<]+=[^\s{}"<]*)*$/.test(text)
  );
}

/**
 * The secrets of a body (request or response, a WebSocket message): form fields, JSON members,
 * multipart fields; a user name and password found together also give `base64(user:password)`,
 * the Basic credential that may be sent later.
 */
export function addBodySecrets(text: string, mimeType: string, set: SecretSet): void {
  if (text === '') return;
  let user: string | undefined;
  let password: string | undefined;
  const note = (value: string, kind: SecretClass) => {
    set.add(value, kind);
    if (kind === 'password') password ??= value;
  };
  const noteUser = (name: string, value: string) => {
    if (isUserParamName(name) && value !== '') user ??= value;
  };
  if (looksLikeForm(text, mimeType)) {
    for (const param of paramsOf(text)) {
      noteUser(param.name, param.value);
      const kind = param.value === '' ? undefined : namedSecretClass(param.name, param.value, true);
      if (kind !== undefined) {
        note(param.value, kind);
        if (param.raw !== param.value) set.add(param.raw, kind);
      }
    }
  } else if (mimeType.toLowerCase().includes('multipart/form-data')) {
    for (const match of text.matchAll(
      /\bname="([^"\r\n]{1,64})"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n){0,8}\r?\n([^\r\n]{1,4096})/gi,
    )) {
      const name = match[1] ?? '';
      const value = match[2] ?? '';
      noteUser(name, value);
      const kind = namedSecretClass(name, value, true);
      if (kind !== undefined) note(value, kind);
    }
  } else {
    const first = text.trimStart().charCodeAt(0);
    if (first === 0x7b || first === 0x5b || mimeType.includes('json')) {
      for (const member of jsonSecretMembers(text)) note(member.value, member.kind);
      if (password !== undefined) {
        const match =
          /"(?:user(?:_?name)?|login|email)"[ \t\r\n]{0,64}:[ \t\r\n]{0,64}"((?:[^"\\]|\\.){1,256})"/i.exec(
            text,
          );
        if (match?.[1]) user = jsonString(match[1]);
      }
    }
  }
  if (user !== undefined && password !== undefined) {
    const basic = encodeBase64(encodeUtf8(`${user}:${password}`));
    set.add(basic, 'password');
    set.add(basic.replace(/=+$/, ''), 'password');
    set.add(`${user}:${password}`, 'password');
  }
}

/** JWTs and prefixed keys anywhere in `text`. True when there was one (kept or not). */
export function addShapedSecrets(text: string, set: SecretSet): boolean {
  if (text.length < 8) return false;
  const shaped = findShapedSecrets(text);
  for (const found of shaped) {
    const value = text.slice(found.start, found.end);
    if (found.shape === 'jwt') addToken(value, set);
    else set.add(value, 'key');
  }
  return shaped.length > 0;
}

// ---------------------------------------------------------------------------------------------
// An exchange

/**
 * Every secret value of an exchange: the request's credentials (headers, query, cookies), the
 * redirects that led to it, and what the response issued or echoed (Set-Cookie, key headers,
 * tokens in a JSON or form body, JWTs and prefixed keys anywhere). Longest first. Without
 * `set`, the array is frozen, and the same array is handed out again for an exchange made of
 * the same remembered values (see `exchangeSecrets`).
 */
export function collectExchangeSecrets(
  exchange: Exchange,
  set?: SecretSet,
): readonly SecretValue[] {
  if (set !== undefined) {
    collectInto(exchange, set);
    return secretValues(set);
  }
  const collected = new ExchangeSecretSet();
  collectInto(exchange, collected);
  // Made of remembered contributions alone: the same ids give the same values, in the same
  // order (what `secretValues` gives of the set they make).
  if (collected.direct) return secretValues(collected);
  const key = collected.key;
  if (key === '') return NO_SECRETS;
  let known = exchangeSecrets.get(key);
  if (known === undefined) {
    const values = secretValues(collected);
    for (const value of values) Object.freeze(value);
    known = Object.freeze(values);
    exchangeSecrets.set(key, known);
  }
  return known;
}

function collectInto(exchange: Exchange, set: SecretSet): void {
  const { request, response } = exchange;
  addExchangeHeaders(request.headers, requestQuiet, set);
  addUrlSecrets(request.url, set);
  addShapedSecrets(request.url, set);
  for (const hop of request.redirectChain) {
    addUrlSecrets(hop.url, set);
    for (const header of hop.requestHeaders) addHeaderSecrets(header.name, header.value, set);
  }
  let mimeType = '';
  for (const header of response.headers)
    if (header.name.length === 12 && header.name.toLowerCase() === 'content-type')
      mimeType = header.value;
  addExchangeHeaders(response.headers, responseQuiet, set);
  const body = response.body;
  if (body !== undefined && body !== '') {
    const text = body.length > BODY_LIMIT ? body.slice(0, BODY_LIMIT) : body;
    addExchangeBodySecrets(text, mimeType, set);
  }
}

/** How much of a body is read for secrets in an exchange (what the rules read too). */
const BODY_LIMIT = 1 << 20;

// ---------------------------------------------------------------------------------------------
// HAR entries and files

type AnyRecord = Record<string, unknown>;

function isRecord(value: unknown): value is AnyRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameValues(list: unknown, each: (name: string, value: string) => void): void {
  if (!Array.isArray(list)) return;
  for (const item of list)
    if (isRecord(item) && typeof item.name === 'string' && typeof item.value === 'string')
      each(item.name, item.value);
}

/** The text of a HAR `content` / `postData`: base64 content decoded (UTF-8, else Latin-1). */
export function contentText(content: AnyRecord): string | undefined {
  if (typeof content.text !== 'string') return undefined;
  if (content.encoding !== 'base64') return content.text;
  const bytes = decodeBase64Lenient(content.text.replace(/\s+/g, ''));
  return bytes ? (decodeUtf8(bytes) ?? decodeLatin1(bytes)) : undefined;
}

/** Every string in `value` (objects and arrays walked, keys not), depth-limited. */
export function forEachString(value: unknown, each: (text: string) => void, depth = 0): void {
  if (typeof value === 'string') each(value);
  else if (depth > 64 || typeof value !== 'object' || value === null) return;
  else if (Array.isArray(value)) for (const item of value) forEachString(item, each, depth + 1);
  else
    for (const key of Object.keys(value)) forEachString((value as AnyRecord)[key], each, depth + 1);
}

/** Adds the secrets of one HAR entry (see `collectHarSecrets`) to `set`. */
export function collectEntrySecrets(entry: unknown, set: SecretSet): void {
  if (!isRecord(entry)) return;
  const request = isRecord(entry.request) ? entry.request : undefined;
  const response = isRecord(entry.response) ? entry.response : undefined;
  if (request) {
    if (typeof request.url === 'string') addUrlSecrets(request.url, set);
    nameValues(request.headers, (name, value) => addHeaderSecrets(name, value, set));
    nameValues(request.cookies, (_name, value) => addCookieValue(value, set));
    nameValues(request.queryString, (name, value) => addParamSecrets(name, value, set, false));
    if (isRecord(request.postData)) {
      const postData = request.postData;
      nameValues(postData.params, (name, value) => addParamSecrets(name, value, set, true));
      const text = contentText(postData);
      if (text !== undefined)
        addBodySecrets(text, typeof postData.mimeType === 'string' ? postData.mimeType : '', set);
    }
  }
  if (response) {
    nameValues(response.headers, (name, value) => addHeaderSecrets(name, value, set));
    nameValues(response.cookies, (_name, value) => addCookieValue(value, set));
    if (typeof response.redirectURL === 'string') addUrlSecrets(response.redirectURL, set);
    if (isRecord(response.content)) {
      const text = contentText(response.content);
      const mime = typeof response.content.mimeType === 'string' ? response.content.mimeType : '';
      if (text !== undefined) {
        addBodySecrets(text, mime, set);
        if (response.content.encoding === 'base64') addShapedSecrets(text, set);
      }
    }
  }
  if (Array.isArray(entry._webSocketMessages))
    for (const message of entry._webSocketMessages)
      if (isRecord(message) && typeof message.data === 'string')
        addBodySecrets(message.data, '', set);
  // JWTs and prefixed keys wherever they are: comments, initiator stacks, custom fields.
  forEachString(entry, (text) => addShapedSecrets(text, set));
}

/**
 * Every secret value of a HAR (entries, pages, comments): see `collectEntrySecrets`. To mask
 * a file entry by entry (streaming), collect first, then mask each entry with the set.
 */
export function collectHarSecrets(har: unknown, set: SecretSet = createSecretSet()): SecretSet {
  if (!isRecord(har) || !isRecord(har.log)) return set;
  const log = har.log;
  if (Array.isArray(log.entries)) for (const entry of log.entries) collectEntrySecrets(entry, set);
  for (const key of Object.keys(log))
    if (key !== 'entries') forEachString(log[key], (text) => addShapedSecrets(text, set));
  return set;
}
