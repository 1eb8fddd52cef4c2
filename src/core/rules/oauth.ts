/**
 * OAuth 2 and OpenID Connect flows: oauth-client-auth-failed (the token endpoint refused the
 * client), refresh-token-reused (a rotated refresh token came back and the grant was revoked),
 * refresh-failed (a refresh was refused and the requests after it fail). The token endpoint
 * and what came before come from the context (../oauth/flow.ts); RFC 6749 §5.2 names the
 * errors.
 */

import { headerValue, isSuccessStatus } from '../exchange';
import {
  accessTokenPrint,
  accessTokensOfChain,
  refreshTokenUsedAt,
  resourceMetadataOf,
  type SeenTokenRequest,
  tokenEndpointOfResource,
} from '../oauth/flow';
import { formEncodingOf } from '../oauth/token-request';
import { redactUrl } from '../redact';
import { fingerprint } from '../sent-credentials';
import { formatDuration, formatUtc } from '../time-format';
import { type AuthorizationFact, challengeText, type Facts } from './facts';
import { anyDpopBound, isDpopBound, NEED, needs } from './needs';
import type { Challenge } from './parsers';
import type { Rule } from './types';

/** A refused refresh explains the failures of the next half hour at most. */
const REFRESH_WINDOW_MS = 30 * 60_000;

const METHOD_WORDS: Record<string, string> = {
  client_secret_basic: 'HTTP Basic (client_secret_basic)',
  client_secret_post: 'client_id and client_secret in the form body (client_secret_post)',
  client_assertion: 'a signed client assertion (private_key_jwt or client_secret_jwt)',
  none: 'no client authentication at all (a public client: none)',
  assertion_grant:
    "the grant's signed assertion alone (RFC 7523 §2.1: the JWT is the grant, and its issuer names the client, as a service account signs it; client authentication beside it is optional, §3.1)",
};

function answerSaid(facts: Facts): string[] {
  const out: string[] = [];
  const answer = facts.token?.answer;
  if (answer?.error)
    out.push(
      `The token endpoint answered ${facts.status}: error="${answer.error}"${answer.errorDescription ? `, error_description="${answer.errorDescription}"` : ''}`,
    );
  const challenge = facts.challenges.find(
    (c) => c.params.error || c.scheme.toLowerCase() === 'basic',
  );
  if (challenge) out.push(`${facts.challengeHeader}: ${challengeText(challenge)}`);
  if (!answer?.error)
    out.unshift(
      `The token endpoint answered ${facts.status}${facts.bodyMessage ? `: "${facts.bodyMessage}"` : ''}`,
    );
  return out;
}

/**
 * The §5.2 errors a 403 of the token endpoint may carry and still be about the client: the
 * client's authentication (`invalid_client`) or what the client may do (`unauthorized_client`).
 */
const CLIENT_ERRORS = new Set(['invalid_client', 'unauthorized_client']);

/**
 * `invalid_client` at the token endpoint: 401 (RFC 6749 §5.2), or 400 with that error; or a 403
 * (not the RFC's status, but some answer so: CrowdStrike's "Failed to issue access token - Not
 * Authorized") that refuses the client a token: no §5.2 error other than the client's, and
 * not a refresh or a password grant (those refuse the grant: refresh-failed, login-rejected).
 */
