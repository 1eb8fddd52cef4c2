/**
 * The OAuth / OpenID Connect part of the diagnosis context: which URLs are token endpoints, the
 * token requests seen (what they sent and got, as fingerprints) and the steps of the flow
 * (discovery, authorize redirect, callback, token, API calls, failures) for the flow view.
 * Plain JSON, bounded, secret-free, like the rest of the context (../context.ts).
 */
import type { DiagnosisContext } from '../context';
import { type Exchange, headerValue, headerValues, isSuccessStatus } from '../exchange';
import { isMaskedValue, redactUrl } from '../redact';
import { urlParamsOf } from '../secrets/params';
import { fingerprint } from '../sent-credentials';
import {
  type ClientAuthMethod,
  clientAuthMethodOf,
  formDecode,
  metadataOf,
  readTokenAnswer,
  readTokenRequest,
  type SecretTrace,
  type TokenAnswer,
  type TokenRequest,
} from './token-request';

export interface SeenTokenRequest {
  /** Request time, ms since the epoch. */
  time: number;
  /** The endpoint's URL without query (masked). */
  url: string;
  status: number;
  /** '' when the body was not seen (a POST to a token endpoint known from discovery). */
  grantType: string;
  clientId?: string;
  /** `unknown` when the body was not seen. */
  clientAuth: ClientAuthMethod | 'unknown';
  refreshToken?: SecretTrace;
  code?: boolean;
  codeVerifier?: boolean;
  redirectUri?: string;
  /** From the answer (RFC 6749 §5.2), when its body was seen. */
  error?: string;
  errorDescription?: string;
  /** Fingerprints of what a successful answer issued (§5.1), when its body was seen. */
  issued?: {
    accessToken?: string;
    refreshToken?: string;
    idToken?: string;
    /** Seconds. */
    expiresIn?: number;
    tokenType?: string;
  };
  /**
   * A refused code exchange checked against the authorize request before it (same client):
   * its code_verifier does not answer that request's S256 code_challenge, or it sent none; its
   * redirect_uri differs from that request's (given here, masked like URLs are).
   */
  authorizeMismatch?: { codeVerifier?: 'mismatch' | 'missing'; redirectUri?: string };
  /**
   * The refresh token it sent had already been exchanged with success (request time of that
   * earlier exchange): a rotated refresh token used again.
   */
  reusedAfter?: number;
}

export type FlowStepKind = 'discovery' | 'authorize' | 'callback' | 'token' | 'api' | 'failure';

/** One step of an OAuth flow, for the flow view. */
export interface FlowStep {
  kind: FlowStepKind;
  time: number;
  method: string;
  /** Masked URL (codes, tokens and secrets in the query masked). */
  url: string;
  status: number;
  /** What the step says in a few words: `code and state`, `error=access_denied`, `refresh_token → 400 invalid_grant`. */
  note?: string;
  /** Set on the step that is the failure being explained (the last one of `flowUpTo`). */
  current?: true;
}

export interface OAuthHistory {
  /** Token endpoint URLs (no query) that discovery or metadata documents named. */
  tokenEndpoints: string[];
  tokenRequests: SeenTokenRequest[];
  steps: FlowStep[];
  /**
   * RFC 9728 protected-resource metadata documents seen: the document's URL (no query) and
   * the `authorization_servers` it names. Absent in contexts stored before it existed.
   */
  resources?: Array<{ metadata: string; servers: string[] }>;
  /** RFC 8414 / OIDC discovery documents seen: `issuer` and its `token_endpoint`. */
  servers?: Array<{ issuer: string; tokenEndpoint: string }>;
}

const LIMITS = { endpoints: 16, tokenRequests: 32, steps: 64 };

function urlWithoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

/**
 * The token request an exchange carries: its form body as the source read it, else (older
 * servers such as Spring Security OAuth accept it) `grant_type` and the rest in the query of
 * a POST. The query's secrets are fingerprinted like the body's.
 */
export function tokenRequestOf(exchange: Exchange): TokenRequest | undefined {
  const { request } = exchange;
  if (request.tokenRequest) return request.tokenRequest;
  if (!request.url.includes('grant_type=') || request.method.toUpperCase() !== 'POST')
    return undefined;
  const query = queryOf(request.url);
  return readTokenRequest([...query].map(([name, value]) => [formDecode(name), formDecode(value)]));
}

