/**
 * Facts: one exchange read once (challenges, credentials, JWTs, cookies, origins, times, what
 * the server said) so that every rule works from the same parsed view. Built only for failed
 * requests; linear in the size of the headers and the first 64 KB of the body.
 */

import {
  type DiagnosisContext,
  describeCredentials,
  type OriginHistory,
  originHistory,
} from '../context';
import { type Exchange, type Header, isNamedAscii } from '../exchange';
import { isKnownScheme } from '../http/grammar';
import type { ChallengesResult, CredentialsResult } from '../http/types';
import { DEFAULT_LEEWAY_MS } from '../jwt/jwt-times';
import { isTokenEndpointRequest, tokenRequestOf } from '../oauth/flow';
import { readTokenAnswer, type TokenAnswer, type TokenRequest } from '../oauth/token-request';
import { redact, replaceJwts } from '../redact';
import { collectExchangeSecrets, type SecretValue } from '../secrets/collect';
import { redactText } from '../secrets/value-masker';
import { type SentCredential, sentCredentials } from '../sent-credentials';
import {
  type BodyWords,
  headerNamesOf,
  matchServerWords,
  type ProviderKnowledge,
  readBodyWords,
  readHeaderWords,
  type ServerVerdict,
  type ServerWords,
} from '../server-words';
import { signInOf } from '../sign-in';
import { isLoopbackHost, parseUrl, siteOf, type UrlParts } from '../url-parts';
import {
  type FactsMemo,
  factsMemo,
  freezeChallengesResult,
  freezeCredentialsResult,
  freezeJwtResult,
  memoised,
  type PageOf,
} from './facts-memo';
import {
  type Challenge,
  type Credentials,
  type DecodedJwt,
  decodeJwt,
  isJwtShaped,
  type Problem,
  parseChallenges,
  parseCredentials,
} from './parsers';

export interface AuthorizationFact {
  credential: SentCredential;
  /** The scheme word of a value the capture masked (`Bearer [REDACTED]`): the rest is unknown. */
  maskedScheme?: string;
  credentials?: Credentials;
  problems: Problem[];
}

export interface JwtFact {
  /** Where it was: `Authorization header`, `cookie id_token`, ... */
  where: string;
  token: string;
  jwt?: DecodedJwt;
  problems: Problem[];
}

/** RFC 6750 §3.1 error, from the challenge or (second choice) an OAuth-style JSON body. */
export interface ServerError {
  error: string;
  description?: string;
  scope?: string[];
  /** `challenge` or `body`. */
  from: 'challenge' | 'body';
}

/** The exchange is a request to an OAuth token endpoint: what it sent and got. */
export interface TokenEndpointFact {
  /** Undefined when the body was not seen (a POST to a token endpoint known from discovery). */
  request?: TokenRequest;
  /** Undefined when the answer's body was not seen or is not JSON. */
  answer?: TokenAnswer;
}

export interface Facts {
  exchange: Exchange;
  /** Set when this is a token endpoint request. */
  token?: TokenEndpointFact;
  context: DiagnosisContext;
  /** What this origin did before (undefined on its first request). */
  history?: OriginHistory;
  status: number;
  method: string;
  url?: UrlParts;
  /** Request time, ms since the epoch (NaN when unknown). */
  requestTime: number;
  /** The response Date header, ms since the epoch (NaN when absent). */
  serverTime: number;
  /** The time claims are checked against: request time, else server time. */
  checkTime: number;
  /** How far apart clocks may be before it is reported (clock-skew, iat in the future), ms. */
  leewayMs: number;
  /** `WWW-Authenticate` challenges, or `Proxy-Authenticate` ones for a 407. */
  challenges: Challenge[];
  challengeProblems: Problem[];
  challengeHeader: 'WWW-Authenticate' | 'Proxy-Authenticate';
  /** Every credential the request carried. */
  sent: SentCredential[];
  /** Authorization lines (Proxy-Authorization for a 407), parsed. */
  authorizations: AuthorizationFact[];
  jwts: JwtFact[];
  serverError?: ServerError;
  /** A short, secret-free quote of what the body says, when it says something. */
  bodyMessage?: string;
  /** The body's messages and the vendor error headers (not yet masked: quote through `said`). */
  words: ServerWords;
  /** What the server's words point to (provider table, generic phrases), quote masked. */
  said?: ServerVerdict;
  /** Why this request is a sign-in (`POST /login with a password field`), when it is one. */
  signIn?: string;
  body: string;
  /** The page that made the request (Origin, initiator or Referer), when known. */
  pageOrigin?: string;
  /** undefined when nothing tells. */
  crossOrigin?: boolean;
  crossSite?: boolean;
  preflight: boolean;
  /** A top-level or frame navigation (Sec-Fetch-Mode: navigate, or a document type): no CORS. */
  navigation: boolean;
  /** Header names (lower case) the source may have removed or masked. */
  stripped: string[];
  masked: string[];
  /** Raw secrets of this exchange (the secret model's collection), for the final redaction pass over every text. */
  secrets: readonly SecretValue[];
}

