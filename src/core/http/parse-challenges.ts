/**
 * WWW-Authenticate and Proxy-Authenticate (RFC 9110 §11.6.1, §11.7.1), with the checks and
 * the normalised views of the schemes 401 Doctor knows: Basic (RFC 7617), Bearer (RFC 6750,
 * RFC 9470, RFC 9728), Digest (RFC 7616), DPoP (RFC 9449), Negotiate / NTLM (RFC 4559),
 * HOBA (RFC 7486), Mutual (RFC 8120) and AWS4-HMAC-SHA256.
 */
import { parseAuthList } from './auth-list';
import { commonQop, digestAlgorithm, equalsLower, isDigits, splitSpaces } from './challenge-views';
import { canonicalScheme, ProblemSink, quote, quoteIfNeeded } from './grammar';
import type { Challenge, ChallengesResult, Problem } from './types';

/**
 * Parses a WWW-Authenticate or Proxy-Authenticate value. Pass every field line (`string[]`)
 * when the header was sent more than once: that equals joining them with commas (RFC 9110
 * §5.3), and problem offsets then carry the `line` index. Never throws; linear in the input.
 *
 * Grammar errors are `error` problems and the parser still recovers what a browser would;
 * legal but questionable input (unquoted realm, missing realm) is a `warning`.
 */
export function parseChallenges(value: string | readonly string[]): ChallengesResult {
  const challenges: Challenge[] = [];
  const problems: Problem[] = [];
  if (typeof value === 'string') {
    // One line: its problems go straight into the result (the cap is per line either way).
    parseLine(value, new ProblemSink(undefined, problems), challenges);
  } else if (Array.isArray(value)) {
    for (let line = 0; line < value.length; line++) {
      const v = value[line];
      const sink = new ProblemSink(line);
      parseLine(typeof v === 'string' ? v : '', sink, challenges);
      for (const p of sink.list) problems.push(p);
    }
  }
  if (challenges.length === 0 && !hasError(problems)) {
    problems.push({
      severity: 'warning',
      code: 'empty-value',
      message: 'The header holds no challenge.',
    });
  }
  return { challenges, problems };
}

function hasError(problems: readonly Problem[]): boolean {
  for (const p of problems) if (p.severity === 'error') return true;
  return false;
}

function parseLine(s: string, sink: ProblemSink, challenges: Challenge[]): void {
  const from = challenges.length;
  // Printable ASCII only (the usual header): no control character for the list parser to
  // look for, and the scheme checks can test values with native searches.
  const plain = PRINTABLE.test(s);
  parseAuthList(s, sink, challenges, plain ? CLEAN : undefined);
  for (let k = from; k < challenges.length; k++) {
    checkChallenge(challenges[k] as Challenge, sink, plain);
  }
}

/** No HTAB either: NQSCHAR excludes it. */
const PRINTABLE = /^[\u0020-\u007e]*$/;
const CLEAN = Object.freeze({ clean: true });

/** RFC 6750 §3.1, plus RFC 9470 §3 (step-up authentication). */
// (Arrays: `includes` compares a freshly sliced value faster than a Set hashes it.)
const BEARER_ERRORS = [
  'invalid_request',
  'invalid_token',
  'insufficient_scope',
  'insufficient_user_authentication',
];
const DPOP_ERRORS = [...BEARER_ERRORS, 'invalid_dpop_proof', 'use_dpop_nonce'];

/**
 * Scheme-specific checks: the problems only. The normalised views (`bearer`, `dpop`,
 * `digest`) are built when first read (./challenge-views.ts).
 */
function checkChallenge(ch: Challenge, sink: ProblemSink, plain: boolean): void {
  const at = ch.offset;
  const p = ch.params;
  switch (ch.scheme) {
    case 'Basic': {
      // RFC 7617 §2: realm is required, charset may only be "UTF-8".
      noToken68(ch, sink);
      if (p.realm === undefined) {
        sink.add('missing-realm', 'The Basic challenge has no realm (RFC 7617 requires one).', at);
      }
      if (p.charset !== undefined && p.charset.toLowerCase() !== 'utf-8') {
        sink.add('invalid-charset', `charset="${p.charset}": RFC 7617 only allows "UTF-8".`, at);
      }
      break;
    }
    case 'Bearer': {
      noToken68(ch, sink);
      checkBearer(ch, sink, BEARER_ERRORS, plain);
      break;
    }
    case 'DPoP': {
      noToken68(ch, sink);
      const algs = p.algs;
      if (algs !== undefined && splitSpaces(algs).length === 0) {
        sink.add('invalid-param-value', 'algs is empty (RFC 9449 §7.1).', at);
      }
      checkBearer(ch, sink, DPOP_ERRORS, plain);
      break;
    }
    case 'Digest': {
      noToken68(ch, sink);
      checkDigest(ch, sink);
      break;
    }
    case 'Negotiate':
    case 'NTLM': {
      for (const _ in p) {
        sink.add(
          'params-not-allowed',
          `${ch.scheme} challenges carry a token68 (or nothing), not parameters (RFC 4559).`,
          at,
        );
        break;
      }
      break;
    }
    case 'HOBA': {
      // RFC 7486 §3: challenge and max-age are required.
      noToken68(ch, sink);
      for (const name of ['challenge', 'max-age']) {
        if (p[name] === undefined) {
          sink.add('missing-param', `The HOBA challenge has no "${name}" (RFC 7486 §3).`, at);
        }
      }
      if (p['max-age'] !== undefined && !isDigits(p['max-age'])) {
        sink.add('invalid-param-value', 'HOBA max-age is not a number of seconds.', at);
      }
      break;
    }
    case 'Mutual': {
      noToken68(ch, sink);
      break;
    }
  }
}