/**
 * True when the exchange is a request to an OAuth token endpoint: its form holds `grant_type`,
 * or it is a POST to a token endpoint that discovery named, or a form POST to a token path whose
 * body could not be read (`isUnreadTokenPost`).
 */
export function isTokenEndpointRequest(exchange: Exchange, context?: DiagnosisContext): boolean {
  if (tokenRequestOf(exchange)) return true;
  // Runs for every exchange: most are not POST, told without a lower-case copy.
  const method = exchange.request.method;
  if (method !== 'POST' && (method.length !== 4 || method.toUpperCase() !== 'POST')) return false;
  const endpoints = context?.oauth?.tokenEndpoints;
  if (
    endpoints &&
    endpoints.length > 0 &&
    endpoints.includes(urlWithoutQuery(exchange.request.url))
  )
    return true;
  return isUnreadTokenPost(exchange);
}

/**
 * The last path segment of the token endpoints in use: `/oauth2/token` (CrowdStrike, Okta),
 * `/oauth/token` (Auth0, Spring, Authlib), `/connect/token` (IdentityServer),
 * `/protocol/openid-connect/token` (Keycloak), `/oauth2/v2.0/token` (Microsoft), `/token`;
 * GitHub's `/login/oauth/access_token`.
 */
const TOKEN_PATH = /\/(?:access_)?token\/?$/i;

/**
 * A POST of a form (RFC 6749 §3.2 wants application/x-www-form-urlencoded; multipart/form-data
 * is what `curl -F` sends, and some servers take it) to a token path, whose body gave no token
 * request: the recording masked it (Polly.JS writes `[REDACTED]`, VCR filters), or did not keep
 * it. Such a request is the token request its path and form say it is, with an unseen body.
 * Cheap: called for POSTs only, whose path is tested before a header is read.
 */
function isUnreadTokenPost(exchange: Exchange): boolean {
  const { request } = exchange;
  if (request.tokenRequest) return false;
  if (!TOKEN_PATH.test(urlWithoutQuery(request.url))) return false;
  const type = headerValue(request.headers, 'content-type')?.trimStart().toLowerCase() ?? '';
  return (
    type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')
  );
}

function ensureOAuth(context: DiagnosisContext): OAuthHistory {
  context.oauth ??= { tokenEndpoints: [], tokenRequests: [], steps: [] };
  return context.oauth;
}

function pushStep(history: OAuthHistory, step: FlowStep): void {
  history.steps.push(step);
  if (history.steps.length > LIMITS.steps) history.steps.shift();
}

/** The query parameters of a URL, by name (first wins); empty when it has none. */
function queryOf(url: string): Map<string, string> {
  // The one query reader (secrets/params.ts); values stay as written (raw).
  const found = new Map<string, string>();
  for (const param of urlParamsOf(url, false))
    if (!found.has(param.name)) found.set(param.name, param.raw);
  return found;
}

/**
 * Folds one exchange's OAuth facts into the context: token requests (with what they sent and
 * got), discovery documents, authorize redirects and callbacks, and (once a flow is known) the
 * API calls and failures that follow. Cheap for everything else: a few substring checks.
 */
