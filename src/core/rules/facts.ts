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
import { type Exchange, headerValue, headerValues } from '../exchange';
import { DEFAULT_LEEWAY_MS } from '../jwt/jwt-times';
import { isTokenEndpointRequest, tokenRequestOf } from '../oauth/flow';
import { readTokenAnswer, type TokenAnswer, type TokenRequest } from '../oauth/token-request';
import { redact, replaceJwts } from '../redact';
import { collectExchangeSecrets, type SecretValue } from '../secrets/collect';
import { redactText } from '../secrets/value-masker';
import { type SentCredential, sentCredentials } from '../sent-credentials';
import {
  matchServerWords,
  type ProviderKnowledge,
  readServerWords,
  type ServerVerdict,
  type ServerWords,
} from '../server-words';
import { signInOf } from '../sign-in';
import { isLoopbackHost, parseUrl, siteOf, type UrlParts } from '../url-parts';
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
  secrets: SecretValue[];
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
  const serverTime = Date.parse(headerValue(response.headers, 'date') ?? '');
  const requestTime = Number.isFinite(request.time) ? request.time : Number.NaN;
  const proxy = status === 407;
  const challengeHeader = proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate';
  const challengeLines = headerValues(response.headers, challengeHeader);
  const parsedChallenges =
    challengeLines.length > 0 ? parseChallenges(challengeLines) : { challenges: [], problems: [] };

  const sent = describeCredentials(context, sentCredentials(exchange, { describe: false }));
  const secrets = collectExchangeSecrets(exchange);
  const authorizations: AuthorizationFact[] = [];
  const jwts: JwtFact[] = [];
  const wantedKind = proxy ? 'proxy-authorization' : 'authorization';
  for (const credential of sent) {
    if (credential.kind === wantedKind) {
      const parsed = credential.masked ? { problems: [] } : parseCredentials(credential.value);
      const maskedScheme = credential.masked
        ? /^([A-Za-z][A-Za-z0-9._~+/-]*)\s/.exec(credential.value.trim())?.[1]
        : undefined;
      // A placeholder (`Bearer undefined`) is no secret, and showing it is the whole point.
      if (
        parsed.problems.some(
          (p) => p.code === 'placeholder-token' || p.code === 'empty-credentials',
        )
      ) {
        credential.display = JSON.stringify(credential.value.slice(0, 80)).slice(1, -1);
        authorizations.push({ credential, problems: parsed.problems });
        continue;
      }
      // A sanitized JWT keeps its claims (`<header>.<payload>.REDACTED`): still read them.
      const maskedJwt = credential.masked
        ? /^\S+\s+(eyJ[\w-]*\.[\w-]*\.[\w-]*)$/.exec(credential.value.trim())
        : null;
      if (maskedJwt?.[1]) jwts.push(jwtFact(credential.label, maskedJwt[1]));
      const fact: AuthorizationFact = { credential, problems: parsed.problems };
      if (parsed.credentials) fact.credentials = parsed.credentials;
      if (maskedScheme) fact.maskedScheme = maskedScheme;
      authorizations.push(fact);
      const creds = parsed.credentials;
      const token = creds?.token ?? (creds?.scheme === '' ? creds.token68 : undefined);
      if (creds?.jwt && token)
        jwts.push({ where: credential.label, token, jwt: creds.jwt, problems: [] });
      else if (token && looksLikeJwt(token)) jwts.push(jwtFact(credential.label, token));
      else if (!creds && looksLikeJwt(credential.value.trim()))
        jwts.push(jwtFact(credential.label, credential.value.trim()));
    } else {
      if (credential.kind === 'authorization' || credential.kind === 'proxy-authorization') {
        continue;
      }
      const value = credential.value.trim();
      if (looksLikeJwt(value)) jwts.push(jwtFact(credential.label, value));
    }
  }

  const body = (response.body ?? '').slice(0, BODY_LIMIT);
  const json = parseJsonObject(body);
  const words = readServerWords(
    body,
    response.headers,
    headerValue(response.headers, 'content-type'),
  );
  const serverError = findServerError(parsedChallenges.challenges, json);
  const origins = pageOriginOf(exchange, url);
  const facts: Facts = {
    exchange,
    context,
    status,
    method: request.method.toUpperCase(),
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
    body,
    words,
    navigation:
      (headerValue(request.headers, 'sec-fetch-mode') ?? '').toLowerCase() === 'navigate' ||
      /^(document|main_frame|sub_frame)$/.test(request.type ?? ''),
    preflight:
      request.method.toUpperCase() === 'OPTIONS' &&
      headerValue(request.headers, 'access-control-request-method') !== undefined,
    stripped: exchange.gaps?.strippedHeaders ?? [],
    masked: exchange.gaps?.maskedHeaders ?? [],
    secrets,
  };
  if (history) facts.history = history;
  if (url) facts.url = url;
  if (isTokenEndpointRequest(exchange, context)) {
    const token: TokenEndpointFact = {};
    const form = tokenRequestOf(exchange);
    if (form) token.request = form;
    const answer = readTokenAnswer(response.body);
    if (answer) token.answer = answer;
    facts.token = token;
  }
  if (serverError) facts.serverError = serverError;
  const message = bodyMessageOf(json, body, response.headers) ?? words.messages[0];
  const signIn = signInOf(exchange, url);
  if (signIn) facts.signIn = signIn;
  if (knowledge) {
    const names = new Set(response.headers.map((h) => h.name.toLowerCase()));
    const verdict = matchServerWords(words, url?.host ?? '', names, knowledge);
    if (verdict)
      facts.said = {
        ...verdict,
        quote: replaceJwts(redactText(verdict.quote, secrets), (t) => redact(t, 'jwt')),
      };
  }
  // Server text is quoted in evidence: mask the request's secrets and any JWT it echoes.
  if (message)
    facts.bodyMessage = replaceJwts(redactText(message, secrets), (t) => redact(t, 'jwt'));
  if (origins.pageOrigin) facts.pageOrigin = origins.pageOrigin;
  if (origins.crossOrigin !== undefined) facts.crossOrigin = origins.crossOrigin;
  if (origins.crossSite !== undefined) facts.crossSite = origins.crossSite;
  return facts;
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