const clientAuthFailed: Rule = (facts) => {
  const token = facts.token;
  if (!token) return undefined;
  const error = token.answer?.error ?? facts.serverError?.error;
  const forbidden =
    facts.status === 403 &&
    (error === undefined || CLIENT_ERRORS.has(error)) &&
    token.request?.grantType !== 'refresh_token' &&
    token.request?.grantType !== 'password';
  if (!(facts.status === 401 || (facts.status === 400 && error === 'invalid_client') || forbidden))
    return undefined;
  if (
    error !== undefined &&
    error !== 'invalid_client' &&
    facts.status !== 401 &&
    !(forbidden && CLIENT_ERRORS.has(error))
  )
    return undefined;
  const request = token.request;
  // A password grant refused with invalid_grant (Keycloak answers it 401) is the user's
  // credentials, not the client's: login-rejected.
  if (request?.grantType === 'password' && error === 'invalid_grant') return undefined;
  const basicAuth = facts.authorizations.find(
    (a) => a.credentials?.scheme.toLowerCase() === 'basic' && a.credentials.basic,
  );
  const basic = basicAuth?.credentials?.basic;
  const evidence: string[] = [];
  const grant = request
    ? `grant_type=${request.grantType}`
    : 'its body was not readable here: masked by the recording, or not recorded';
  evidence.push(
    `${facts.method} ${facts.url ? facts.url.origin + facts.url.path : ''} is a token endpoint request (${grant})`,
  );
  evidence.push(...answerSaid(facts));
  const method = request
    ? request.clientAssertion
      ? 'client_assertion'
      : basic || facts.authorizations.some((a) => /^basic\s/i.test(a.credential.value))
        ? 'client_secret_basic'
        : request.clientSecret
          ? 'client_secret_post'
          : request.assertion
            ? 'assertion_grant'
            : 'none'
    : basicAuth
      ? 'client_secret_basic'
      : undefined;
  const clientId = basic?.username ?? request?.clientId;
  if (method)
    evidence.push(
      `The client authenticated with ${METHOD_WORDS[method]}${clientId ? ` as client "${clientId}"` : ''}`,
    );
  // `Basic Og==` is read as a placeholder (empty-credentials), so it has no decoded `basic`.
  const emptyBasic = facts.authorizations.some(
    (a) =>
      /^\s*basic\s/i.test(a.credential.value) &&
      a.problems.some((p) => p.code === 'empty-credentials'),
  );
  if (emptyBasic)
    evidence.push(
      'The Basic value decodes to ":": an empty client id and an empty secret (the variables that hold them were empty when the header was built)',
    );
  if (
    request &&
    /^\s*multipart\/form-data/i.test(
      headerValue(facts.exchange.request.headers, 'content-type') ?? '',
    )
  )
    evidence.push(
      'The body was sent as multipart/form-data (as `curl -F` sends it): RFC 6749 wants application/x-www-form-urlencoded (§4, Appendix B); this server read the form, others refuse it (invalid_request)',
    );
  if (basic && request?.clientId && request.clientId !== basic.username)
    evidence.push(
      `The Basic user "${basic.username}" and the body's client_id "${request.clientId}" differ`,
    );
  if (basic && request?.clientSecret)
    evidence.push(
      'The client sent a secret both in Basic and in the body: RFC 6749 §2.3.1 allows only one method per request',
    );
  const fixes: string[] = [];
  // A 403 without the RFC's invalid_client says less: the client was refused a token.
  let confidence = forbidden && error === undefined ? 0.85 : 0.95;
  if (basic) {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded, then joined and base64-encoded.
    const secret = formEncodingOf(basic.password);
    const id = formEncodingOf(basic.username);
    const raw = [...new Set([...id.characters, ...secret.characters])];
    if (secret.state === 'raw' || id.state === 'raw') {
      const parts = [secret.state === 'raw' ? 'secret' : '', id.state === 'raw' ? 'client id' : '']
        .filter(Boolean)
        .join(' and ');
      evidence.push(
        `The ${parts} inside the Basic value ${parts.includes(' and ') ? 'hold' : 'holds'} characters that form-urlencoding changes (${raw.map((c) => (c.length === 1 ? `"${c}"` : c)).join(', ')}) and were not encoded: RFC 6749 §2.3.1 wants them form-urlencoded before the Basic encoding, and a server that decodes them reads ${raw.includes('+') ? '"+" as a space' : 'them differently'} (the secret itself is not shown)`,
      );
      fixes.push(
        'Form-urlencode the client id and the secret (application/x-www-form-urlencoded: `+` → %2B, `/` → %2F, `=` → %3D, space → +) before joining them with ":" and base64-encoding, as RFC 6749 §2.3.1 says; or send them in the form body if the client is registered for client_secret_post.',
      );
    } else if (secret.state === 'encoded' || id.state === 'encoded') {
      evidence.push(
        'The Basic value holds %XX escapes: the client form-urlencoded the id or secret first (as RFC 6749 §2.3.1 says); a server that does not decode them compares the encoded text (the secret itself is not shown)',
      );
      fixes.push(
        'If this server does not decode Basic credentials (not all do), send the id and secret unencoded, or use client_secret_post.',
      );
      confidence = 0.9;
    }
  }
  if (method === 'none' && facts.status === 401)
    fixes.push(
      'The request carried no client credentials: a confidential client must authenticate (Basic, or client_secret in the body); a public client must be registered with token_endpoint_auth_method "none".',
    );
  if (emptyBasic)
    fixes.push(
      'Set the client id and secret before building the Basic header (an unset environment or shell variable gives `Basic Og==`).',
    );
  if (method === 'assertion_grant')
    fixes.push(
      'The assertion names the client (its iss and sub): check that this client or service account exists in the project the token endpoint serves, is enabled, and that the key that signed the assertion is still registered for it.',
    );
  else if (method)
    fixes.push(
      `Check which token_endpoint_auth_method ${clientId ? `client "${clientId}"` : 'the client'} is registered with; this request used ${method}.`,
    );
  return { id: 'oauth-client-auth-failed', confidence, evidence, fixes };
};