const BODY_LIMIT = 65536;

export function buildFacts(
  exchange: Exchange,
  context: DiagnosisContext,
  leewayMs: number = DEFAULT_LEEWAY_MS,
  knowledge?: ProviderKnowledge,
): Facts {
  const { request, response } = exchange;
  const status = response.status;
  const url = parseUrl(request.url);
  const history = url ? originHistory(context, url.origin) : undefined;
  const memo = factsMemo();
  const proxy = status === 407;
  const challengeHeader = proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate';
  const seen = readResponseHeaders(response.headers, proxy);
  const serverTime = dateOf(seen.date);
  const requestTime = Number.isFinite(request.time) ? request.time : Number.NaN;
  const challengeLines = seen.challenges;
  const parsedChallenges =
    challengeLines.length === 0
      ? { challenges: [], problems: [] }
      : challengeLines.length === 1
        ? memoised(
            memo.challenges,
            challengeLines[0] as string,
            parseChallengeLine,
            freezeChallengesResult,
          )
        : parseChallenges(challengeLines);

  const sent = describeCredentials(context, sentCredentials(exchange, { describe: false }));
  const secrets = collectExchangeSecrets(exchange);
  const authorizations: AuthorizationFact[] = [];
  const jwts: JwtFact[] = [];
  const wantedKind = proxy ? 'proxy-authorization' : 'authorization';
  for (const credential of sent) {
    if (credential.kind === wantedKind) {
      // (The same value parses the same: a retried token is read once per context.)
      const parsed: CredentialsResult = credential.masked
        ? { problems: maskedShapeProblems(credential.value) }
        : memoised(memo.credentials, credential.value, parseCredentials, freezeCredentialsResult);
      const maskedScheme = credential.masked
        ? /^([A-Za-z][A-Za-z0-9._~+/-]*)\s/.exec(credential.value.trim())?.[1]
        : undefined;
      // A placeholder (`Bearer undefined`) is no secret, and showing it is the whole point.
      if (hasPlaceholderProblem(parsed.problems)) {
        credential.display = JSON.stringify(credential.value.slice(0, 80)).slice(1, -1);
        authorizations.push({
          credential,
          maskedScheme: undefined,
          credentials: undefined,
          problems: parsed.problems,
        });
        continue;
      }
      // A sanitized JWT keeps its claims (`<header>.<payload>.REDACTED`): still read them.
      const maskedJwt = credential.masked
        ? /^\S+\s+(eyJ[\w-]*\.[\w-]*\.[\w-]*)$/.exec(credential.value.trim())
        : null;
      if (maskedJwt?.[1]) jwts.push(jwtFact(memo, credential.label, maskedJwt[1]));
      // (Every key, in one order, in every fact: one shape for the rules that read them.)
      authorizations.push({
        credential,
        maskedScheme: maskedScheme || undefined,
        credentials: parsed.credentials || undefined,
        problems: parsed.problems,
      });
      const creds = parsed.credentials;
      const token = creds?.token ?? (creds?.scheme === '' ? creds.token68 : undefined);
      if (creds?.jwt && token)
        jwts.push({ where: credential.label, token, jwt: creds.jwt, problems: [] });
      else if (token && looksLikeJwt(token)) jwts.push(jwtFact(memo, credential.label, token));
      else if (!creds && looksLikeJwt(credential.value.trim()))
        jwts.push(jwtFact(memo, credential.label, credential.value.trim()));
    } else {
      if (credential.kind === 'authorization' || credential.kind === 'proxy-authorization') {
        continue;
      }
      const value = credential.value.trim();
      if (looksLikeJwt(value)) jwts.push(jwtFact(memo, credential.label, value));
    }
  }

  const body = (response.body ?? '').slice(0, BODY_LIMIT);
  // The body is read (and JSON-parsed) once, by the server words; a body seen before is not
  // read again (./server-words.ts keeps it).
  const read = readBodyWords(body, seen.contentType);
  const words: ServerWords = {
    messages: read.messages,
    headers: readHeaderWords(response.headers, []),
    raw: read.raw,
    json: read.json,
  };
  const json = jsonObjectOf(read.json);
  const serverError = findServerError(parsedChallenges.challenges, json);
  const requestHeaders = readRequestHeaders(request.headers);
  const origins = pageOriginOf(exchange, url, memo, requestHeaders);
  const method = request.method.toUpperCase();
  const type = request.type;
  let token: TokenEndpointFact | undefined;
  if (isTokenEndpointRequest(exchange, context)) {
    token = {};
    const form = tokenRequestOf(exchange);
    if (form) token.request = form;
    const answer = readTokenAnswer(response.body);
    if (answer) token.answer = answer;
  }
  const message = messageOf(read, json, body, seen.contentType);
  const signIn = signInOf(exchange, url);
  let said: ServerVerdict | undefined;
  if (knowledge) {
    const names = headerNamesOf(response.headers);
    const verdict = matchServerWords(words, url?.host ?? '', names, knowledge);
    if (verdict)
      said = {
        ...verdict,
        quote: replaceJwts(redactText(verdict.quote, secrets), (t) => redact(t, 'jwt')),
      };
  }
  // Every rule reads the facts: one literal with every key, in one order (those it lacks
  // undefined), gives them all one shape, whatever this failure has.
  return {
    exchange,
    token,
    context,
    history: history || undefined,
    status,
    method,
    url: url || undefined,
    requestTime,
    serverTime,
    checkTime: Number.isFinite(requestTime) ? requestTime : serverTime,
    leewayMs,
    challenges: parsedChallenges.challenges,
    challengeProblems: parsedChallenges.problems,
    challengeHeader,
    sent,
    authorizations,
    jwts,
    serverError: serverError || undefined,
    // Server text is quoted in evidence: mask the request's secrets and any JWT it echoes.
    bodyMessage: message
      ? replaceJwts(redactText(message, secrets), (t) => redact(t, 'jwt'))
      : undefined,
    words,
    said,
    signIn: signIn || undefined,
    body,
    pageOrigin: origins.pageOrigin || undefined,
    crossOrigin: origins.crossOrigin,
    crossSite: origins.crossSite,
    preflight: method === 'OPTIONS' && requestHeaders.preflightMethod !== undefined,
    navigation:
      (requestHeaders.fetchMode ?? '').toLowerCase() === 'navigate' ||
      type === 'document' ||
      type === 'main_frame' ||
      type === 'sub_frame',
    stripped: exchange.gaps?.strippedHeaders ?? [],
    masked: exchange.gaps?.maskedHeaders ?? [],
    secrets,
  };
}

