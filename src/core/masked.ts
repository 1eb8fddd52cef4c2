/**
 * Values that whoever made the capture removed or masked: `[REDACTED]`, `Bearer [REDACTED]`,
 * `***`, `<redacted>`, `[Filtered]`, `xxxxxxxx`, `••••`, `Sanitized`, a recorder's
 * `<GITHUB_TOKEN>` substitution, a value cut short to a few characters and `...` (`ntn_...`),
 * any run of one repeated mask character, and 401 Doctor's own
 * masks (`abcd…wxyz`, `•••`, a JWT whose signature reads `REDACTED`).
 *
 * A masked credential was *sent*: the diagnoses treat it as a credential of unknown value,
 * never as a placeholder and never as "no credentials". Chrome's "sanitized" export, which
 * drops Authorization, Cookie and Set-Cookie altogether, shows in no single value: it is told
 * by the whole file (`createSanitizedExportCheck` in ./sanitized-export.ts, beside this one:
 * it reads response bodies, which the background never loads).
 *
 * Linear in the value, no backtracking: this runs on every header of every failed request.
 */

/** 401 Doctor's own marks (`redact`): the ellipsis between kept ends, the hidden bullets. */
const OWN_MARKS = ['…', '•'];

/** Whole values (brackets, quotes and stars around them removed) that mean "hidden here". */
const MASK_WORDS = new Set([
  'redacted',
  'filtered',
  'hidden',
  'removed',
  'masked',
  'sanitized',
  'sanitised',
  'omitted',
  'censored',
  'scrubbed',
  'obfuscated',
  'elided',
  'not shown',
  'value hidden',
]);

/** Characters that tools repeat to hide a value (`****`, `xxxxxxxx`, `####`, `●●●`). */
const RUN_CHARS: Record<string, number> = {
  '*': 3,
  x: 6,
  X: 6,
  '#': 4,
  '●': 2,
  '·': 3,
  '░': 2,
  '█': 2,
};

/**
 * How the value was masked, in a few words for evidence (`[REDACTED]`, `a run of "*"`,
 * `401 Doctor's mask`), or undefined when it was not. `Scheme <mask>` (an Authorization value)
 * and `name=<mask>` count too: the credential part is what is looked at.
 */
export function findCaptureMask(value: string): string | undefined {
  for (const mark of OWN_MARKS) if (value.includes(mark)) return "401 Doctor's mask";
  // Fast path for the common case (a real token): one scan for the characters masks use.
  if (!mayBeMask(value)) return undefined;
  const text = value.trim();
  const part = credentialPart(text);
  if (part === '') return undefined;
  if (TRUNCATED.test(part)) return 'cut short to a few characters and "..."';
  const run = RUN_CHARS[part.charAt(0)];
  if (run !== undefined && part.length >= run && isRunOf(part, part.charAt(0)))
    return `a run of "${part.charAt(0)}"`;
  const word = part
    .replace(/^[[<{(%*"'_\s]+|[\]>})%*"'_\s]+$/g, '')
    .toLowerCase()
    .replace(/[_-]+/g, ' ');
  if (MASK_WORDS.has(word)) return part.length > 40 ? `${part.slice(0, 37)}...` : part;
  // A recorder's substitution: VCR `filter_sensitive_data('<GITHUB_TOKEN>')` and the like.
  // Lower-case `<token>` stays a placeholder (a value the client really sent).
  if (/^<[A-Z][A-Z0-9_]{2,60}>$/.test(part)) return `the recorder's substitution ${part}`;
  // Masked inside a longer value: `sk_test_****1234`, `AKIA****`, `eyJ….eyJ….REDACTED`.
  if (/\*{4,}|x{8,}|X{8,}/.test(text)) return 'stars or x-es in place of characters';
  if (/(^|[^A-Za-z])(REDACTED|redacted|Redacted|FILTERED|Filtered)([^A-Za-z]|$)/.test(text))
    return /redacted/i.test(text) ? 'REDACTED' : 'FILTERED';
  return undefined;
}

/** True when a value has already been masked by us or by another tool. */
export function isMaskedValue(value: string): boolean {
  return findCaptureMask(value) !== undefined;
}

/** The words evidence uses for a masked credential: what the capture hid. */
export function hiddenValueEvidence(label: string, value: string): string {
  const mask = findCaptureMask(value);
  return `${label}: a credential was sent, but the capture hid its value${mask ? ` (${mask})` : ''}, so its format, expiry and claims cannot be checked here`;
}

function mayBeMask(value: string): boolean {
  // * [ < # and the dot and block marks; then whole-word masks without brackets (`REDACTED`,
  // `Sanitized`) and runs of x. Two regex scans: faster than a loop over a long token.
  return MASK_CHAR.test(value) || MASK_WORD.test(value) || value.trimEnd().endsWith('...');
}

/**
 * A value cut short to a few characters and an ASCII ellipsis: VCR.py's `filter_headers`
 * replacement `ntn_...`, `sk-...`, a log's `ghp_abc...`. Masks keep a short, recognisable
 * head (a vendor prefix, a few characters, as `redact` keeps four), so the head is 1 to 16
 * token characters, not only dots. No real credential ends in `...` (base64, hex and JWTs
 * do not); a longer value cut with `...` is left to the format checks (a truncated token is a
 * bug of its own: jwt-malformed), and `...` alone is a placeholder.
 */
const TRUNCATED = /^(?=[^.]|\.[^.])[\w.~+/:=-]{1,16}\.{3}$/;

const MASK_CHAR = /[*[<#\u25cf\u00b7\u2591\u2588]/;
const MASK_WORD = /redacted|filtered|sanitized|sanitised|hidden|removed|masked|omitted|xxxxxx/i;

/** The part that holds the secret: after an auth scheme, or after `name=`. */
function credentialPart(text: string): string {
  const space = text.search(/\s/);
  if (space > 0 && /^[A-Za-z][A-Za-z0-9._~+/-]*$/.test(text.slice(0, space))) {
    const rest = text.slice(space).trim();
    const eq = /^[A-Za-z][\w-]*=/.exec(rest);
    return eq ? rest.slice(eq[0].length).replace(/^"|"$/g, '') : rest;
  }
  return text;
}

function isRunOf(text: string, char: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charAt(i) !== char) return false;
  return true;
}