function tokenLine(t: SeenTokenRequest): string {
  const said = t.error
    ? ` ${t.error}${t.errorDescription ? ` ("${t.errorDescription}")` : ''}`
    : '';
  return `POST ${t.url} (${t.grantType || 'token request'}) at ${formatUtc(t.time)} → ${t.status}${said}`;
}

/**
 * The last token request before this failure, when it was a refused refresh within the window
 * and nothing succeeded at the token endpoint after it.
 */
function lastRefusedRefresh(facts: Facts): SeenTokenRequest | undefined {
  if (facts.token) return refusedRefreshItself(facts);
  const now = facts.requestTime;
  const last = lastTokenRequestBefore(facts);
  if (!last || isSuccessStatus(last.status) || last.status === 0) return undefined;
  // Token requests may be shared across tabs (the extension: two tabs refreshing is the case
  // refresh-token-reused is about); a refusal counts only where this flow used that endpoint.
  const url = last.url;
  if (!facts.context.oauth?.steps.some((s) => s.kind === 'token' && s.url === url))
    return undefined;
  if (last.grantType !== 'refresh_token' && !last.refreshToken) return undefined;
  if (Number.isFinite(now) && now - last.time > REFRESH_WINDOW_MS) return undefined;
  return last;
}

/** The last token request seen at or before this failure's request, if any. */
function lastTokenRequestBefore(facts: Facts): SeenTokenRequest | undefined {
  const now = facts.requestTime;
  let last: SeenTokenRequest | undefined;
  for (const t of facts.context.oauth?.tokenRequests ?? []) {
    if (Number.isFinite(now) && t.time > now) continue;
    last = t;
  }
  return last;
}

/**
 * This failure is itself a refused refresh (a token endpoint's 403, as Auth0 answers
 * invalid_grant, or a 400 in a HAR analysed with all statuses); 401 is client authentication.
 */
function refusedRefreshItself(facts: Facts): SeenTokenRequest | undefined {
  const request = facts.token?.request;
  if (!request?.refreshToken || request.grantType !== 'refresh_token') return undefined;
  if (facts.status === 401 || isSuccessStatus(facts.status)) return undefined;
  const answer = facts.token?.answer;
  const seen: SeenTokenRequest = {
    time: facts.requestTime,
    url: facts.url ? `${facts.url.origin}${facts.url.path}` : '',
    status: facts.status,
    grantType: request.grantType,
    clientAuth: 'unknown',
    refreshToken: request.refreshToken,
  };
  if (answer?.error) seen.error = answer.error;
  if (answer?.errorDescription) seen.errorDescription = answer.errorDescription;
  const usedAt = refreshTokenUsedAt(facts.context.oauth, request.refreshToken.fingerprint);
  if (usedAt !== undefined) seen.reusedAfter = usedAt;
  return seen;
}

/**
 * RFC 6749 §5.2 400s of grants other than refresh (a code exchange refused for a PKCE
 * code_verifier or redirect_uri mismatch, invalid_request, unauthorized_client,
 * invalid_scope): evidence for a 401 that follows, in the same window as a refused refresh,
 * when that refusal is the last token request before it on this flow's token endpoint. The
 * line goes to the failure's top diagnosis (no id of its own: the client got no token).
 */