function hasPlaceholderProblem(problems: readonly Problem[]): boolean {
  for (const p of problems)
    if (p.code === 'placeholder-token' || p.code === 'empty-credentials') return true;
  return false;
}

/** The response headers the facts read, in one pass (first value; every challenge line). */
function readResponseHeaders(
  headers: readonly Header[],
  proxy: boolean,
): { date?: string; contentType?: string; challenges: string[] } {
  const out: { date?: string; contentType?: string; challenges: string[] } = { challenges: [] };
  for (const header of headers) {
    const name = header.name;
    // (A name equals an ASCII one only at the same length: see `isNamedAscii`.)
    switch (name.length) {
      case 4:
        if (out.date === undefined && isNamedAscii(name, 'date')) out.date = header.value;
        break;
      case 12:
        if (out.contentType === undefined && isNamedAscii(name, 'content-type'))
          out.contentType = header.value;
        break;
      case 16:
        if (!proxy && isNamedAscii(name, 'www-authenticate')) out.challenges.push(header.value);
        break;
      case 18:
        if (proxy && isNamedAscii(name, 'proxy-authenticate')) out.challenges.push(header.value);
        break;
    }
  }
  return out;
}

/** The request headers the facts read, in one pass (first value of each). */
function readRequestHeaders(headers: readonly Header[]): {
  fetchMode?: string;
  fetchSite?: string;
  origin?: string;
  referer?: string;
  preflightMethod?: string;
} {
  const out: {
    fetchMode?: string;
    fetchSite?: string;
    origin?: string;
    referer?: string;
    preflightMethod?: string;
  } = {};
  for (const header of headers) {
    const name = header.name;
    switch (name.length) {
      case 6:
        if (out.origin === undefined && isNamedAscii(name, 'origin')) out.origin = header.value;
        break;
      case 7:
        if (out.referer === undefined && isNamedAscii(name, 'referer')) out.referer = header.value;
        break;
      case 14:
        if (out.fetchMode === undefined && isNamedAscii(name, 'sec-fetch-mode'))
          out.fetchMode = header.value;
        else if (out.fetchSite === undefined && isNamedAscii(name, 'sec-fetch-site'))
          out.fetchSite = header.value;
        break;
      case 29:
        if (
          out.preflightMethod === undefined &&
          isNamedAscii(name, 'access-control-request-method')
        )
          out.preflightMethod = header.value;
        break;
    }
  }
  return out;
}

