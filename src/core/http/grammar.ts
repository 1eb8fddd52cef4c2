/**
 * RFC 9110 building blocks shared by the header parsers: character classes as lookup tables,
 * the scanners for token / token68 / quoted-string, and the problem factory. Everything is
 * index-based over the original string (charCodeAt, no regex), so every scan is linear.
 */
import { decodeLatin1, decodeUtf8 } from '../encoding';
import type { Params, Problem, ProblemCode } from './types';
import * as types from './types';

/** Local binding (see auth-list.ts: imported bindings are getters under CommonJS loaders). */
const PROBLEM_CODES = types.PROBLEM_CODES;

/** At most this many problems are recorded per parsed value (hostile input stays cheap). */
export const MAX_PROBLEMS = 64;

function charTable(chars: string, ranges: [number, number][] = []): Uint8Array {
  const t = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  for (const [from, to] of ranges) for (let c = from; c <= to; c++) t[c] = 1;
  return t;
}

const ALNUM: [number, number][] = [
  [48, 57],
  [65, 90],
  [97, 122],
];

/** tchar, RFC 9110 §5.6.2. */
export const TCHAR = charTable("!#$%&'*+-.^_`|~", ALNUM);
/** token68 characters before the `=` padding, RFC 9110 §11.2. */
export const T68 = charTable('-._~+/', ALNUM);

export const SP = 32;
export const HTAB = 9;
export const COMMA = 44;
export const DQUOTE = 34;
export const BACKSLASH = 92;

/** End of the token starting at `i` (`i` itself when there is none). */
export function scanToken(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TCHAR[c] === 0) break;
    i++;
  }
  return i;
}

/**
 * Parameter objects inherit from an empty, prototype-less object: no `__proto__` accessor,
 * `constructor` or `toString` in the chain, so any name is just an own key. Unlike
 * `Object.create(null)` (a dictionary-mode object in V8), these stay fast-mode objects.
 */
const ParamsBase = function ParamsBase(this: Params) {} as unknown as new () => Params;
ParamsBase.prototype = Object.create(null);

/** A new, empty parameter object that cannot be polluted. */
export function createParams(): Params {
  return new ParamsBase();
}

/** Collects problems for one parsed value, capped at `MAX_PROBLEMS`. */
export class ProblemSink {
  readonly list: Problem[];
  line: number | undefined;
  /** `list`: an array to append to (the caller's own result), instead of a new one. */
  constructor(line?: number, list?: Problem[]) {
    this.list = list ?? [];
    this.line = line;
  }
  add(code: ProblemCode, message: string, offset?: number): void {
    if (this.list.length >= MAX_PROBLEMS) return;
    const problem: Problem = { severity: PROBLEM_CODES[code].severity, code, message };
    if (offset !== undefined) problem.offset = offset;
    if (this.line !== undefined) problem.line = this.line;
    this.list.push(problem);
  }
  has(code: ProblemCode): boolean {
    for (const p of this.list) if (p.code === code) return true;
    return false;
  }
}

/** Removes quoted-pair backslashes from `s[start, end)` (RFC 9110 §5.6.4). */
export function unescapeQuoted(s: string, start: number, end: number): string {
  // Slices joined once: many tiny `+=` would build a deep rope for a hostile input.
  const parts: string[] = [];
  let from = start;
  for (let i = start; i < end; i++) {
    if (s.charCodeAt(i) === BACKSLASH) {
      parts.push(s.slice(from, i));
      i++;
      from = i;
    }
  }
  parts.push(s.slice(from, Math.min(end, s.length)));
  return parts.join('');
}

/**
 * No CTL but HTAB (CTLs are not allowed in a quoted-string, RFC 9110 §5.6.4; CR and LF are
 * CTLs too). Anchored and negated: V8 runs `^[^...]*$` as one tight loop, about 1.5x faster
 * than searching for `[...]`.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const NO_CONTROL = /^[^\u0000-\u0008\u000a-\u001f\u007f]*$/;

/** True when `s` holds a control character other than HTAB (line breaks included). */
export function hasControl(s: string): boolean {
  return !NO_CONTROL.test(s);
}