function noToken68(ch: Challenge, sink: ProblemSink): void {
  if (ch.token68 !== undefined) {
    sink.add(
      'token68-not-allowed',
      `${ch.scheme} challenges use parameters; a token68 is not allowed here.`,
      ch.offset,
    );
  }
}

function checkBearer(
  ch: Challenge,
  sink: ProblemSink,
  errors: readonly string[],
  plain: boolean,
): void {
  const p = ch.params;
  const at = ch.offset;
  if (p.scope !== undefined && !isNqsChars(p.scope, plain)) {
    sink.add(
      'invalid-param-value',
      'scope holds characters RFC 6750 §3 does not allow (scope-token = 1*NQCHAR).',
      at,
    );
  }
  if (p.error !== undefined && !errors.includes(p.error)) {
    sink.add(
      'unknown-error-code',
      `error="${p.error}" is not an error code ${ch.scheme} defines (${errors.join(', ')}).`,
      at,
    );
  }
  if (p.error_description !== undefined && !isNqsChars(p.error_description, plain)) {
    sink.add(
      'invalid-param-value',
      'error_description holds characters RFC 6750 §3 does not allow.',
      at,
    );
  }
  if (p.max_age !== undefined && !isDigits(p.max_age)) {
    sink.add('invalid-param-value', 'max_age is not a number of seconds (RFC 9470 §3).', at);
  }
}

function checkDigest(ch: Challenge, sink: ProblemSink): void {
  const p = ch.params;
  const at = ch.offset;
  if (p.realm === undefined) {
    sink.add(
      'missing-realm',
      'The Digest challenge has no realm (RFC 7616 §3.3 requires one).',
      at,
    );
  }
  if (p.nonce === undefined) {
    sink.add(
      'missing-param',
      'The Digest challenge has no nonce (RFC 7616 §3.3 requires one).',
      at,
    );
  }
  if (p.algorithm !== undefined && digestAlgorithm(p.algorithm) === undefined) {
    sink.add(
      'unknown-algorithm',
      `algorithm=${p.algorithm} is not a Digest algorithm RFC 7616 defines.`,
      at,
    );
  }
  const list = p.qop;
  // (A common list has nothing to check: the loop is for the others.)
  if (list !== undefined && commonQop(list) === undefined) {
    for (let from = 0; from <= list.length; ) {
      let comma = list.indexOf(',', from);
      if (comma === -1) comma = list.length;
      const q = list.slice(from, comma).trim().toLowerCase();
      from = comma + 1;
      if (q !== '' && q !== 'auth' && q !== 'auth-int') {
        sink.add('invalid-param-value', `qop option "${q}" is not auth or auth-int.`, at);
      }
    }
  }
  if (p.stale !== undefined) flag(p.stale, 'stale', sink, at);
  if (p.userhash !== undefined) flag(p.userhash, 'userhash', sink, at);
  const charset = p.charset;
  if (charset !== undefined && charset !== 'UTF-8' && !equalsLower(charset, 'utf-8')) {
    sink.add('invalid-charset', `charset="${charset}": RFC 7616 only allows "UTF-8".`, at);
  }
}

/** A `true` / `false` parameter (any case); anything else is a problem (and reads as false). */
function flag(v: string, name: string, sink: ProblemSink, at: number | undefined): void {
  if (v === 'true' || v === 'false' || equalsLower(v, 'true') || equalsLower(v, 'false')) return;
  sink.add('invalid-param-value', `${name}=${v} is neither true nor false.`, at);
}

/** NQSCHAR (%x20-21 / %x23-5B / %x5D-7E): scope tokens (NQCHAR) joined by SP, descriptions. */
function isNqsChars(s: string, plain: boolean): boolean {
  // A value of a printable-ASCII header: only `"` and `\` are not NQSCHAR.
  if (plain) return s.indexOf('"') === -1 && s.indexOf('\\') === -1;
  return NQSCHARS.test(s);
}

/** Anchored rather than a search for the complement: V8 runs it as one tight loop. */
const NQSCHARS = /^[\u0020-\u0021\u0023-\u005b\u005d-\u007e]*$/;

/**
 * Serialises challenges back to a header value (quoted-string for every parameter value,
 * as RFC 9110 §11.5 asks for realm). `parseChallenges(serializeChallenges(x))` gives `x`.
 */
export function serializeChallenges(challenges: readonly Challenge[]): string {
  const parts: string[] = [];
  for (const ch of challenges) {
    let out = canonicalScheme(ch.scheme);
    if (ch.token68 !== undefined) {
      out += ` ${ch.token68}`;
    } else {
      const params: string[] = [];
      for (const name of Object.keys(ch.params)) {
        const v = ch.params[name] as string;
        params.push(`${name}=${name === 'realm' ? quote(v) : quoteIfNeeded(v)}`);
      }
      if (params.length > 0) out += ` ${params.join(', ')}`;
    }
    parts.push(out);
  }
  return parts.join(', ');
}
