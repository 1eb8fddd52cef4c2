/**
 * Authorization and Proxy-Authorization (RFC 9110 §11.6.2, §11.7.2):
 *
 *   credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 *
 * Beyond the grammar, this parser names the mistakes clients make when they build the
 * header (placeholders, empty or duplicated schemes, quoted or JSON tokens, joined headers,
 * `Basic user:pass`, ...), each as a problem with a stable code from `PROBLEM_CODES`.
 */
import { decodeShapedJwt, isJwtShaped } from '../jwt/decode-jwt';
import { type AuthListOptions, parseAuthList } from './auth-list';
import { awsV4 } from './credentials/aws';
import { basic } from './credentials/basic';
import { digest } from './credentials/digest';
import { isPlaceholderToken, isPlainPlaceholder } from './credentials/placeholder';
import {
  COMMON_SCHEMES,
  canonicalScheme,
  createParams,
  hasControl,
  isKnownScheme,
  matchWord,
  ProblemSink,
  scanToken,
  T68,
} from './grammar';
import type { Challenge, Credentials, CredentialsResult } from './types';

/** Schemes whose credentials are auth-params rather than a token68. */
const PARAM_SCHEMES = new Set(['Digest', 'AWS4-HMAC-SHA256', 'Mutual', 'HOBA']);

/** A bare token this long, with no scheme in front, is most likely a token missing its scheme. */
const OPAQUE_TOKEN_MIN = 20;

/**
 * Parses an Authorization or Proxy-Authorization value. Never throws; linear in the input.
 * Basic credentials are decoded (`basic`), Bearer / DPoP tokens decoded as JWTs when they are
 * (`jwt`), Digest's `username*` decoded (RFC 8187), AWS SigV4 split into its parts (`aws`).
 */
export function parseCredentials(value: string): CredentialsResult {
  const sink = new ProblemSink();
  const raw = typeof value === 'string' ? value : '';
  let start = 0;
  let end = raw.length;
  // Surrounding whitespace and line breaks (a token read from a file keeps its newline).
  while (start < end && isSpaceOrBreak(raw.charCodeAt(start))) start++;
  while (end > start && isSpaceOrBreak(raw.charCodeAt(end - 1))) end--;
  const s = raw.slice(start, end);
  // The common shape, `scheme SP token68`, in one native scan: then there is no control
  // character, line break or surrounding whitespace, and the token68 is well formed.
  // (And `scheme SP jwt`, the commonest of all, also says the token is JWT-shaped.)
  const jwtLike = SIMPLE_JWT.test(raw);
  const simple = jwtLike || SIMPLE_CREDENTIALS.test(raw);
  // Otherwise one native scan says whether either character-by-character search is needed.
  const clean = simple || !hasControl(raw);
  if (!clean) {
    for (let i = 0; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      if (c === 13 || c === 10) {
        sink.add('line-break', 'The value contains a line break.', i);
        break;
      }
    }
    for (let i = start; i < end; i++) {
      const c = raw.charCodeAt(i);
      if ((c < 32 && c !== 9 && c !== 13 && c !== 10) || c === 127) {
        sink.add('control-character', 'The value contains a control character.', i);
        break;
      }
    }
  }
  if ((start > 0 || end < raw.length) && !sink.has('line-break') && s !== '') {
    sink.add(
      'surrounding-whitespace',
      'The value has leading or trailing whitespace.',
      start > 0 ? 0 : end,
    );
  }
  if (s === '') {
    sink.add('empty-credentials', 'The header is empty: no scheme and no credentials.', 0);
    return { problems: sink.list };
  }

  const schemeEnd = scanToken(s, 0);
  const next = schemeEnd < s.length ? s.charCodeAt(schemeEnd) : -1;
  const schemeIsWord = schemeEnd > 0 && (next === -1 || next === 32 || next === 9);
  if (!schemeIsWord) {
    // No `scheme SP` at the start: a bare token, a placeholder, JSON, quotes, ...
    return { credentials: bareValue(s, start, sink), problems: sink.list };
  }
  // A registered spelling comes back as the interned literal: no slice, no lower-casing.
  const common = matchWord(COMMON_SCHEMES, s, 0, schemeEnd);
  const word = common ?? s.slice(0, schemeEnd);
  if (next === -1) {
    return { credentials: loneWord(word, start, sink), problems: sink.list };
  }
  const scheme = common ?? canonicalScheme(word);
  let restStart = schemeEnd;
  while (
    restStart < s.length &&
    (s.charCodeAt(restStart) === 32 || s.charCodeAt(restStart) === 9)
  ) {
    restStart++;
  }
  const known = common !== undefined || isKnownScheme(scheme);
  if (PARAM_SCHEMES.has(scheme) || (!known && looksLikeParams(s, restStart))) {
    return { credentials: paramCredentials(s, scheme, start, sink, clean), problems: sink.list };
  }
  const credentials: Credentials = { scheme, params: createParams() };
  tokenCredentials(credentials, s, restStart, start, sink, simple, jwtLike);
  return { credentials, problems: sink.list };
}