export function recordOAuth(context: DiagnosisContext, exchange: Exchange, time: number): void {
  const { request, response } = exchange;
  const url = request.url;
  // A navigation's redirects are one request to the extension (webRequest keeps the requestId):
  // the authorize request is then a hop of the chain that ends at the callback.
  for (const hop of request.redirectChain)
    if (hop.url.includes('response_type=')) {
      const query = queryOf(hop.url);
      if (!query.has('client_id')) continue;
      // A HAR has each hop as its own entry too: recorded once.
      const history = ensureOAuth(context);
      const step = authorizeStep(hop.method, hop.url, hop.status, time, query);
      if (!history.steps.some((s) => s.kind === 'authorize' && s.url === step.url))
        pushStep(history, step);
    }
  if (isTokenEndpointRequest(exchange, context)) {
    recordTokenRequest(context, exchange, time);
    return;
  }
  if (url.includes('/.well-known/')) {
    const metadata = metadataOf(response.body);
    const endpoint = metadata?.tokenEndpoint;
    const history = ensureOAuth(context);
    if (endpoint) addTokenEndpoint(history, endpoint);
    if (endpoint && metadata.issuer) {
      history.servers ??= [];
      const issuer = metadata.issuer;
      if (!history.servers.some((s) => s.issuer === issuer))
        bounded(history.servers, { issuer, tokenEndpoint: urlWithoutQuery(endpoint) });
    }
    const servers = metadata?.authorizationServers;
    if (servers) {
      history.resources ??= [];
      const doc = urlWithoutQuery(url);
      history.resources = history.resources.filter((r) => r.metadata !== doc);
      bounded(history.resources, { metadata: doc, servers });
    }
    if (
      /\/\.well-known\/(openid-configuration|oauth-authorization-server|oauth-protected-resource)/.test(
        url,
      )
    )
      pushStep(history, {
        kind: 'discovery',
        time,
        method: request.method,
        url: redactUrl(url),
        status: response.status,
        ...(endpoint ? { note: `token_endpoint ${redactUrl(endpoint)}` } : {}),
      });
    return;
  }
  if (url.includes('response_type=') || url.includes('state=')) {
    const query = queryOf(url);
    if (query.has('response_type') && query.has('client_id')) {
      pushStep(
        ensureOAuth(context),
        authorizeStep(request.method, url, response.status, time, query),
      );
      return;
    }
    if (query.has('state') && (query.has('code') || query.has('error'))) {
      const error = query.get('error');
      pushStep(ensureOAuth(context), {
        kind: 'callback',
        time,
        method: request.method,
        url: redactUrl(url),
        status: response.status,
        note: error ? `error=${decodeSafe(error)}` : 'code and state',
      });
      return;
    }
  }
  const history = context.oauth;
  if (!history) return;
  // RFC 9728: a challenge's resource_metadata leads, through documents seen earlier, to the
  // token endpoint of the authorization server that protects this resource.
  const resourceEndpoint = tokenEndpointOfResource(history, resourceMetadataOf(exchange));
  if (resourceEndpoint) addTokenEndpoint(history, resourceEndpoint.tokenEndpoint);
  if (history.tokenRequests.length === 0) return;
  const status = response.status;
  const bearer = /^\s*(Bearer|DPoP)\s/i.test(headerValue(request.headers, 'authorization') ?? '');
  if (status === 401 || status === 403 || (bearer && isSuccessStatus(status)))
    pushStep(history, {
      kind: status === 401 || status === 403 ? 'failure' : 'api',
      time,
      method: request.method,
      url: redactUrl(url),
      status,
      ...(bearer ? {} : { note: 'no Bearer token' }),
    });
}

function bounded<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > LIMITS.endpoints) list.shift();
}

function addTokenEndpoint(history: OAuthHistory, endpoint: string): void {
  const bare = urlWithoutQuery(endpoint);
  if (!history.tokenEndpoints.includes(bare)) bounded(history.tokenEndpoints, bare);
}

/** The `resource_metadata` URL (RFC 9728 §5.1) of a response's WWW-Authenticate challenge. */
export function resourceMetadataOf(exchange: Exchange): string | undefined {
  for (const value of headerValues(exchange.response.headers, 'www-authenticate')) {
    if (!value.includes('resource_metadata')) continue;
    const found = /(?:^|[\s,])resource_metadata\s*=\s*(?:"([^"]*)"|([^\s,]+))/i.exec(value);
    const url = found?.[1] ?? found?.[2];
    if (url && /^https?:\/\//i.test(url)) return url;
  }
  return undefined;
}

/**
 * Follows RFC 9728's chain through the documents the context saw: the protected-resource
 * metadata document at `metadataUrl`, its `authorization_servers`, the first of them whose
 * metadata (RFC 8414 / OIDC discovery) was seen, and that server's `token_endpoint`.
 * Undefined when a link of the chain was not seen.
 */
export function tokenEndpointOfResource(
  history: OAuthHistory | undefined,
  metadataUrl: string | undefined,
): { issuer: string; tokenEndpoint: string } | undefined {
  if (!history?.resources || !history.servers || !metadataUrl) return undefined;
  const doc = urlWithoutQuery(metadataUrl);
  const resource = history.resources.find((r) => r.metadata === doc);
  if (!resource) return undefined;
  const bare = (u: string) => u.replace(/\/+$/, '');
  for (const server of resource.servers) {
    const found = history.servers.find((s) => bare(s.issuer) === bare(server));
    if (found) return found;
  }
  return undefined;
}

