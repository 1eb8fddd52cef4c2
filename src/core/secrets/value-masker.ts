/**
 * Masking secrets by value: every copy of a known secret, wherever it is (a body echoing the
 * token, a Referer carrying it, a page title, a WebSocket frame), in every encoding it is
 * commonly copied in: as is, percent-encoded (URLs), form-encoded (`+` for spaces),
 * JSON-escaped (also with `\/`), and lower-case percent escapes.
 *
 * One scan per text for all secrets at once (Rabin–Karp over the shortest pattern's length):
 * linear in the text with a small constant, whatever the number of secrets, so masking a
 * 100 MB file with thousands of tokens stays a single pass.
 */
import { HIDDEN, redact } from '../redact';
import { jsonSecretMembers, looksLikeForm, namedSecretClass, type SecretValue } from './collect';
import { isJwt, isSearchableSecret, type SecretClass } from './model';
import { paramsOf, replaceParams } from './params';

/** How copies are masked: for display (`abcd…`) or in a sanitized file (JWT claims kept). */
export type MaskMode = 'display' | 'sanitize';

/** The mask of one secret value: how `redact` shows a secret of this class. */
export function maskSecretValue(
  value: string,
  kind: SecretClass,
  mode: MaskMode = 'display',
): string {
  if (kind === 'password' || kind === 'cookie') return HIDDEN;
  if (isJwt(value)) return redact(value, mode === 'sanitize' ? 'jwt-claims' : 'jwt');
  return redact(value, 'token');
}

interface Pattern {
  text: string;
  /** The replacement, worked out on the first copy found (most patterns are never found). */
  mask: string | undefined;
  kind: SecretClass;
  value: string;
}

export interface ValueMasker {
  /** `text` with every copy of every secret masked; the same string when nothing was found. */
  mask(text: string): string;
  /** Copies masked so far, by class of secret. */
  readonly counts: Record<SecretClass, number>;
  /** How many secret values the masker looks for. */
  readonly size: number;
}

