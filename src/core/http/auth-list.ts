/**
 * The list grammar shared by challenges and credentials (RFC 9110 §11.3, §11.4):
 *
 *   challenge   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 *   credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 *   auth-param  = token BWS "=" BWS ( token / quoted-string )
 *   token68     = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
 *
 * A list element that starts with `token BWS "="` is a parameter of the current challenge;
 * any other token starts a new challenge. Empty list elements (`,,`) are skipped (RFC 9110
 * §5.6.1). One hand-written pass with charCodeAt, so the cost is linear in the input.
 *
 * Recovery follows what browsers do: a parameter after a bare `Scheme,` joins that scheme;
 * an unquoted value that runs into junk extends to the next comma; an unterminated quoted
 * string takes the rest of the line; the first of duplicated parameters wins.
 */

import { ParsedChallenge } from './challenge-views';
import {
  canonicalScheme,
  createParams,
  hasControl,
  quoted as lastQuoted,
  PARAM_AT,
  PARAM_NUMBER,
  type ProblemSink,
  SCHEME_AT,
  scanQuoted,
  scanToken,
  skipToComma,
  T68,
  TCHAR,
  trimmedSlice,
  WORD_CLASS,
  WORD_NEXT,
  WORD_ROOT,
  WORD_SHIFT,
} from './grammar';
import type { Challenge } from './types';

const SP = 32;
const HTAB = 9;
const COMMA = 44;
const DQUOTE = 34;
const EQUALS = 61;

/**
 * Shared by every challenge that has no parameters (most of them: `Negotiate`, `NTLM`,
 * token68 forms), so a header with thousands of bare schemes allocates little. Frozen.
 */
const NO_PARAMS = Object.freeze(createParams());

/** Parser modes: `Scheme` with nothing after it yet, `Scheme token68`, `Scheme a=b, ...`. */
const Mode = { Bare: 0, Token68: 1, Params: 2 } as const;

export interface AuthListOptions {
  /**
   * Unquoted values may hold any character but comma and whitespace without an error (AWS
   * SigV4 sends `Credential=AKID/20240101/us-east-1/s3/aws4_request`, which is not a token).
   */
  lenientValues?: boolean;
  /**
   * The caller has checked that `s` holds no control character and no line break, so the
   * parser does not scan for them again.
   */
  clean?: boolean;
}