function refusedGrantEvidence(facts: Facts): string | undefined {
  if (facts.token || facts.status !== 401) return undefined;
  const history = facts.context.oauth;
  if (!history) return undefined;
  const now = facts.requestTime;
  const last = lastTokenRequestBefore(facts);
  if (!last || last.status < 400 || last.status >= 500) return undefined;
  if (last.grantType === 'refresh_token' || last.refreshToken) return undefined;
  const url = last.url;
  if (!history.steps.some((s) => s.kind === 'token' && s.url === url)) return undefined;
  if (Number.isFinite(now) && now - last.time > REFRESH_WINDOW_MS) return undefined;
  const sent = [
    last.code ? 'a code' : '',
    last.codeVerifier ? 'a PKCE code_verifier' : '',
    last.redirectUri ? `redirect_uri ${last.redirectUri}` : '',
  ].filter(Boolean);
  let why = '';
  const mismatch = last.authorizeMismatch;
  if (mismatch) {
    const named = [
      mismatch.codeVerifier === 'mismatch'
        ? "its code_verifier does not answer the authorize request's code_challenge (RFC 7636 S256, computed here): the verifier is not the one that authorize request was made with (another sign-in in the same app, in another tab, overwrote it, or it was generated anew)"
        : mismatch.codeVerifier === 'missing'
          ? 'the authorize request sent a PKCE code_challenge, but the code exchange sent no code_verifier'
          : '',
      mismatch.redirectUri
        ? `its redirect_uri ${last.redirectUri ?? ''} is not the authorize request's ${mismatch.redirectUri}, and RFC 6749 §4.1.3 wants the very same value`
        : '',
    ].filter(Boolean);
    why = `: ${named.join('; and ')}`;
  } else if (last.grantType === 'authorization_code' && last.error === 'invalid_grant')
    why = `: for a code exchange, invalid_grant means the code was expired, already used, or ${last.codeVerifier ? 'its code_verifier did not match the code_challenge of the authorize request (PKCE), or ' : ''}its redirect_uri differed from the authorize request's`;
  return `Before this request the token endpoint refused a token request, so the client got no new token from it: ${tokenLine(last)}${sent.length > 0 ? `; it sent ${sent.join(', ')}` : ''}${why}`;
}

/**
 * RFC 9728: the challenge's `resource_metadata` followed through the documents seen earlier
 * (protected-resource metadata → `authorization_servers` → that server's metadata) to the
 * token endpoint the client must get its token from.
 */