function authorizeStep(
  method: string,
  url: string,
  status: number,
  time: number,
  query: Map<string, string>,
): FlowStep {
  return {
    kind: 'authorize',
    time,
    method,
    url: redactUrl(url),
    status,
    note: `response_type=${decodeSafe(query.get('response_type') ?? '')}, client_id=${decodeSafe(query.get('client_id') ?? '')}`,
  };
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' ')).slice(0, 80);
  } catch {
    return text.slice(0, 80);
  }
}

function recordTokenRequest(context: DiagnosisContext, exchange: Exchange, time: number): void {
  const history = ensureOAuth(context);
  const { request, response } = exchange;
  const form = tokenRequestOf(exchange);
  const basic = /^\s*basic\s/i.test(headerValue(request.headers, 'authorization') ?? '');
  const seen: SeenTokenRequest = {
    time,
    url: urlWithoutQuery(redactUrl(request.url)),
    status: response.status,
    grantType: form?.grantType ?? '',
    clientAuth: form ? clientAuthMethodOf(form, basic) : basic ? 'client_secret_basic' : 'unknown',
  };
  if (form?.clientId) seen.clientId = form.clientId;
  if (form?.refreshToken) seen.refreshToken = form.refreshToken;
  if (form?.code) seen.code = true;
  if (form?.codeVerifier) seen.codeVerifier = true;
  if (form?.redirectUri) seen.redirectUri = form.redirectUri;
  const answer = readTokenAnswer(response.body);
  if (answer?.error) seen.error = answer.error;
  if (answer?.errorDescription) seen.errorDescription = answer.errorDescription;
  if (answer && isSuccessStatus(response.status)) {
    const issued = issuedOf(answer);
    if (issued) seen.issued = issued;
  }
  if (form?.refreshToken && !isSuccessStatus(response.status)) {
    const usedAt = refreshTokenUsedAt(history, form.refreshToken.fingerprint);
    if (usedAt !== undefined) seen.reusedAfter = usedAt;
  }
  if (form?.grantType === 'authorization_code' && !isSuccessStatus(response.status)) {
    const mismatch = authorizeMismatchOf(history, form, seen.redirectUri);
    if (mismatch) seen.authorizeMismatch = mismatch;
  }
  history.tokenRequests.push(seen);
  if (history.tokenRequests.length > LIMITS.tokenRequests) history.tokenRequests.shift();
  const mismatch = seen.authorizeMismatch;
  const outcome = `${seen.error ? ` ${seen.error}` : ''}${
    mismatch
      ? ` (${[
          mismatch.codeVerifier === 'mismatch'
            ? "code_verifier does not match the authorize request's code_challenge"
            : mismatch.codeVerifier === 'missing'
              ? 'no code_verifier for the code_challenge of the authorize request'
              : '',
          mismatch.redirectUri
            ? `redirect_uri is not the authorize request's ${mismatch.redirectUri}`
            : '',
        ]
          .filter(Boolean)
          .join('; ')})`
      : ''
  }`;
  pushStep(history, {
    kind: 'token',
    time,
    method: request.method,
    url: seen.url,
    status: response.status,
    note: `${seen.grantType || 'token request'} → ${response.status}${outcome}${seen.reusedAfter !== undefined ? ' (refresh token used before)' : ''}`,
  });
}

/**
 * What a refused code exchange got wrong against the last authorize request of the same client
 * in the flow (RFC 7636 §4.6: the S256 code_challenge; RFC 6749 §4.1.3: the redirect_uri), or
 * undefined when nothing (or nothing checkable: a masked or plain challenge) differs.
 */
function authorizeMismatchOf(
  history: OAuthHistory,
  form: TokenRequest,
  redirectUri: string | undefined,
): SeenTokenRequest['authorizeMismatch'] | undefined {
  let query: Map<string, string> | undefined;
  for (let i = history.steps.length - 1; i >= 0 && !query; i--) {
    const step = history.steps[i] as FlowStep;
    if (step.kind !== 'authorize') continue;
    const params = queryOf(step.url);
    const client = params.get('client_id');
    if (!form.clientId || !client || formDecode(client) === form.clientId) query = params;
  }
  if (!query) return undefined;
  const found: NonNullable<SeenTokenRequest['authorizeMismatch']> = {};
  const challenge = query.get('code_challenge');
  if (challenge && !isMaskedValue(challenge) && query.get('code_challenge_method') === 'S256') {
    if (!form.codeVerifier) found.codeVerifier = 'missing';
    else if (form.codeVerifierS256 && form.codeVerifierS256 !== formDecode(challenge))
      found.codeVerifier = 'mismatch';
  }
  const authorized = query.get('redirect_uri');
  if (authorized && redirectUri) {
    const expected = redactUrl(formDecode(authorized));
    if (!isMaskedValue(expected) && expected !== redirectUri) found.redirectUri = expected;
  }
  return Object.keys(found).length > 0 ? found : undefined;
}