/**
 * `Date.parse` of the Date header, kept by its text: the failures of a second share it, and a
 * retry loop's failures come a few a second (not secret; at most `MAX_DATES` kept).
 */
function dateOf(value: string | undefined): number {
  if (value === undefined) return Number.NaN;
  // (The last failure's Date first: comparing two texts costs less than hashing one.)
  if (value === lastDate) return lastDateMs;
  let ms = DATES.get(value);
  if (ms === undefined) {
    ms = Date.parse(value);
    if (DATES.size >= MAX_DATES) DATES.clear();
    DATES.set(value, ms);
  }
  lastDate = value;
  lastDateMs = ms;
  return ms;
}
let lastDate = '';
let lastDateMs = Number.NaN;
const DATES = new Map<string, number>();
const MAX_DATES = 256;

function parseChallengeLine(line: string): ChallengesResult {
  // (As a list of one line: its problems carry `line: 0`, as for several lines.)
  return parseChallenges([line]);
}

/**
 * JWT-shaped, or a damaged JWT (starts like a JOSE header and has a dot): the second kind is
 * decoded too so that a truncated or padded token gets jwt-malformed, not silence.
 */
function looksLikeJwt(value: string): boolean {
  return (
    isJwtShaped(value) || (value.startsWith('eyJ') && value.includes('.') && value.length >= 16)
  );
}

function jwtFact(memo: FactsMemo, where: string, token: string): JwtFact {
  const decoded = memoised(memo.jwts, token, decodeJwt, freezeJwtResult);
  return { where, token, jwt: decoded.jwt || undefined, problems: decoded.problems };
}

/** The body's JSON when it is an object (not an array). */
function jsonObjectOf(json: unknown): Record<string, unknown> | undefined {
  return typeof json === 'object' && json !== null && !Array.isArray(json)
    ? (json as Record<string, unknown>)
    : undefined;
}

/**
 * The message quoted from the body (not yet masked): `bodyMessageOf`, else the first of the
 * server words. Both follow from the body read (one body and content-type kind), so a kept read
 * keeps its message too.
 */