/** The encodings of a value that are searched for, the value itself first. */
export function encodedForms(value: string): string[] {
  // Letters, digits, `-`, `_` and `.` are the same in every encoding below (most tokens).
  if (UNCHANGED_BY_ENCODING.test(value)) return [value];
  const forms = new Set<string>([value]);
  const uri = encodeURIComponent(value);
  forms.add(uri);
  forms.add(uri.replace(/%20/g, '+'));
  // URLSearchParams and most form encoders also escape ! ' ( ) ~.
  const strict = uri.replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  forms.add(strict);
  forms.add(strict.replace(/%20/g, '+'));
  if (uri.includes('%')) forms.add(uri.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()));
  const json = JSON.stringify(value).slice(1, -1);
  forms.add(json);
  if (json.includes('/')) forms.add(json.replace(/\//g, '\\/'));
  // Not every character is always escaped: `/` and `:` often stay in query values.
  if (uri.includes('%2F') || uri.includes('%3A'))
    forms.add(uri.replace(/%2F/g, '/').replace(/%3A/g, ':'));
  return [...forms];
}

const UNCHANGED_BY_ENCODING = /^[A-Za-z0-9._-]*$/;

/** A mask safe to put where the encoded form was (no character that changes the meaning). */
function maskInPlace(mask: string, form: string, value: string): string {
  if (form === value) return mask;
  return mask.replace(/[^A-Za-z0-9\-._~…•]/g, (c) => encodeURIComponent(c));
}

const BASE = 0x01000193;

/**
 * A masker for `secrets` (from ./collect.ts). Longer secrets win where two start at the same
 * place; a copy is replaced by the mask of its secret (`maskSecretValue`), in `mode`.
 */
export function createValueMasker(
  secrets: readonly SecretValue[],
  mode: MaskMode = 'display',
): ValueMasker {
  const counts: Record<SecretClass, number> = {
    password: 0,
    token: 0,
    key: 0,
    cookie: 0,
    signature: 0,
    code: 0,
  };
  const patterns: Pattern[] = [];
  const seen = new Set<string>();
  for (const secret of secrets) {
    for (const form of encodedForms(secret.value)) {
      if (seen.has(form) || form.length < 4) continue;
      seen.add(form);
      patterns.push({ text: form, mask: undefined, kind: secret.kind, value: secret.value });
    }
  }
  const maskOf = (p: Pattern): string => {
    p.mask ??= maskInPlace(maskSecretValue(p.value, p.kind, mode), p.text, p.value);
    return p.mask;
  };
  if (patterns.length === 0) return { mask: (text) => text, counts, size: 0 };
  let width = Number.POSITIVE_INFINITY;
  for (const p of patterns) width = Math.min(width, p.text.length);
  // Long windows cost more to roll in but give fewer false hits; 16 is plenty.
  width = Math.min(width, 16);
  let top = 1;
  for (let i = 1; i < width; i++) top = Math.imul(top, BASE);
  const hashOf = (text: string, from: number): number => {
    let h = 0;
    for (let i = 0; i < width; i++) h = (Math.imul(h, BASE) + text.charCodeAt(from + i)) | 0;
    return h;
  };
  const table = new Map<number, Pattern[]>();
  // A bit per slot, about 32 slots per pattern (at least 2^16, at most 2^27 bits = 16 MB): the
  // windows that pass it stay a few percent of the text however many secrets there are, so
  // the cost per character does not grow with the number of secrets (a fixed-size filter
  // filled up with a HAR's hundreds of thousands of tokens, and every window went to the map).
  let bits = 16;
  while (bits < 27 && 1 << bits < patterns.length * 32) bits++;
  const shift = 32 - bits;
  const filter = new Int32Array(1 << (bits - 5));
  const slotOf = (h: number) => Math.imul(h, 0x9e3779b1) >>> shift;
  for (const p of patterns) {
    const h = hashOf(p.text, 0);
    const list = table.get(h);
    if (list) list.push(p);
    else table.set(h, [p]);
    const slot = slotOf(h);
    filter[slot >>> 5] = (filter[slot >>> 5] ?? 0) | (1 << (slot & 31));
  }
  for (const list of table.values()) list.sort((a, b) => b.text.length - a.text.length);
  // A quick reject for short strings: none of the patterns' first characters is in them.
  const firsts = new Set<number>(patterns.map((p) => p.text.charCodeAt(0)));

  function mask(text: string): string {
    const n = text.length;
    if (n < width) return text;
    let out = '';
    let copied = 0;
    let i = 0;
    let h = hashOf(text, 0);
    while (i + width <= n) {
      const slot = slotOf(h);
      if (
        ((filter[slot >>> 5] ?? 0) & (1 << (slot & 31))) !== 0 &&
        firsts.has(text.charCodeAt(i))
      ) {
        const list = table.get(h);
        let hit: Pattern | undefined;
        if (list)
          for (const p of list)
            if (text.startsWith(p.text, i)) {
              hit = p;
              break;
            }
        if (hit) {
          const replacement = maskOf(hit);
          out += text.slice(copied, i) + replacement;
          if (replacement !== hit.text) counts[hit.kind]++;
          i += hit.text.length;
          copied = i;
          if (i + width <= n) h = hashOf(text, i);
          continue;
        }
      }
      if (i + width < n)
        h =
          (Math.imul(h - Math.imul(text.charCodeAt(i), top), BASE) + text.charCodeAt(i + width)) |
          0;
      i++;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }
  return { mask, counts, size: seen.size };
}

/**
 * The searchable secrets of one `secrets` array, what rules out a copy, and the masker. (Made
 * by a constructor, not a literal: it is kept as long as its array, see `MemoEntry` in
 * ./collect.ts.)
 */
class TextSecrets {
  constructor(
    readonly values: SecretValue[],
    /**
     * Each value's start made of letters, digits, `-`, `_` and `.` (at most `START_LENGTH` of
     * them): every encoded form of the value starts with it, so a text that contains none of
     * them holds no copy. Undefined when some value has no such start (then the masker is asked).
     */
    readonly starts: string[] | undefined,
    /** The shortest value's length: no encoded form is shorter, so no shorter text holds one. */
    readonly shortest: number,
  ) {}
  masker: ValueMasker | undefined = undefined;
}

const textSecrets = new WeakMap<readonly (string | SecretValue)[], TextSecrets>();

/**
 * `TextSecrets` of an array not seen before. (Apart from `redactText`, which finds most arrays
 * known: so it is not compiled into it, nor are the arrays it makes, see `TextSecrets`.)
 */
function newTextSecrets(secrets: readonly (string | SecretValue)[]): TextSecrets {
  // (Arrays made by Array.from and filter, not literals filled in a loop: they are kept as
  // long as `secrets`, see `TextSecrets`.)
  const values = Array.from(secrets, asSecretValue).filter(isSearchableValue);
  let shortest = Number.POSITIVE_INFINITY;
  let safe = true;
  for (const value of values) {
    shortest = Math.min(shortest, value.value.length);
    if (safeStartEnd(value.value, START_LENGTH) === 0) safe = false;
  }
  const starts = safe ? withoutLongerStarts(Array.from(values, startOf)) : undefined;
  const known = new TextSecrets(values, starts, shortest);
  textSecrets.set(secrets, known);
  return known;
}

function asSecretValue(secret: string | SecretValue): SecretValue {
  return typeof secret === 'string' ? { value: secret, kind: 'token' } : secret;
}

function isSearchableValue(secret: SecretValue): boolean {
  return isSearchableSecret(secret.value);
}

/** The start of a value `redactText` looks for (see `TextSecrets.starts`). */
function startOf(secret: SecretValue): string {
  const end = safeStartEnd(secret.value, START_LENGTH);
  return end === secret.value.length ? secret.value : secret.value.slice(0, end);
}

/**
 * How much of a value's start `redactText` looks for: enough that ordinary text does not hold
 * it by chance, short enough that finding it costs little (a JWT is hundreds of characters,
 * and its start is looked for in every line of evidence).
 */
const START_LENGTH = 24;

/** The length of `value`'s start made of letters, digits, `.`, `_` and `-`, at most `max`. */
function safeStartEnd(value: string, max: number): number {
  const n = Math.min(value.length, max);
  let i = 0;
  while (i < n) {
    const c = value.charCodeAt(i);
    if (
      !(
        (c >= 0x61 && c <= 0x7a) ||
        (c >= 0x41 && c <= 0x5a) ||
        (c >= 0x30 && c <= 0x39) ||
        c === 0x2e ||
        c === 0x5f ||
        c === 0x2d
      )
    )
      break;
    i++;
  }
  return i;
}

/**
 * `starts` without those that begin with another (a text holding `abcdef` holds `abc`), when
 * there are few enough to compare each with each: a Basic credential with and without its
 * `=` padding share their start.
 */
function withoutLongerStarts(starts: string[]): string[] {
  if (starts.length < 2 || starts.length > 16) return starts;
  return starts.filter(
    (start, i) =>
      !starts.some(
        (other, j) => j !== i && start.startsWith(other) && (other.length < start.length || j < i),
      ),
  );
}

/** True when `text` contains one of `starts`. */
function holdsAny(text: string, starts: readonly string[]): boolean {
  for (const start of starts) if (text.includes(start)) return true;
  return false;
}

/**
 * A last pass over free text (server bodies quoted in evidence, error descriptions, URLs):
 * every copy of a secret of the exchange being explained is replaced by its mask. `secrets`
 * comes from `collectExchangeSecrets` (a plain string counts as a token). Values the model
 * does not search for (`isSearchableSecret`: short, plain words) are left alone: masking them
 * would mangle ordinary sentences and, worse, show which word the secret is. The masker is
 * built once per `secrets` array, and only when a text may hold a copy: most evidence holds
 * none, and most exchanges are explained without building one.
 */
export function redactText(text: string, secrets: readonly (string | SecretValue)[]): string {
  if (secrets.length === 0 || text.length < 4) return text;
  const known = textSecrets.get(secrets) ?? newTextSecrets(secrets);
  if (known.values.length === 0 || text.length < known.shortest) return text;
  if (known.starts && !holdsAny(text, known.starts)) return text;
  known.masker ??= createValueMasker(known.values);
  return known.masker.mask(text);
}

/**
 * A body with the values of its secret fields masked where they are named: form fields
 * (`password=...&client_secret=...`) and JSON members (`"refresh_token": "..."`), whatever
 * their length. `mask` gives the replacement of a value, or undefined to keep it (a value the
 * user revealed); `onMasked` hears each one masked. Everything else is kept as written.
 */
export function maskBodyFields(
  text: string,
  mimeType: string,
  mask: (value: string, kind: SecretClass) => string | undefined,
  onMasked: (kind: SecretClass) => void = () => {},
): string {
  if (text === '') return text;
  if (looksLikeForm(text, mimeType)) {
    return replaceParams(text, paramsOf(text), (param) => {
      if (param.raw === '') return undefined;
      const kind = namedSecretClass(param.name, param.value, true);
      const next = kind === undefined ? undefined : mask(param.value, kind);
      if (next === undefined || kind === undefined) return undefined;
      onMasked(kind);
      return maskInPlace(next, param.raw, param.value);
    });
  }
  const first = text.trimStart().charCodeAt(0);
  if (first !== 0x7b && first !== 0x5b && !mimeType.includes('json')) return text;
  let out = '';
  let copied = 0;
  for (const member of jsonSecretMembers(text)) {
    const next = mask(member.value, member.kind);
    if (next === undefined) continue;
    onMasked(member.kind);
    out += text.slice(copied, member.start) + JSON.stringify(next).slice(1, -1);
    copied = member.end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