/**
 * When a refresh token was already exchanged with success (request time of the first such
 * exchange in the history), or undefined.
 */
export function refreshTokenUsedAt(
  history: OAuthHistory | undefined,
  refreshPrint: string,
): number | undefined {
  return history?.tokenRequests.find(
    (t) => t.refreshToken?.fingerprint === refreshPrint && isSuccessStatus(t.status),
  )?.time;
}

function issuedOf(answer: TokenAnswer): SeenTokenRequest['issued'] | undefined {
  const issued: NonNullable<SeenTokenRequest['issued']> = {};
  if (answer.accessToken) issued.accessToken = answer.accessToken.fingerprint;
  if (answer.refreshToken) issued.refreshToken = answer.refreshToken.fingerprint;
  if (answer.idToken) issued.idToken = answer.idToken.fingerprint;
  if (answer.expiresIn !== undefined) issued.expiresIn = answer.expiresIn;
  if (answer.tokenType) issued.tokenType = answer.tokenType;
  return Object.keys(issued).length > 0 ? issued : undefined;
}

/**
 * The grant a refresh token belongs to, as far as the context shows it: every token request
 * linked to it by rotation (the request that issued it, the requests that exchanged it and
 * the tokens they issued, and so on). Returns the fingerprints of the access tokens that chain
 * issued. Empty when the answers were not seen (the extension cannot read response bodies).
 */
export function accessTokensOfChain(history: OAuthHistory, refreshPrint: string): Set<string> {
  const refresh = new Set([refreshPrint]);
  const access = new Set<string>();
  // Rotation links requests both ways; a few passes over at most 32 requests settle it.
  for (let pass = 0; pass < 4; pass++) {
    let grew = false;
    for (const t of history.tokenRequests) {
      const sent = t.refreshToken?.fingerprint;
      const got = t.issued?.refreshToken;
      const linked = (sent && refresh.has(sent)) || (got && refresh.has(got));
      if (!linked) continue;
      for (const print of [sent, got])
        if (print && !refresh.has(print)) {
          refresh.add(print);
          grew = true;
        }
      if (t.issued?.accessToken) access.add(t.issued.accessToken);
    }
    if (!grew) break;
  }
  return access;
}

/** The fingerprint of a Bearer / DPoP access token in an Authorization value, or undefined. */
export function accessTokenPrint(authorization: string | undefined): string | undefined {
  const token = /^\s*(?:Bearer|DPoP)\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  return token ? fingerprint(token) : undefined;
}

/** How far back a failure's flow reaches, and how many steps it shows at most. */
const FLOW_WINDOW_MS = 30 * 60_000;
const FLOW_STEPS = 16;

/**
 * The OAuth flow that led to a failure, for the flow view: the context's steps of the last half
 * hour before it (at most 15), then the failure itself, marked `current`. Undefined when the
 * context has no OAuth flow (no discovery, authorize, callback or token step in that window).
 */
export function flowUpTo(
  context: DiagnosisContext,
  exchange: Exchange,
  note: string | undefined,
): FlowStep[] | undefined {
  const steps = context.oauth?.steps;
  if (!steps || steps.length === 0) return undefined;
  const time = Number.isFinite(exchange.request.time)
    ? exchange.request.time
    : exchange.response.time;
  const before = Number.isFinite(time)
    ? steps.filter((s) => s.time <= time && time - s.time <= FLOW_WINDOW_MS)
    : [...steps];
  if (!before.some((s) => s.kind !== 'api' && s.kind !== 'failure')) return undefined;
  const current: FlowStep = {
    kind: isTokenEndpointRequest(exchange, context) ? 'token' : 'failure',
    time,
    method: exchange.request.method,
    url: redactUrl(exchange.request.url),
    status: exchange.response.status,
    current: true,
  };
  if (note) current.note = note;
  return [...before.slice(-(FLOW_STEPS - 1)), current];
}