function jwtFact(where: string, token: string): JwtFact {
  const decoded = decodeJwt(token);
  const fact: JwtFact = { where, token, problems: decoded.problems };
  if (decoded.jwt) fact.jwt = decoded.jwt;
  return fact;
}

function parseJsonObject(body: string): Record<string, unknown> | undefined {
  const start = body.trimStart();
  if (!start.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(start);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function findServerError(
  challenges: readonly Challenge[],
  json: Record<string, unknown> | undefined,
): ServerError | undefined {
  for (const challenge of challenges) {
    const bearer = challenge.bearer ?? challenge.dpop;
    const error = bearer?.error ?? challenge.params.error;
    if (!error) continue;
    const found: ServerError = { error, from: 'challenge' };
    const description = bearer?.errorDescription ?? challenge.params.error_description;
    if (description) found.description = description;
    const scope = bearer?.scope ?? (challenge.params.scope ?? '').split(' ').filter(Boolean);
    if (scope.length > 0) found.scope = scope;
    return found;
  }
  if (json && typeof json.error === 'string' && /^[a-z_]+$/.test(json.error)) {
    const found: ServerError = { error: json.error, from: 'body' };
    if (typeof json.error_description === 'string') found.description = json.error_description;
    return found;
  }
  return undefined;
}

/** What the server's body says, short and without markup. */
function bodyMessageOf(
  json: Record<string, unknown> | undefined,
  body: string,
  headers: Exchange['response']['headers'],
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
  const type = (headerValue(headers, 'content-type') ?? '').toLowerCase();
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
): { pageOrigin?: string; crossOrigin?: boolean; crossSite?: boolean } {
  const headers = exchange.request.headers;
  const fetchSite = headerValue(headers, 'sec-fetch-site')?.toLowerCase();
  const candidates = [
    headerValue(headers, 'origin'),
    exchange.request.initiator,
    exchange.request.type === 'document' || exchange.request.type === 'main_frame'
      ? undefined
      : headerValue(headers, 'referer'),
  ];
  let page: UrlParts | undefined;
  for (const candidate of candidates) {
    if (!candidate || candidate === 'null') continue;
    page = parseUrl(candidate);
    if (page) break;
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
    out.crossSite = page.scheme !== url.scheme || siteOf(page.host) !== siteOf(url.host);
  }
  return out;
}

/** True when the host is this machine (credentials over http to it are not exposed). */
export function isLocal(url: UrlParts | undefined): boolean {
  return url !== undefined && isLoopbackHost(url.host);
}

/** A challenge as text: `Bearer realm="api", error="invalid_token"`. */
export function challengeText(challenge: Challenge): string {
  const params = Object.keys(challenge.params).map(
    (name) => `${name}="${challenge.params[name] ?? ''}"`,
  );
  if (challenge.token68) return `${challenge.scheme} ${redact(challenge.token68)}`;
  return params.length > 0 ? `${challenge.scheme} ${params.join(', ')}` : challenge.scheme;
}