/** Parses one field line into challenges (or credentials), recording problems in `sink`. */
export function parseAuthList(
  s: string,
  sink: ProblemSink,
  out: Challenge[],
  options?: AuthListOptions,
): void {
  /** Whether quoted strings must look for control characters (most values have none). */
  let controls = options?.clean !== true && hasControl(s);
  if (controls && hasLineBreak(s)) {
    // Unfolded obs-fold or a stray newline: read as a space (RFC 9112 §5.2), same offsets.
    const at = firstLineBreak(s);
    sink.add('line-break', 'The value contains a line break; it was read as a space.', at);
    s = s.replace(/[\r\n]/g, ' ');
    controls = hasControl(s);
  }
  const n = s.length;
  const lenient = options?.lenientValues === true;
  let i = 0;
  /** The next backslash at or after the last quoted string (`n` when none): one search per value saved. */
  let backslash = -1;
  let current: Challenge | undefined;
  let mode: number = Mode.Bare;
  /** The next element directly follows `Scheme SP` (no comma): it must be a parameter. */
  let firstAfterScheme = false;
  let commaAfterSchemeReported = false;
  let bwsReported = false;
  /** The common parameter names (grammar.ts `PARAM_NUMBER`) the current challenge has, as bits. */
  let commonSeen = 0;
  let commonSeenHigh = 0;
  /** Its other parameter names (the first 16; then a keyed lookup). */
  let seen: string[] | undefined;
  /** How many of `seen` belong to the current challenge (a counter: no array truncation). */
  let seenCount = 0;

  while (i < n) {
    // Skip OWS and empty list elements.
    let c = s.charCodeAt(i);
    if (c === SP || c === HTAB || c === COMMA) {
      if (c === COMMA) firstAfterScheme = false;
      i++;
      continue;
    }
    if (c >= 128 || TCHAR[c] === 0) {
      sink.add(
        'invalid-character',
        `Unexpected character ${JSON.stringify(s[i])} where a scheme or parameter name should start.`,
        i,
      );
      i = skipToComma(s, i);
      continue;
    }
    const tokenStart = i;
    // The token, noting upper-case letters so lower-casing the name is skipped when it can be.
    // The token, walking the trie of common words (grammar.ts) and noting upper-case
    // letters (an unknown name is lower-cased only when it has some).
    let tokenEnd = i;
    let upper = false;
    let word = WORD_ROOT;
    while (tokenEnd < n) {
      const t = s.charCodeAt(tokenEnd);
      if (t >= 128 || TCHAR[t] === 0) break;
      if (t >= 65 && t <= 90) upper = true;
      word = WORD_NEXT[(word << WORD_SHIFT) | (WORD_CLASS[t] as number)] as number;
      tokenEnd++;
    }
    const j = skipWs(s, tokenEnd);

    if (j < n && s.charCodeAt(j) === EQUALS) {
      // auth-param
      const name =
        PARAM_AT[word] ??
        (upper ? s.slice(tokenStart, tokenEnd).toLowerCase() : s.slice(tokenStart, tokenEnd));
      if (j > tokenEnd && !bwsReported) {
        bwsReported = true;
        sink.add(
          'whitespace-around-equals',
          'Whitespace around "=" in a parameter (RFC 9110 BWS: accepted, but senders must not send it).',
          tokenEnd,
        );
      }
      let p = j + 1;
      const afterEquals = p;
      p = skipWs(s, p);
      if (p > afterEquals && !bwsReported) {
        bwsReported = true;
        sink.add(
          'whitespace-around-equals',
          'Whitespace around "=" in a parameter (RFC 9110 BWS: accepted, but senders must not send it).',
          afterEquals,
        );
      }
      let value: string;
      let quoted = false;
      c = p < n ? s.charCodeAt(p) : -1;
      if (c === -1 || c === COMMA) {
        sink.add('missing-param-value', `The parameter "${name}" has no value.`, tokenStart);
        value = '';
      } else if (c === DQUOTE) {
        if (backslash < p) {
          backslash = s.indexOf('\\', p);
          if (backslash === -1) backslash = n;
        }
        value = scanQuoted(s, p, sink, 0, controls, backslash);
        quoted = true;
        p = lastQuoted.end;
      } else {
        const valueStart = p;
        p = lenient ? scanLenient(s, p) : scanToken(s, p);
        value = s.slice(valueStart, p);
      }
      // After the value: OWS, then a comma or the end.
      let q = skipWs(s, p);
      if (q < n && s.charCodeAt(q) !== COMMA) {
        const end = skipToComma(s, q);
        if (!quoted) {
          // Browsers take an unquoted value up to the next comma.
          value = trimmedSlice(s, p - value.length, end);
        }
        sink.add(
          'invalid-character',
          quoted
            ? `The quoted value of "${name}" is followed by ${JSON.stringify(s[q])}; a comma or the end was expected.`
            : `The value of "${name}" holds ${JSON.stringify(s[q])}, which an unquoted value cannot; it was read up to the next comma.`,
          q,
        );
        q = end;
      }
      i = q;
      if (!quoted && value.length > 1 && value.charCodeAt(0) === 39) {
        sink.add(
          'single-quoted-value',
          `The value of "${name}" uses single quotes, which are ordinary characters in HTTP, not quotes.`,
          tokenStart,
        );
      }
      if (current === undefined) {
        sink.add(
          'param-without-challenge',
          `The parameter "${name}" comes before any auth-scheme and was ignored.`,
          tokenStart,
        );
        continue;
      }
      if (mode === Mode.Token68) {
        sink.add(
          'param-after-token68',
          `The parameter "${name}" follows a token68 credential; a challenge has one or the other.`,
          tokenStart,
        );
      } else if (mode === Mode.Bare && !commaAfterSchemeReported) {
        commaAfterSchemeReported = true;
        sink.add(
          'comma-after-scheme',
          `A comma separates "${current.scheme}" from its parameters; RFC 9110 needs a space there.`,
          tokenStart,
        );
      }
      mode = Mode.Params;
      firstAfterScheme = false;
      if (name === 'realm' && !quoted && value !== '') {
        sink.add(
          'realm-unquoted',
          'The realm is not a quoted string (RFC 9110 §11.5: senders must quote it).',
          tokenStart,
        );
      }
      let params = current.params;
      if (params === NO_PARAMS) {
        params = createParams();
        current.params = params;
        seenCount = 0;
        commonSeen = 0;
        commonSeenHigh = 0;
      }
      // Duplicates: a bit per common name, and a short list of the others (cheaper than a
      // keyed lookup that misses through the prototype chain, which is the common case).
      let duplicate = false;
      const number = PARAM_NUMBER[word] as number;
      if (number !== 0) {
        const bit = 1 << (number & 31);
        if (number < 32) {
          duplicate = (commonSeen & bit) !== 0;
          commonSeen |= bit;
        } else {
          duplicate = (commonSeenHigh & bit) !== 0;
          commonSeenHigh |= bit;
        }
      } else {
        seen ??= [];
        for (let k = 0; k < seenCount; k++) {
          if (seen[k] === name) {
            duplicate = true;
            break;
          }
        }
        if (seenCount >= 16 && !duplicate) duplicate = params[name] !== undefined;
        if (!duplicate && seenCount < 16) seen[seenCount++] = name;
      }
      if (duplicate) {
        sink.add(
          'duplicate-param',
          `The parameter "${name}" appears more than once in one challenge; the first one was kept.`,
          tokenStart,
        );
      } else {
        params[name] = value;
      }
      continue;
    }

    // A new challenge: auth-scheme [ 1*SP ( token68 / #auth-param ) ]
    if (firstAfterScheme) {
      sink.add(
        'invalid-character',
        `"${s.slice(tokenStart, tokenEnd)}" follows a scheme without a comma and is not a parameter.`,
        tokenStart,
      );
    }
    current = new ParsedChallenge(
      SCHEME_AT[word] ?? canonicalScheme(s.slice(tokenStart, tokenEnd)),
      NO_PARAMS,
      tokenStart,
    );
    out.push(current);
    mode = Mode.Bare;
    commaAfterSchemeReported = false;
    firstAfterScheme = false;
    if (j >= n) {
      i = j;
      continue;
    }
    if (s.charCodeAt(j) === COMMA) {
      // `Scheme, ...` ends a bare scheme; `Scheme , a=b` is `Scheme SP` and a list whose
      // first element is empty (RFC 9110 §5.6.1), so parameters may follow.
      if (j > tokenEnd) mode = Mode.Params;
      i = j;
      continue;
    }
    if (j === tokenEnd) {
      sink.add(
        'invalid-character',
        `The scheme "${current.scheme}" is followed by ${JSON.stringify(s[j])}; a space was expected.`,
        j,
      );
      i = skipToComma(s, j);
      continue;
    }
    // token68? 1*t68char *"=" then OWS and a comma or the end.
    let k = j;
    while (k < n && isT68(s.charCodeAt(k))) k++;
    if (k > j) {
      let m = k;
      while (m < n && s.charCodeAt(m) === EQUALS) m++;
      const e = skipWs(s, m);
      if (e >= n || s.charCodeAt(e) === COMMA) {
        current.token68 = s.slice(j, m);
        mode = Mode.Token68;
        i = e;
        continue;
      }
    }
    mode = Mode.Params;
    firstAfterScheme = true;
    i = j;
  }
}

/** Lenient unquoted value: anything up to a comma or whitespace. */
function scanLenient(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === COMMA || c === SP || c === HTAB || c === DQUOTE || c < 32) break;
    i++;
  }
  return i;
}

function hasLineBreak(s: string): boolean {
  return s.indexOf('\n') !== -1 || s.indexOf('\r') !== -1;
}

function firstLineBreak(s: string): number {
  const a = s.indexOf('\n');
  const b = s.indexOf('\r');
  return a === -1 ? b : b === -1 ? a : Math.min(a, b);
}

function skipWs(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c !== SP && c !== HTAB) break;
    i++;
  }
  return i;
}

function isT68(c: number): boolean {
  return c < 128 && T68[c] === 1;
}
