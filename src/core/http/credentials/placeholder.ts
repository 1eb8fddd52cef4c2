/**
 * Placeholders: what an unset variable or an unfilled template leaves in a credential
 * (`undefined`, `null`, `[object Object]`, `<token>`, `YOUR_TOKEN`, `${TOKEN}`, ...). Used by
 * the credential parser (placeholder-token), the secret collector and the HAR sanitizer (a
 * placeholder is no secret).
 */
import { COMMON_SCHEMES, isKnownScheme, scanToken } from '../grammar';

/** Words that are never a real token: what an unset variable or a template leaves behind. */
const PLACEHOLDER_WORDS = new Set([
  'undefined',
  'null',
  'nil',
  'none',
  'nan',
  'true',
  'false',
  'token',
  'accesstoken',
  'access_token',
  'access-token',
  'apikey',
  'api_key',
  'api-key',
  'jwt',
  'changeme',
  'placeholder',
  'redacted',
  'string',
]);

/**
 * True when `word` is a placeholder rather than a credential: `undefined`, `null`, `NaN`,
 * `[object Object]`, `<token>`, `YOUR_TOKEN`, `${TOKEN}`, `{{token}}`, `%s`, `$TOKEN`, `xxx`,
 * `...`, or a lone scheme word (`Bearer`, `Basic`, ...).
 */
export function isPlaceholderToken(word: string): boolean {
  if (word !== '' && !NOT_TOKEN68_CHAR.test(word)) return isPlainPlaceholder(word);
  const w = word.trim();
  if (w === '') return false;
  const lower = w.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower) || isKnownScheme(lower)) return true;
  const first = w.charCodeAt(0);
  const last = w.charCodeAt(w.length - 1);
  if (first === 60 /* < */ && last === 62 /* > */) return true;
  if (first === 91 /* [ */ && lower.startsWith('[object ') && last === 93) return true;
  if (w.includes('${') || w.includes('{{') || w.includes('#{')) return true;
  if (w.includes('%s') || w === '%d' || w === '%v') return true;
  if (lower.startsWith('your') && w.length <= 48) return true;
  if (lower.includes('_here') || lower.includes('-here') || lower.includes('replace_me')) {
    return true;
  }
  if (first === 36 /* $ */ && w.length > 1 && scanToken(w, 1) === w.length) return true;
  let same = true;
  for (let i = 1; i < w.length && same; i++) same = w.charCodeAt(i) === first;
  // xxx, ***, ...
  if (same && w.length >= 3 && (first === 120 || first === 88 || first === 42 || first === 46)) {
    return true;
  }
  return false;
}

/** The longest placeholder word or scheme name. */
const MAX_WORD = Math.max(
  ...[...PLACEHOLDER_WORDS].map((w) => w.length),
  COMMON_SCHEMES.length - 1,
);

/** A character that is neither a token68 character nor `=`. */
const NOT_TOKEN68_CHAR = /[^A-Za-z0-9\-._~+/=]/;

/** What a placeholder spelled only in token68 characters can contain. */
const HERE = /[-_]here|replace_me/i;

/**
 * `isPlaceholderToken` for a non-empty word made only of token68 characters and `=` (every
 * real token): nothing to trim, and no `<...>`, `[object`, `${`, `%s` or `$NAME` can match,
 * so only the words, `your...`, `_here` / `replace_me` and `xxx...` are left to check. The
 * same answer without lower-casing and hashing a copy of a long token.
 */
export function isPlainPlaceholder(w: string): boolean {
  if (w.length <= MAX_WORD) {
    const lower = w.toLowerCase();
    if (PLACEHOLDER_WORDS.has(lower) || isKnownScheme(lower)) return true;
  }
  if (w.length <= 48 && startsWithYour(w)) return true;
  if (HERE.test(w)) return true;
  const first = w.charCodeAt(0);
  if (first !== 120 /* x */ && first !== 88 /* X */ && first !== 46 /* . */) return false;
  if (w.length < 3) return false;
  for (let i = 1; i < w.length; i++) if (w.charCodeAt(i) !== first) return false;
  return true;
}

/** `your` in any case at the start (ASCII: `w` holds token68 characters only). */
function startsWithYour(w: string): boolean {
  return (
    w.length >= 4 &&
    (w.charCodeAt(0) | 32) === 121 &&
    (w.charCodeAt(1) | 32) === 111 &&
    (w.charCodeAt(2) | 32) === 117 &&
    (w.charCodeAt(3) | 32) === 114
  );
}