/** The refresh and retry that follow a failure come within this time of it, or not at all. */
export const FLOW_AFTER_MS = 2 * 60_000;

/**
 * What followed a failure in its flow, for the flow view's "→ refresh → retry": the token
 * requests after it (the refresh) and the first API call or failure after those (the retry),
 * within FLOW_AFTER_MS. `closed` once the retry was seen, or an API call or failure came first
 * (no refresh: nothing follows). Empty when no token request followed.
 */
export function flowAfter(
  history: OAuthHistory | undefined,
  failure: { time: number; url: string },
): { steps: FlowStep[]; closed: boolean } {
  const steps = history?.steps;
  if (!steps || !Number.isFinite(failure.time)) return { steps: [], closed: false };
  let start = 0;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i] as FlowStep;
    if (step.kind === 'failure' && step.time === failure.time && step.url === failure.url) {
      start = i + 1;
      break;
    }
    if (step.time < failure.time) {
      start = i + 1;
      break;
    }
  }
  const after: FlowStep[] = [];
  for (const step of steps.slice(start)) {
    if (step.time < failure.time || step.time - failure.time > FLOW_AFTER_MS) break;
    if (step.kind === 'token') {
      after.push(step);
      continue;
    }
    if (step.kind === 'api' || step.kind === 'failure') {
      // The retry; or, with no refresh before it, the next call: nothing follows this failure.
      if (after.length > 0) after.push(step);
      return { steps: after, closed: true };
    }
  }
  return { steps: after, closed: false };
}

/** What a followed failure's flow became after an exchange (see `createFlowFollower`). */
export interface FlowUpdate<R> {
  ref: R;
  /** The failure's flow (up to and with it) and the steps that followed it so far. */
  flow: FlowStep[];
  /** No longer followed: its retry came, its window passed, or its exchange budget ran out. */
  done: boolean;
}

export interface FlowFollowerLimits {
  /** Stop following a failure after this many later exchanges (default: no limit). */
  exchanges?: number;
  /** Follow at most this many failures at once; the oldest goes first (default: no limit). */
  open?: number;
}

/**
 * The failures whose OAuth flow may go on after them (the refresh, then the retry: `flowAfter`),
 * by the caller's ref. The HAR analysis and the extension's background use it alike: `follow`
 * a failure that has a flow, then `advance` after each later exchange has been folded into the
 * context; it answers with the flows that changed and those that are done. Nothing is kept
 * for a failure once done, and nothing runs while no failure is followed.
 */
export function createFlowFollower<R>(limits: FlowFollowerLimits = {}) {
  const open = new Map<
    R,
    { base: FlowStep[]; current: FlowStep; shown: number; exchanges: number }
  >();
  return {
    get size(): number {
      return open.size;
    },
    has(ref: R): boolean {
      return open.has(ref);
    },
    delete(ref: R): void {
      open.delete(ref);
    },
    /** Follows a failure whose flow ends with it (`flowUpTo`); ignored otherwise. */
    follow(ref: R, flow: readonly FlowStep[] | undefined): void {
      const current = flow?.[flow.length - 1];
      if (!flow || !current?.current) return;
      open.delete(ref);
      open.set(ref, { base: [...flow], current, shown: 0, exchanges: 0 });
      if (limits.open !== undefined && open.size > limits.open)
        open.delete(open.keys().next().value as R);
    },
    /**
     * After an exchange at `now` (ms; NaN when unknown) was folded into the context whose OAuth
     * history is `history`: each followed failure's flow extended. `end`: the input is over,
     * every failure is done. Only the flows that changed are answered.
     */
    advance(history: OAuthHistory | undefined, now: number, end = false): FlowUpdate<R>[] {
      const updates: FlowUpdate<R>[] = [];
      for (const [ref, followed] of open) {
        followed.exchanges++;
        const after = flowAfter(history, followed.current);
        const done =
          end ||
          after.closed ||
          !Number.isFinite(now) ||
          now - followed.current.time > FLOW_AFTER_MS ||
          (limits.exchanges !== undefined && followed.exchanges >= limits.exchanges);
        if (done) open.delete(ref);
        if (after.steps.length === followed.shown) continue;
        followed.shown = after.steps.length;
        updates.push({ ref, flow: [...followed.base, ...after.steps], done });
      }
      return updates;
    },
  };
}

export type FlowFollower<R> = ReturnType<typeof createFlowFollower<R>>;