/** Where the last `scanQuoted` stopped (saves allocating a result object per value). */
export const quoted = { end: 0 };

/**
 * Scans the quoted-string whose opening quote is at `i` and returns its unescaped value;
 * `quoted.end` is then the index after the closing quote (or the end of `s` when it is
 * unterminated, which is recorded). `controls: false` says the caller already knows `s` has
 * no control character (one scan of the whole value instead of one per quoted string).
 */
export function scanQuoted(
  s: string,
  i: number,
  sink: ProblemSink,
  base: number,
  controls = true,
  backslash = -1,
): string {
  // Fast path: no backslash before the closing quote, so native searches find the end and
  // a (linear, backtracking-free) regex test finds control characters.
  // (Both searches stay within this value, so many quoted values remain linear overall.)
  // `backslash`: where the caller knows the next backslash at or after `i` is (`s.length`
  // when there is none), which spares a search of the value; -1 when it does not know.
  const close = s.indexOf('"', i + 1);
  if (close !== -1) {
    const value = s.slice(i + 1, close);
    if (backslash >= i ? backslash > close : value.indexOf('\\') === -1) {
      if (controls && hasControl(value)) {
        sink.add(
          'control-character',
          'A quoted string contains a control character, which RFC 9110 does not allow.',
          base + i,
        );
      }
      quoted.end = close + 1;
      return value;
    }
  }
  const n = s.length;
  let p = i + 1;
  let escaped = false;
  let control = false;
  while (p < n) {
    const c = s.charCodeAt(p);
    if (c === DQUOTE) break;
    if (c === BACKSLASH) {
      escaped = true;
      p += 2;
      continue;
    }
    if ((c < 32 && c !== HTAB) || c === 127) control = true;
    p++;
  }
  if (control) {
    sink.add(
      'control-character',
      'A quoted string contains a control character, which RFC 9110 does not allow.',
      base + i,
    );
  }
  if (p >= n) {
    sink.add(
      'unterminated-quoted-string',
      'A quoted string has no closing double quote; the rest of the value was taken as its content.',
      base + i,
    );
    quoted.end = n;
    return escaped ? unescapeQuoted(s, i + 1, n) : s.slice(i + 1, n);
  }
  quoted.end = p + 1;
  return escaped ? unescapeQuoted(s, i + 1, p) : s.slice(i + 1, p);
}

/** Index of the next top-level comma at or after `i` (quoted strings skipped), or `s.length`. */
export function skipToComma(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === COMMA) return i;
    if (c === DQUOTE) {
      i++;
      while (i < n) {
        const q = s.charCodeAt(i);
        if (q === DQUOTE) break;
        i += q === BACKSLASH ? 2 : 1;
      }
    }
    i++;
  }
  return n;
}

/** Trims SP / HTAB from both ends of `s[start, end)`. */
export function trimmedSlice(s: string, start: number, end: number): string {
  while (start < end) {
    const c = s.charCodeAt(start);
    if (c !== SP && c !== HTAB) break;
    start++;
  }
  while (end > start) {
    const c = s.charCodeAt(end - 1);
    if (c !== SP && c !== HTAB) break;
    end--;
  }
  return s.slice(start, end);
}

/** Quotes `value` as a quoted-string when it is not a non-empty token (for serialisers). */
export function quoteIfNeeded(value: string): string {
  if (value !== '' && scanToken(value, 0) === value.length) return value;
  return quote(value);
}

/** Always a quoted-string, escaping `"` and `\`. */
export function quote(value: string): string {
  let out = '"';
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === DQUOTE || c === BACKSLASH) {
      out += `${value.slice(from, i)}\\`;
      from = i;
    }
  }
  return `${out + value.slice(from)}"`;
}