function resourceMetadataEvidence(facts: Facts): string | undefined {
  // Nothing to follow without protected-resource metadata seen earlier.
  if (!facts.context.oauth?.resources?.length) return undefined;
  const raw = resourceMetadataOf(facts.exchange);
  if (!raw) return undefined;
  const metadata = redactUrl(raw);
  const history = facts.context.oauth;
  const resource = history?.resources?.find((r) => r.metadata === raw.replace(/[?#].*$/, ''));
  if (!resource) return undefined;
  const found = tokenEndpointOfResource(history, raw);
  if (!found)
    return `The challenge's resource_metadata (RFC 9728) is ${metadata}, seen earlier: it names the authorization server ${resource.servers.join(', ')}, whose metadata was not seen`;
  const asked = facts.context.oauth?.tokenRequests.some((t) => t.url === found.tokenEndpoint);
  return `The challenge's resource_metadata (RFC 9728) is ${metadata}, seen earlier: its authorization server ${found.issuer} has the token endpoint ${found.tokenEndpoint}${asked ? '' : ', to which no token request was seen before this request'}`;
}

/**
 * Lines of evidence the OAuth context adds to a failure's first diagnosis, whatever it is: a
 * refused token request before it, the token endpoint its challenge leads to.
 */
export function oauthContextEvidence(facts: Facts): string[] {
  const lines: string[] = [];
  for (const line of [refusedGrantEvidence(facts), resourceMetadataEvidence(facts)])
    if (line) lines.push(line);
  return lines;
}

/** How this request's token relates to the refused refresh's grant. */
function linkToGrant(facts: Facts, refused: SeenTokenRequest): { strong: boolean; line: string } {
  if (facts.token) return { strong: true, line: 'This request is the refused refresh itself' };
  const history = facts.context.oauth;
  const authorization = facts.authorizations.find((a) => a.credential.kind === 'authorization');
  const print = accessTokenPrint(authorization?.credential.value);
  if (!authorization || !print)
    return { strong: false, line: 'This request carried no Bearer access token' };
  const chain =
    history && refused.refreshToken
      ? accessTokensOfChain(history, refused.refreshToken.fingerprint)
      : new Set<string>();
  if (chain.has(print))
    return {
      strong: true,
      line: `This request's access token (${authorization.credential.display}) was issued by the same grant, by the token endpoint in this capture`,
    };
  const seen = facts.history?.credentials.find(
    (c) =>
      c.kind === 'authorization' && c.fingerprint === fingerprint(authorization.credential.value),
  );
  const since = seen ? ` (first sent at ${formatUtc(seen.firstSeen)})` : '';
  // Answers seen (tokens issued or errors read) mean the bodies were there: the token came from
  // outside this capture. None seen: the bodies were not (the extension cannot read them).
  const answered = history?.tokenRequests.filter((t) => t.issued || t.error).length ?? 0;
  const why =
    answered > 0
      ? `${answered === 1 ? 'the one token endpoint answer recorded here did not issue it' : `none of the ${answered} token endpoint answers recorded here issued it`} (it was issued before the capture began, or to another client)`
      : "the token endpoint's answers are not in this capture (response bodies not recorded: the extension cannot read response bodies)";
  return {
    strong: false,
    line: `This request sent the access token ${authorization.credential.display}${since}; which grant issued it is not in this capture: ${why}`,
  };
}

const refreshReused: Rule = (facts) => {
  const refused = lastRefusedRefresh(facts);
  if (!refused || refused.reusedAfter === undefined) return undefined;
  const link = linkToGrant(facts, refused);
  const evidence = [
    `${tokenLine(refused)}: it sent refresh token ${refused.refreshToken?.display ?? '?'}, which had already been exchanged with success at ${formatUtc(refused.reusedAfter)}`,
    'With refresh token rotation, a used refresh token that comes back is taken as stolen: the authorization server revokes the whole grant, the access tokens it issued included',
    link.line,
  ];
  if (Number.isFinite(facts.requestTime) && !facts.token)
    evidence.push(
      `This request came ${formatDuration(facts.requestTime - refused.time)} after the refused refresh`,
    );
  return {
    id: 'refresh-token-reused',
    confidence: link.strong ? 0.97 : 0.94,
    evidence,
  };
};

const refreshFailed: Rule = (facts) => {
  const refused = lastRefusedRefresh(facts);
  if (!refused || refused.reusedAfter !== undefined) return undefined;
  const link = linkToGrant(facts, refused);
  const evidence = [`The last refresh before this request was refused: ${tokenLine(refused)}`];
  if (refused.refreshToken)
    evidence.push(
      `Its refresh token (${refused.refreshToken.display}) had not been exchanged before in this capture, so this is not a reuse here (another tab or process may have used it)`,
    );
  if (refused.status === 401)
    evidence.push(
      '401 at the token endpoint: the client authentication was refused, not only the refresh token',
    );
  evidence.push(link.line);
  const fixes =
    refused.status === 401
      ? [
          'The refresh failed on client authentication: see oauth-client-auth-failed for that request.',
        ]
      : [];
  return {
    id: 'refresh-failed',
    confidence: link.strong ? 0.95 : 0.92,
    evidence,
    fixes,
  };
};

/** RFC 9470: the token is fine but the sign-in behind it is not strong or recent enough. */
const stepUp: Rule = (facts) => {
  const challenge = facts.challenges.find(
    (c) => (c.bearer ?? c.dpop)?.error === 'insufficient_user_authentication',
  );
  const byBody = facts.serverError?.error === 'insufficient_user_authentication';
  if (!challenge && !byBody) return undefined;
  const bearer = challenge?.bearer ?? challenge?.dpop;
  const evidence = [
    challenge
      ? `${facts.challengeHeader}: ${challengeText(challenge)}`
      : 'Body: error="insufficient_user_authentication"',
  ];
  const fixes: string[] = [];
  if (bearer?.acrValues.length)
    evidence.push(
      `The server asks for the authentication level (acr) ${bearer.acrValues.join(' or ')}`,
    );
  if (bearer?.maxAge !== undefined)
    evidence.push(
      `The server asks for a sign-in at most ${formatDuration(bearer.maxAge * 1000)} old (max_age=${bearer.maxAge})`,
    );
  for (const token of facts.jwts) {
    const claims = token.jwt?.payload;
    if (!claims) continue;
    if (typeof claims.acr === 'string')
      evidence.push(`${token.where}: the token's acr = ${claims.acr}`);
    if (typeof claims.auth_time === 'number' && Number.isFinite(facts.checkTime))
      evidence.push(
        `${token.where}: the user signed in ${formatDuration(facts.checkTime - claims.auth_time * 1000)} before this request (auth_time)`,
      );
  }
  const params = [
    bearer?.acrValues.length ? `acr_values=${bearer.acrValues.join(' ')}` : '',
    bearer?.maxAge !== undefined ? `max_age=${bearer.maxAge}` : '',
  ].filter(Boolean);
  if (params.length > 0)
    fixes.push(
      `Send the user through the authorization endpoint again with ${params.join(' and ')} (RFC 9470 §4), then retry with the new access token.`,
    );
  return { id: 'step-up-required', confidence: 0.95, evidence, fixes };
};

/**
 * RFC 9449 (DPoP): the server wants a proof of possession the request did not give: a nonce it
 * asked for (`use_dpop_nonce`), a DPoP-bound token (`cnf.jkt`) sent with the Bearer scheme, or
 * `Authorization: DPoP` without a `DPoP` proof header.
 */
const dpopProof: Rule = (facts) => {
  let nonceChallenge: Challenge | undefined;
  for (const c of facts.challenges)
    if (c.dpop?.error === 'use_dpop_nonce') {
      nonceChallenge = c;
      break;
    }
  let auth: AuthorizationFact | undefined;
  for (const a of facts.authorizations)
    if (a.credential.kind === 'authorization') {
      auth = a;
      break;
    }
  const scheme = auth?.credentials?.scheme.toLowerCase();
  // Nothing below finds anything without a nonce asked for, the DPoP scheme or a bound token:
  // the usual failure stops here, before the headers are searched.
  if (
    !nonceChallenge &&
    facts.serverError?.error !== 'use_dpop_nonce' &&
    scheme !== 'dpop' &&
    !anyDpopBound(facts.jwts)
  )
    return undefined;
  const evidence: string[] = [];
  const fixes: string[] = [];
  const request = facts.exchange.request.headers;
  const proof = request.some((h) => h.name.toLowerCase() === 'dpop');
  const nonceHeader = facts.exchange.response.headers.some(
    (h) => h.name.toLowerCase() === 'dpop-nonce',
  );
  if (nonceChallenge || (facts.serverError?.error === 'use_dpop_nonce' && nonceHeader)) {
    evidence.push(
      nonceChallenge
        ? `${facts.challengeHeader}: ${challengeText(nonceChallenge)}`
        : 'Body: error="use_dpop_nonce"',
    );
    if (nonceHeader)
      evidence.push('The response carries a DPoP-Nonce header: the nonce to put in the next proof');
    fixes.push(
      'Retry once with a new DPoP proof whose `nonce` claim is the DPoP-Nonce value of this response (RFC 9449 §8, §9); keep using the latest nonce the server sends.',
    );
  }
  for (const token of facts.jwts) {
    if (!isDpopBound(token.jwt?.payload?.cnf)) continue;
    if (scheme === 'bearer') {
      evidence.push(
        `${token.where}: the token is bound to a DPoP key (cnf.jkt) and was sent with the Bearer scheme`,
      );
      fixes.push(
        'Send a DPoP-bound token as `Authorization: DPoP <token>` with a `DPoP` proof header, not as Bearer (RFC 9449 §7.1).',
      );
    } else if (!proof)
      evidence.push(
        `${token.where}: the token is bound to a DPoP key (cnf.jkt) and the request has no DPoP proof header`,
      );
  }
  if (scheme === 'dpop' && !proof && !evidence.some((e) => e.includes('no DPoP proof'))) {
    evidence.push('Authorization uses the DPoP scheme but the request has no DPoP proof header');
    fixes.push(
      'Send a `DPoP` header with a proof JWT signed by the key the token is bound to, for this method and URL (RFC 9449 §4, §7).',
    );
  }
  if (evidence.length === 0) return undefined;
  const dpopChallenge = facts.challenges.find((c) => c.dpop);
  if (dpopChallenge && !nonceChallenge)
    evidence.push(`${facts.challengeHeader}: ${challengeText(dpopChallenge)}`);
  return { id: 'dpop-proof-required', confidence: nonceChallenge ? 0.9 : 0.93, evidence, fixes };
};

export const oauthRules: readonly Rule[] = [
  needs(NEED.token, clientAuthFailed),
  needs(NEED.tokenFlow, refreshReused),
  needs(NEED.tokenFlow, refreshFailed),
  needs(NEED.stepUp, stepUp),
  needs(NEED.dpop, dpopProof),
];