function messageOf(
  read: BodyWords,
  json: Record<string, unknown> | undefined,
  body: string,
  contentType: string | undefined,
): string | undefined {
  const known = MESSAGES.get(read);
  if (known !== undefined) return known === null ? undefined : known;
  const message = bodyMessageOf(json, body, contentType) ?? read.messages[0];
  if (Object.isFrozen(read)) MESSAGES.set(read, message ?? null);
  return message;
}
const MESSAGES = new WeakMap<BodyWords, string | null>();

function findServerError(
  challenges: readonly Challenge[],
  json: Record<string, unknown> | undefined,
): ServerError | undefined {
  // (An indexed loop: the for-of form was thrown away once optimized, for want of feedback.)
  for (let i = 0; i < challenges.length; i++) {
    const challenge = challenges[i] as Challenge;
    const bearer = challenge.bearer ?? challenge.dpop;
    const error = bearer?.error ?? challenge.params.error;
    if (!error) continue;
    const description = bearer?.errorDescription ?? challenge.params.error_description;
    const scope = bearer?.scope ?? (challenge.params.scope ?? '').split(' ').filter(Boolean);
    return {
      error,
      description: description || undefined,
      scope: scope.length > 0 ? scope : undefined,
      from: 'challenge',
    };
  }
  if (json && typeof json.error === 'string' && /^[a-z_]+$/.test(json.error)) {
    return {
      error: json.error,
      description: typeof json.error_description === 'string' ? json.error_description : undefined,
      scope: undefined,
      from: 'body',
    };
  }
  return undefined;
}