const SCHEMES = new Map<string, string>([
  ['basic', 'Basic'],
  ['bearer', 'Bearer'],
  ['digest', 'Digest'],
  ['dpop', 'DPoP'],
  ['negotiate', 'Negotiate'],
  ['ntlm', 'NTLM'],
  ['mutual', 'Mutual'],
  ['hoba', 'HOBA'],
  ['aws4-hmac-sha256', 'AWS4-HMAC-SHA256'],
  ['scram-sha-1', 'SCRAM-SHA-1'],
  ['scram-sha-256', 'SCRAM-SHA-256'],
  ['vapid', 'vapid'],
  ['privatetoken', 'PrivateToken'],
  ['concealed', 'Concealed'],
]);

/** The registered spellings themselves (the common case: no lower-casing needed). */
const CANONICAL = new Set(SCHEMES.values());

/** The registered spelling of a known auth-scheme, or `scheme` unchanged. */
export function canonicalScheme(scheme: string): string {
  if (CANONICAL.has(scheme)) return scheme;
  return SCHEMES.get(scheme.toLowerCase()) ?? scheme;
}

/** True when `word` (any case) is a registered auth-scheme name. */
export function isKnownScheme(word: string): boolean {
  return SCHEMES.has(word.toLowerCase());
}

/** attr-char, RFC 8187 §3.2.1. */
const ATTR_CHAR = charTable('!#$&+-.^_`|~', ALNUM);

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/**
 * Decodes an RFC 8187 ext-value (`UTF-8''%c2%a3%20rates`, used by Digest's `username*`).
 * Only the UTF-8 and ISO-8859-1 charsets exist; `undefined` for anything malformed.
 */
export function decodeExtValue(s: string): string | undefined {
  const q1 = s.indexOf("'");
  const q2 = q1 === -1 ? -1 : s.indexOf("'", q1 + 1);
  if (q2 === -1) return undefined;
  const charset = s.slice(0, q1).toLowerCase();
  if (charset !== 'utf-8' && charset !== 'iso-8859-1') return undefined;
  const bytes: number[] = [];
  for (let i = q2 + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37) {
      const h = hexValue(s.charCodeAt(i + 1));
      const l = hexValue(s.charCodeAt(i + 2));
      if (h < 0 || l < 0) return undefined;
      bytes.push(h * 16 + l);
      i += 2;
    } else if (c < 128 && ATTR_CHAR[c] === 1) {
      bytes.push(c);
    } else {
      return undefined;
    }
  }
  const u8 = Uint8Array.from(bytes);
  return charset === 'utf-8' ? decodeUtf8(u8) : decodeLatin1(u8);
}

/** Buckets words by length, for `matchWord`. */
function byLength(words: readonly string[]): (string[] | undefined)[] {
  const out: (string[] | undefined)[] = [];
  for (const w of words) {
    const bucket = out[w.length] ?? [];
    bucket.push(w);
    out[w.length] = bucket;
  }
  return out;
}

/**
 * Parameter names that challenges and credentials commonly carry. `matchWord` hands back the
 * literal (an already internalised string) instead of a fresh slice, which spares the engine
 * hashing a new key string for every parameter it stores.
 */
export const COMMON_PARAMS = byLength([
  'realm',
  'charset',
  'scope',
  'error',
  'error_description',
  'error_uri',
  'acr_values',
  'max_age',
  'resource_metadata',
  'algs',
  'nonce',
  'opaque',
  'qop',
  'algorithm',
  'stale',
  'domain',
  'userhash',
  'username',
  'uri',
  'response',
  'cnonce',
  'nc',
  'title',
  'type',
  'challenge',
  'max-age',
  'authorization_uri',
  'resource_id',
  'resource',
  'credential',
  'signedheaders',
  'signature',
  'service',
]);

/** Registered scheme spellings, for `matchWord`. */
export const COMMON_SCHEMES = byLength([...CANONICAL]);

