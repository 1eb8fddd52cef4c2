/**
 * WWW-Authenticate and Proxy-Authenticate (RFC 9110 §11.6.1, §11.7.1), with the checks and
 * the normalised views of the schemes 401 Doctor knows: Basic (RFC 7617), Bearer (RFC 6750,
 * RFC 9470, RFC 9728), Digest (RFC 7616), DPoP (RFC 9449), Negotiate / NTLM (RFC 4559),
 * HOBA (RFC 7486), Mutual (RFC 8120) and AWS4-HMAC-SHA256.
 */
import { parseAuthList } from './auth-list';
import { canonicalScheme, ProblemSink, quote, quoteIfNeeded } from './grammar';
import type {
  BearerChallenge,
  Challenge,
  ChallengesResult,
  DigestChallenge,
  DpopChallenge,
  Params,
  Problem,
} from './types';

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

const DIGEST_ALGORITHMS = [
  'MD5',
  'MD5-sess',
  'SHA-256',
  'SHA-256-sess',
  'SHA-512-256',
  'SHA-512-256-sess',
];

/**
 * The registered spelling of a Digest algorithm (any case), or undefined. Compared in a
 * loop: a Map lookup would hash the freshly sliced value first, which costs more.
 */
function digestAlgorithm(value: string): string | undefined {
  for (const name of DIGEST_ALGORITHMS) if (name === value) return name;
  for (const name of DIGEST_ALGORITHMS) if (equalsLower(value, name.toLowerCase())) return name;
  return undefined;
}

/** Scheme-specific checks and the normalised views. */
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
      ch.bearer = bearerView(ch, sink, BEARER_ERRORS, plain);
      break;
    }
    case 'DPoP': {
      noToken68(ch, sink);
      const algs = p.algs;
      const list = algs === undefined ? [] : splitSpaces(algs);
      if (algs !== undefined && list.length === 0) {
        sink.add('invalid-param-value', 'algs is empty (RFC 9449 §7.1).', at);
      }
      // (Not a spread: cloning the view costs more than the rest of the checks.)
      const view = bearerView(ch, sink, DPOP_ERRORS, plain) as DpopChallenge;
      view.algs = list;
      ch.dpop = view;
      break;
    }
    case 'Digest': {
      noToken68(ch, sink);
      ch.digest = digestView(ch, sink);
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

function bearerView(
  ch: Challenge,
  sink: ProblemSink,
  errors: readonly string[],
  plain: boolean,
): BearerChallenge {
  const p = ch.params;
  const at = ch.offset;
  const view: BearerChallenge = {
    scope: p.scope === undefined ? NONE : splitSpaces(p.scope),
    acrValues: p.acr_values === undefined ? NONE : splitSpaces(p.acr_values),
  };
  if (p.scope !== undefined && !isNqsChars(p.scope, plain)) {
    sink.add(
      'invalid-param-value',
      'scope holds characters RFC 6750 §3 does not allow (scope-token = 1*NQCHAR).',
      at,
    );
  }
  if (p.error !== undefined) {
    view.error = p.error;
    if (!errors.includes(p.error)) {
      sink.add(
        'unknown-error-code',
        `error="${p.error}" is not an error code ${ch.scheme} defines (${errors.join(', ')}).`,
        at,
      );
    }
  }
  if (p.error_description !== undefined) {
    view.errorDescription = p.error_description;
    if (!isNqsChars(p.error_description, plain)) {
      sink.add(
        'invalid-param-value',
        'error_description holds characters RFC 6750 §3 does not allow.',
        at,
      );
    }
  }
  if (p.error_uri !== undefined) view.errorUri = p.error_uri;
  if (p.max_age !== undefined) {
    if (isDigits(p.max_age)) view.maxAge = Number(p.max_age);
    else sink.add('invalid-param-value', 'max_age is not a number of seconds (RFC 9470 §3).', at);
  }
  if (p.resource_metadata !== undefined) view.resourceMetadata = p.resource_metadata;
  return view;
}

function digestView(ch: Challenge, sink: ProblemSink): DigestChallenge {
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
  let algorithm = 'MD5';
  if (p.algorithm !== undefined) {
    const known = digestAlgorithm(p.algorithm);
    if (known !== undefined) {
      algorithm = known;
    } else {
      algorithm = p.algorithm;
      sink.add(
        'unknown-algorithm',
        `algorithm=${p.algorithm} is not a Digest algorithm RFC 7616 defines.`,
        at,
      );
    }
  }
  let qop: string[] = NONE;
  if (p.qop !== undefined) {
    const list = p.qop;
    const known = commonQop(list);
    if (known !== undefined) qop = known;
    else qop = [];
    // (A known list has nothing to check: the loop is for the others.)
    for (let from = known === undefined ? 0 : list.length + 1; from <= list.length; ) {
      let comma = list.indexOf(',', from);
      if (comma === -1) comma = list.length;
      const q = list.slice(from, comma).trim().toLowerCase();
      from = comma + 1;
      if (q === '') continue;
      qop.push(q);
      if (q !== 'auth' && q !== 'auth-int') {
        sink.add('invalid-param-value', `qop option "${q}" is not auth or auth-int.`, at);
      }
    }
  }
  const stale = flag(p, 'stale', sink, at);
  const userhash = flag(p, 'userhash', sink, at);
  let utf8 = false;
  if (p.charset !== undefined) {
    utf8 = equalsLower(p.charset, 'utf-8');
    if (!utf8) {
      sink.add('invalid-charset', `charset="${p.charset}": RFC 7616 only allows "UTF-8".`, at);
    }
  }
  return { algorithm, session: algorithm.endsWith('-sess'), qop, stale, userhash, utf8 };
}

/** A `true` / `false` parameter (any case); anything else is a problem and reads as false. */
function flag(p: Params, name: string, sink: ProblemSink, at: number | undefined): boolean {
  const v = p[name];
  if (v === undefined) return false;
  if (equalsLower(v, 'true')) return true;
  if (!equalsLower(v, 'false'))
    sink.add('invalid-param-value', `${name}=${v} is neither true nor false.`, at);
  return false;
}

/** `s` equals `lower` (ASCII lower case) up to ASCII case, without copying `s`. */
function equalsLower(s: string, lower: string): boolean {
  if (s.length !== lower.length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90 ? c | 0x20 : c) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * The empty list every absent scope, acr_values and qop shares (frozen): most challenges
 * have none, and an array per challenge cost more than the rest of its view.
 */
const NONE = Object.freeze([]) as unknown as string[];

/** qop values as servers send them, read once (frozen, shared): no problems to report. */
const COMMON_QOPS: ReadonlyArray<readonly [string, string[]]> = [
  'auth',
  'auth-int',
  'auth,auth-int',
  'auth, auth-int',
  'auth-int,auth',
  'auth-int, auth',
].map((raw) => [raw, Object.freeze(raw.split(',').map((q) => q.trim())) as unknown as string[]]);

function commonQop(value: string): string[] | undefined {
  for (const [raw, list] of COMMON_QOPS) if (raw === value) return list;
  return undefined;
}

function splitSpaces(s: string): string[] {
  const out: string[] = [];
  // indexOf (a native search) rather than a charCodeAt loop: scopes run long (registry
  // scopes such as `repository:org/image:pull,push` hold no space at all).
  for (let from = 0; from <= s.length; ) {
    let space = s.indexOf(' ', from);
    if (space === -1) space = s.length;
    if (space > from) out.push(from === 0 && space === s.length ? s : s.slice(from, space));
    from = space + 1;
  }
  return out;
}

function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 15) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
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