/** `token SP token68`, RFC 9110 §11.6.2, with nothing around it. */
const SIMPLE_CREDENTIALS = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+ [A-Za-z0-9\-._~+/]+=*$/;

/**
 * `token SP jwt`: the token is what `isJwtShaped` accepts (bar its 10-character minimum):
 * `ey` or `ew`, then 3 or 5 dot-separated segments of base64url characters.
 */
const SIMPLE_JWT =
  /^[A-Za-z0-9!#$%&'*+.^_`|~-]+ e[yw][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){2}(?:(?:\.[A-Za-z0-9_-]*){2})?$/;

function isSpaceOrBreak(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/** `token BWS "="` followed by something other than `=` padding: auth-params, not token68. */
function looksLikeParams(s: string, i: number): boolean {
  const e = scanToken(s, i);
  if (e === i) return false;
  let j = e;
  while (j < s.length && (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9)) j++;
  if (j >= s.length || s.charCodeAt(j) !== 61) return false;
  j++;
  while (j < s.length && s.charCodeAt(j) === 61) j++;
  return j < s.length && s.charCodeAt(j) !== 44;
}

/** A value that does not start with `scheme SP`. */
function bareValue(s: string, base: number, sink: ProblemSink): Credentials {
  const credentials: Credentials = { scheme: '', params: createParams() };
  if (isPlaceholderToken(s)) {
    sink.add(
      'placeholder-token',
      `The header holds the placeholder "${clip(s)}", not a credential.`,
      base,
    );
    return credentials;
  }
  const first = s.charCodeAt(0);
  if (first === 123 || first === 91) {
    sink.add('json-token', jsonMessage(s), base);
    return credentials;
  }
  if ((first === 34 || first === 39) && s.length >= 2 && s.charCodeAt(s.length - 1) === first) {
    sink.add('quoted-token', 'The whole header value is wrapped in quotes.', base);
    const inner = parseCredentials(s.slice(1, -1));
    for (const p of inner.problems) {
      sink.add(p.code, p.message, p.offset === undefined ? undefined : base + 1 + p.offset);
    }
    return inner.credentials ?? credentials;
  }
  const space = s.search(/[ \t]/);
  const head = space === -1 ? s : s.slice(0, space);
  if (space === -1 && isToken68(head, 0, head.length)) {
    return missingScheme(head, base, sink);
  }
  sink.add(
    'invalid-character',
    `The value does not start with an auth-scheme: ${JSON.stringify(s[scanToken(s, 0)])} was found.`,
    base + scanToken(s, 0),
  );
  credentials.token68 = s;
  credentials.token = s;
  return credentials;
}

/** A single word with nothing after it. */
function loneWord(word: string, base: number, sink: ProblemSink): Credentials {
  if (isKnownScheme(word)) {
    sink.add(
      'empty-credentials',
      `The header holds the scheme "${word}" and nothing else: the credentials are missing.`,
      base,
    );
    return { scheme: canonicalScheme(word), params: createParams() };
  }
  if (isPlaceholderToken(word)) {
    sink.add(
      'placeholder-token',
      `The header holds the placeholder "${clip(word)}", not a credential.`,
      base,
    );
    return { scheme: '', params: createParams() };
  }
  if (isJwtShaped(word) || (word.length >= OPAQUE_TOKEN_MIN && isToken68(word, 0, word.length))) {
    return missingScheme(word, base, sink);
  }
  sink.add(
    'empty-credentials',
    `The header holds the single word "${clip(word)}": a scheme without credentials, or a token without its scheme.`,
    base,
  );
  return { scheme: word, params: createParams() };
}

function missingScheme(token: string, base: number, sink: ProblemSink): Credentials {
  const jwt = isJwtShaped(token);
  sink.add(
    'missing-scheme',
    jwt
      ? 'The header holds a bare JWT without an auth-scheme; send "Bearer <token>".'
      : 'The header holds a bare token without an auth-scheme.',
    base,
  );
  const credentials: Credentials = { scheme: '', token68: token, token, params: createParams() };
  if (jwt) attachJwt(credentials, token, sink);
  return credentials;
}

/** Token68 schemes: Basic, Bearer, DPoP, Negotiate, NTLM and unknown ones. */
function tokenCredentials(
  credentials: Credentials,
  s: string,
  restStart: number,
  base: number,
  sink: ProblemSink,
  simple: boolean,
  jwtLike: boolean,
): void {
  let from = restStart;
  const scheme = credentials.scheme;
  // `Bearer Bearer x`: the scheme twice. (Both are tokens, so ASCII: same length when equal.)
  const dupEnd = from + scheme.length;
  if (
    dupEnd <= s.length &&
    (dupEnd === s.length || s.charCodeAt(dupEnd) === 32 || s.charCodeAt(dupEnd) === 9) &&
    equalsIgnoreAsciiCase(s, from, scheme)
  ) {
    sink.add('duplicated-scheme', `The scheme "${scheme}" appears twice.`, base + from);
    from = dupEnd;
    while (from < s.length && (s.charCodeAt(from) === 32 || s.charCodeAt(from) === 9)) from++;
    if (from === s.length) {
      sink.add('empty-credentials', `After "${scheme} ${scheme}" there are no credentials.`, base);
      return;
    }
  }
  // Several credentials joined with commas (two Authorization headers merged, or a join()).
  let tokenEnd = s.length;
  const comma = s.indexOf(',', from);
  if (comma !== -1 && s.slice(comma + 1).trim() !== '') {
    sink.add(
      'multiple-credentials',
      'Several credentials are joined with commas; only the first one was read.',
      base + comma,
    );
    tokenEnd = comma;
    while (
      tokenEnd > from &&
      (s.charCodeAt(tokenEnd - 1) === 32 || s.charCodeAt(tokenEnd - 1) === 9)
    ) {
      tokenEnd--;
    }
  }
  let token = s.slice(from, tokenEnd);
  const at = base + from;
  // The common case, checked once by a native scan (or already known): a well-formed token68.
  let plain = simple || TOKEN68.test(token);
  if (plain ? isPlainPlaceholder(token) : isPlaceholderToken(token)) {
    sink.add(
      'placeholder-token',
      `The ${scheme} credential is the placeholder "${clip(token)}": the variable holding the token was not set.`,
      at,
    );
    credentials.token68 = token;
    credentials.token = token;
    return;
  }
  const first = token.charCodeAt(0);
  if (first === 123 || first === 91) {
    sink.add('json-token', jsonMessage(token), at);
    credentials.token = token;
    return;
  }
  if (
    (first === 34 || first === 39) &&
    token.length >= 2 &&
    token.charCodeAt(token.length - 1) === first
  ) {
    sink.add('quoted-token', `The ${scheme} credential is wrapped in quotes.`, at);
    token = token.slice(1, -1);
    plain = TOKEN68.test(token);
    if (token === '') {
      sink.add('empty-credentials', `The ${scheme} credential is an empty quoted string.`, at);
      return;
    }
  }
  const ws = plain ? -1 : token.search(/[ \t]/);
  if (ws !== -1) {
    sink.add(
      'inner-whitespace',
      `The ${scheme} credential contains whitespace; a token68 cannot.`,
      at + ws,
    );
  } else if (
    scheme !== 'Basic' &&
    !isAccountSignature(scheme, token) &&
    !isSalesforceSessionId(token)
  ) {
    // (Basic explains its own alphabet problems: `basic-not-base64`.)
    const bad = plain ? -1 : firstNonToken68(token);
    if (bad !== -1) {
      sink.add(
        'invalid-token68',
        `The ${scheme} credential contains ${JSON.stringify(token[bad])}, which a token68 cannot.`,
        at + bad,
      );
    }
  }
  credentials.token68 = token;
  if (scheme === 'Basic') {
    basic(credentials, token, at, sink);
    return;
  }
  credentials.token = token;
  if (jwtLike ? token.length >= 10 : isJwtShaped(token)) attachJwt(credentials, token, sink);
}

/**
 * Vendor schemes whose credential is `<account or key id>:<base64 signature>`, not a token68:
 * Azure Storage's `SharedKey` and `SharedKeyLite`
 * (learn.microsoft.com/en-us/rest/api/storageservices/authorize-with-shared-key) and AWS
 * Signature Version 2, `AWS <access key id>:<signature>`
 * (docs.aws.amazon.com/AmazonS3/latest/API/RESTAuthentication.html).
 */
const ACCOUNT_SIGNATURE_SCHEMES = new Set(['sharedkey', 'sharedkeylite', 'aws']);
const ACCOUNT_SIGNATURE = /^[A-Za-z0-9._-]+:[A-Za-z0-9+/]+={0,2}$/;

function isAccountSignature(scheme: string, token: string): boolean {
  return ACCOUNT_SIGNATURE_SCHEMES.has(scheme.toLowerCase()) && ACCOUNT_SIGNATURE.test(token);
}

/**
 * A Salesforce access token (a session id): the 15-character id of the org (`00D...`), `!`,
 * then letters, digits and dots. Salesforce issues it as `access_token` and takes it as
 * `Authorization: Bearer` (or `OAuth`); the `!` is not a token68 character but is no mistake.
 */
const SALESFORCE_SESSION_ID = /^00D[0-9A-Za-z]{12}![0-9A-Za-z._]{20,}$/;

function isSalesforceSessionId(token: string): boolean {
  return token.startsWith('00D') && SALESFORCE_SESSION_ID.test(token);
}

/** Decodes a token that `isJwtShaped` has accepted. */
function attachJwt(credentials: Credentials, token: string, sink: ProblemSink): void {
  const decoded = decodeShapedJwt(token);
  if (decoded.jwt !== undefined) credentials.jwt = decoded.jwt;
  for (const p of decoded.problems) {
    sink.add(p.code, p.message, p.offset);
  }
}

/** Digest, AWS4-HMAC-SHA256, and unknown schemes that send auth-params. */
function paramCredentials(
  s: string,
  scheme: string,
  base: number,
  sink: ProblemSink,
  clean: boolean,
): Credentials {
  const list: Challenge[] = [];
  const aws = scheme === 'AWS4-HMAC-SHA256';
  const inner = new ProblemSink();
  parseAuthList(s, inner, list, LIST_OPTIONS[(aws ? 1 : 0) + (clean ? 2 : 0)]);
  for (const p of inner.list)
    sink.add(p.code, p.message, p.offset === undefined ? undefined : base + p.offset);
  const first = list[0];
  const credentials: Credentials = { scheme, params: first?.params ?? createParams() };
  if (first?.token68 !== undefined) credentials.token68 = first.token68;
  if (list.length > 1) {
    sink.add(
      'multiple-credentials',
      'Several credentials are joined with commas; only the first one was read.',
      base + (list[1]?.offset ?? 0),
    );
  }
  const p = credentials.params;
  if (Object.keys(p).length === 0 && credentials.token68 === undefined) {
    sink.add('empty-credentials', `The ${scheme} credentials have no parameters.`, base);
    return credentials;
  }
  if (scheme === 'Digest') digest(credentials, base, sink);
  else if (aws) awsV4(credentials, base, sink);
  return credentials;
}

/** The four `parseAuthList` options, shared: index = lenient (AWS) + 2 × clean. */
const LIST_OPTIONS: readonly AuthListOptions[] = [
  { lenientValues: false, clean: false },
  { lenientValues: true, clean: false },
  { lenientValues: false, clean: true },
  { lenientValues: true, clean: true },
];

/** `1*t68char *"="`, RFC 9110 §11.2. */
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/** `s[at, at + word.length)` equals `word` up to ASCII case (what toLowerCase does on tokens). */
function equalsIgnoreAsciiCase(s: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    let a = s.charCodeAt(at + k);
    let b = word.charCodeAt(k);
    if (a === b) continue;
    if (a >= 65 && a <= 90) a += 32;
    if (b >= 65 && b <= 90) b += 32;
    if (a !== b) return false;
  }
  return true;
}

function isToken68(s: string, start: number, end: number): boolean {
  return end > start && firstNonToken68(s.slice(start, end)) === -1;
}

/** Index of the first character that breaks `1*t68char *"="`, or -1. */
function firstNonToken68(s: string): number {
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c >= 128 || T68[c] !== 1) break;
    i++;
  }
  if (i === 0) return 0;
  while (i < s.length && s.charCodeAt(i) === 61) i++;
  return i === s.length ? -1 : i;
}

function jsonMessage(s: string): string {
  let hint = '';
  try {
    const v: unknown = JSON.parse(s);
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const key of ['access_token', 'token', 'id_token', 'jwt']) {
        if (typeof o[key] === 'string') {
          hint = ` It looks like a whole token response: send only its "${key}".`;
          break;
        }
      }
    }
  } catch {
    // Not even JSON: the message still says it looks like it.
  }
  return `The credential is JSON, not a token.${hint}`;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