/** The word of `words` equal to `s[start, end)` (case-sensitive), or `undefined`. */
/** A lookup of `s[start, end)` among words bucketed by length (`byLength`). */
type WordMatcher = (
  words: readonly (string[] | undefined)[],
  s: string,
  start: number,
  end: number,
) => string | undefined;

export const matchWord: WordMatcher = (words, s, start, end) => {
  const length = end - start;
  const bucket = words[length];
  if (bucket === undefined) return undefined;
  const first = s.charCodeAt(start);
  // Compared in place (a `startsWith` call per candidate cost more than the comparison).
  for (let k = 0; k < bucket.length; k++) {
    const w = bucket[k] as string;
    if (w.charCodeAt(0) !== first) continue;
    let i = 1;
    while (i < length && w.charCodeAt(i) === s.charCodeAt(start + i)) i++;
    if (i === length) return w;
  }
  return undefined;
};

/**
 * The common parameter names and the registered schemes as one case-insensitive trie over
 * tchar, walked while a token is scanned (two small table reads per character): at the
 * token's end the state names the word, so no second pass compares it. Characters map to a
 * small alphabet first (`WORD_CLASS`, 0 for a character no word has), which keeps the table
 * small enough to stay in cache. State 0 is "no word" and stays 0. The next state is
 * `WORD_NEXT[(state << WORD_SHIFT) | WORD_CLASS[c]]`; `PARAM_AT` / `SCHEME_AT` give the
 * parameter name (lower case) or the scheme's registered spelling a state spells, if any.
 * Those literals are already internalised strings, which spares hashing a fresh key per
 * parameter. `PARAM_NUMBER` numbers the parameter names from 1 (0: none), so a list parser
 * can note the ones a challenge has as bits.
 */
export const WORD_ROOT = 1;
export const WORD_SHIFT = 6;
export const { WORD_CLASS, WORD_NEXT, PARAM_AT, PARAM_NUMBER, SCHEME_AT } = buildWordTrie();

function buildWordTrie(): {
  WORD_CLASS: Uint8Array;
  WORD_NEXT: Int16Array;
  PARAM_AT: (string | undefined)[];
  PARAM_NUMBER: Uint8Array;
  SCHEME_AT: (string | undefined)[];
} {
  const params = COMMON_PARAMS.flatMap((bucket) => bucket ?? []);
  const schemes = [...CANONICAL];
  const classes = new Uint8Array(128);
  let classCount = 1;
  let states = 2;
  for (const w of [...params, ...schemes]) {
    states += w.length;
    for (const char of w.toLowerCase()) {
      const c = char.charCodeAt(0);
      if (classes[c] !== 0) continue;
      classes[c] = classCount;
      // Upper-case letters are the same character class as their lower-case letters.
      if (c >= 97 && c <= 122) classes[c - 32] = classCount;
      classCount++;
    }
  }
  if (classCount > 1 << WORD_SHIFT) throw new Error('word trie: alphabet too large');
  const next = new Int16Array(states << WORD_SHIFT);
  const paramAt: (string | undefined)[] = new Array(states).fill(undefined);
  const schemeAt: (string | undefined)[] = new Array(states).fill(undefined);
  const paramNumber = new Uint8Array(states);
  let used = 2;
  const add = (word: string, at: (string | undefined)[]) => {
    let state = WORD_ROOT;
    for (const char of word.toLowerCase()) {
      const slot = (state << WORD_SHIFT) | (classes[char.charCodeAt(0)] as number);
      let to = next[slot] as number;
      if (to === 0) {
        to = used++;
        next[slot] = to;
      }
      state = to;
    }
    at[state] = word;
    return state;
  };
  params.forEach((w, k) => {
    paramNumber[add(w, paramAt)] = k + 1;
  });
  for (const w of schemes) add(w, schemeAt);
  return {
    WORD_CLASS: classes,
    WORD_NEXT: next,
    PARAM_AT: paramAt,
    PARAM_NUMBER: paramNumber,
    SCHEME_AT: schemeAt,
  };
}