/** What the server's body says, short and without markup. */
function bodyMessageOf(
  json: Record<string, unknown> | undefined,
  body: string,
  contentType: string | undefined,
): string | undefined {
  if (json) {
    const pick = (value: unknown): string | undefined =>
      typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    const nested = (value: unknown, key: string): unknown =>
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[key]
        : undefined;
    const errors = Array.isArray(json.errors) ? json.errors[0] : undefined;
    const text =
      pick(json.error_description) ??
      pick(json.message) ??
      pick(json.detail) ??
      pick(json.errorSummary) ??
      pick(nested(json.error, 'message')) ??
      pick(nested(errors, 'message')) ??
      pick(json.error) ??
      pick(json.title);
    return text ? clip(text) : undefined;
  }
  const type = (contentType ?? '').toLowerCase();
  if (body.trim() === '') return undefined;
  if (type.includes('html') || body.trimStart().startsWith('<')) {
    const title = /<title>([^<]{1,200})<\/title>/i.exec(body);
    const text = title?.[1] ?? body.replace(/<[^>]*>/g, ' ');
    return clip(text.replace(/\s+/g, ' ').trim()) || undefined;
  }
  return clip(body.replace(/\s+/g, ' ').trim()) || undefined;
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function pageOriginOf(
  exchange: Exchange,
  url: UrlParts | undefined,
  memo: FactsMemo,
  headers: { fetchSite?: string; origin?: string; referer?: string },
): { pageOrigin?: string; crossOrigin?: boolean; crossSite?: boolean } {
  const fetchSite = headers.fetchSite?.toLowerCase();
  const type = exchange.request.type;
  let page: PageOf | null = null;
  for (let k = 0; k < 3 && page === null; k++) {
    const candidate =
      k === 0
        ? headers.origin
        : k === 1
          ? exchange.request.initiator
          : type === 'document' || type === 'main_frame'
            ? undefined
            : headers.referer;
    if (!candidate || candidate === 'null') continue;
    page = memoised(memo.pages, candidate, pageOf, freezePage);
  }
  const out: { pageOrigin?: string; crossOrigin?: boolean; crossSite?: boolean } = {};
  if (page) out.pageOrigin = page.origin;
  if (fetchSite === 'same-origin' || fetchSite === 'none') {
    out.crossOrigin = false;
    out.crossSite = false;
  } else if (fetchSite === 'same-site') {
    out.crossOrigin = true;
    out.crossSite = false;
  } else if (fetchSite === 'cross-site') {
    out.crossOrigin = true;
    out.crossSite = true;
  } else if (page && url) {
    out.crossOrigin = page.origin !== url.origin;
    out.crossSite = page.scheme !== url.scheme || page.site !== siteOf(url.host);
  }
  return out;
}

function freezePage(page: PageOf | null): PageOf | null {
  return page && Object.freeze(page);
}

/** What `pageOriginOf` reads of a candidate URL (null when it is none). */
function pageOf(candidate: string): PageOf | null {
  const parts = parseUrl(candidate);
  return parts
    ? { origin: parts.origin, scheme: parts.scheme, host: parts.host, site: siteOf(parts.host) }
    : null;
}

/** True when the host is this machine (credentials over http to it are not exposed). */
export function isLocal(url: UrlParts | undefined): boolean {
  return url !== undefined && isLoopbackHost(url.host);
}

/**
 * The first challenge with a registered HTTP auth scheme (Bearer, Basic, Digest, ...), when
 * the request sent no Authorization line (Proxy-Authorization for a 407): the server asks for
 * a header the request lacks, whatever cookies it carried.
 */
export function unansweredChallenge(facts: Facts): Challenge | undefined {
  if (facts.authorizations.length > 0) return undefined;
  for (const challenge of facts.challenges) if (isKnownScheme(challenge.scheme)) return challenge;
  return undefined;
}

/**
 * What the words a mask kept still show of a masked Authorization value: the mask hides the
 * secret, not the scheme words, commas and quotes around it (401 Doctor's sanitize and other
 * exporters keep them). `Bearer Bearer •••`: duplicated-scheme; `Bearer "•••"`: quoted-token;
 * `Bearer •••, Bearer •••`: two credentials in one line; a sanitized JWT with no scheme
 * (`<header>.<payload>.REDACTED`): missing-scheme. Nothing else: the rest was in the secret.
 */
export function maskedShapeProblems(value: string): Problem[] {
  const v = value.trim();
  const problems: Problem[] = [];
  if (/^eyJ[\w-]*\.eyJ[\w-]*\.[\w-]*$/.test(v)) {
    problems.push({
      severity: 'error',
      code: 'missing-scheme',
      message: 'The header holds a bare JWT without an auth-scheme; send "Bearer <token>".',
      offset: 0,
    });
    return problems;
  }
  const first = /^([A-Za-z][\w-]*)\s+/.exec(v);
  if (!first) return problems;
  const scheme = first[1] as string;
  const rest = v.slice(first[0].length);
  if (new RegExp(`^${scheme}(\\s|$)`, 'i').test(rest))
    problems.push({
      severity: 'error',
      code: 'duplicated-scheme',
      message: `The scheme ${scheme} is written twice (the value itself was masked).`,
      offset: first[0].length,
    });
  else if (/^(["'])[^"']*\1$/.test(rest))
    problems.push({
      severity: 'error',
      code: 'quoted-token',
      message: `The ${scheme} credential is wrapped in quotes (the value itself was masked).`,
      offset: first[0].length,
    });
  if (/,\s*[A-Za-z][\w-]*\s+\S/.test(rest))
    problems.push({
      severity: 'error',
      code: 'multiple-credentials',
      message:
        'The header holds several credentials separated by a comma (their values were masked).',
      offset: first[0].length,
    });
  return problems;
}

/** A challenge as text: `Bearer realm="api", error="invalid_token"`. */
export function challengeText(challenge: Challenge): string {
  if (challenge.token68) return `${challenge.scheme} ${redact(challenge.token68)}`;
  // (Object.entries rather than a lookup per name: parameter objects come in many shapes, and
  // a keyed lookup's optimized code was thrown away at each new one.)
  let params = '';
  for (const [name, value] of Object.entries(challenge.params))
    params += `${params === '' ? '' : ', '}${name}="${value ?? ''}"`;
  return params === '' ? challenge.scheme : `${challenge.scheme} ${params}`;
}
