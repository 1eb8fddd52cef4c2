/**
 * What the server said: invalid-token, credentials-rejected, login-rejected, api-token-required,
 * invalid-request, insufficient-scope, missing-challenge, api-key-missing, api-key-rejected,
 * aws-signature-error. RFC 6750 §3.1 error codes from the challenge, then what the body and the
 * vendor headers say, read through the provider table (`facts.said`, ../providers.ts).
 */
import type { DiagnosisId } from '../diagnosis-kinds';
import { headerValue } from '../exchange';
import { hiddenValueEvidence } from '../masked';
import { registerRememberedValues } from '../remembered-values';
import { isCredentialCookie, keyPrefixOf } from '../secrets/model';
import { REFUSAL_VERDICTS } from '../server-words';
import { CREDENTIAL_FORMAT_IDS, hasFormatProblem } from './authorization-format';
import { challengeText, type Facts, unansweredChallenge } from './facts';
import { NEED, needs } from './needs';
import type { Problem } from './parsers';
import type { Finding, Found, Rule } from './types';

/** Local findings that explain a refused token better than the server's generic word. */
const LOCAL_TOKEN_CAUSES: readonly DiagnosisId[] = [
  'jwt-expired',
  'jwt-not-yet-valid',
  'jwt-malformed',
  'jwt-unsigned',
  'jwt-wrong-token-type',
  'jwt-audience-mismatch',
  'environment-mismatch',
  // An encrypted token (JWE) sent where a signed one is expected: why the server calls it invalid.
  'jwe-opaque',
  ...CREDENTIAL_FORMAT_IDS,
  'basic-rejected',
  'api-token-required',
  'login-rejected',
];

const LOCAL_TOKEN_CAUSE_SET: ReadonlySet<DiagnosisId> = new Set(LOCAL_TOKEN_CAUSES);

/**
 * True when a finding so far has one of `ids`: the few findings looked up in the set, rather
 * than each of the many ids in the findings.
 */
function foundAny(found: Found, ids: ReadonlySet<DiagnosisId>): boolean {
  for (const id of found.keys()) if (ids.has(id)) return true;
  return false;
}

/** True when the server's words say a credential was refused (so one was sent). */
export function serverSaysRefused(facts: Facts): boolean {
  return facts.said !== undefined && REFUSAL_VERDICTS.has(facts.said.diagnosis);
}

/** The evidence lines for what the server's words point to: who said it, and the source. */
export function saidEvidence(facts: Facts): string[] {
  const said = facts.said;
  if (!said) return [];
  const lines = [`${said.provider ? said.provider.name : 'The server'} says: "${said.quote}"`];
  if (said.provider) {
    lines.push(`What ${said.provider.name} means by it: ${said.provider.source}`);
    if (said.provider.note) lines.push(said.provider.note);
  }
  return lines;
}

const INVALID_TOKEN_TEXT =
  /invalid[_ ]token|token (is )?(invalid|expired|revoked|malformed)|revoked|jwt expired|token has expired|bad credentials|invalid (access|bearer|auth(entication)?) token|invalid signature|jwt malformed|token.{0,20}not (valid|active)|E0000011|AADSTS\d+/i;

function said(facts: Facts): string[] {
  const out: string[] = [];
  const error = facts.serverError;
  if (error?.from === 'challenge') {
    const challenge = facts.challenges.find((c) => (c.bearer ?? c.dpop)?.error ?? c.params.error);
    if (challenge) out.push(`${facts.challengeHeader}: ${challengeText(challenge)}`);
  } else if (error)
    out.push(
      `Body: error="${error.error}"${error.description ? `, error_description="${error.description}"` : ''}`,
    );
  if (facts.said) {
    for (const line of saidEvidence(facts)) if (!out.includes(line)) out.push(line);
  } else if (facts.bodyMessage && !out.some((line) => line.includes(facts.bodyMessage ?? '')))
    out.push(`Body says: "${facts.bodyMessage}"`);
  return out;
}

const REVOKED = /revoked|not active|inactive/i;

const invalidToken: Rule = (facts, found) => {
  const code = facts.serverError?.error;
  const byCode = code === 'invalid_token';
  const byProvider = !byCode && facts.said?.diagnosis === 'invalid-token';
  const byText =
    !byCode &&
    !byProvider &&
    facts.said === undefined &&
    facts.bodyMessage !== undefined &&
    INVALID_TOKEN_TEXT.test(facts.bodyMessage);
  if (!byCode && !byProvider && !byText) return undefined;
  if (foundAny(found, LOCAL_TOKEN_CAUSE_SET)) return undefined;
  // A stripped export (or a recording without request headers) hides the token the server is
  // talking about; the server saying "token" is evidence enough that one was sent.
  const carriesToken =
    facts.authorizations.length > 0 ||
    facts.sent.length > 0 ||
    facts.stripped.length > 0 ||
    byProvider;
  if (!carriesToken) return undefined;
  return invalidTokenFinding(facts, byCode, byProvider);
};

/** The invalid-token finding, once the server said so and a token was (or may have been) sent. */
function invalidTokenFinding(facts: Facts, byCode: boolean, byProvider: boolean): Finding {
  // (Both texts joined by a space only when both are there: a space at an end matches nothing.)
  const description = facts.serverError?.description ?? '';
  const message = facts.bodyMessage ?? '';
  const revoked = REVOKED.test(
    description === '' ? message : message === '' ? description : `${description} ${message}`,
  );
  const evidence = said(facts);
  if (revoked) evidence.push('The server says the token was revoked');
  evidence.push(...maskedLines(facts));
  if (facts.sent.length === 0)
    evidence.push(
      'The token itself is not in this record (the capture did not keep its request headers), so it cannot be checked here',
    );
  return { id: 'invalid-token', confidence: byCode ? 0.9 : byProvider ? 0.85 : 0.75, evidence };
}

/**
 * The server's words say the token was made for another audience (IAP's "JWT audience doesn't
 * match this application", Envoy's "Audiences in Jwt are not allowed", IDX10214): said even
 * when the token cannot be read here (masked, not kept), so the jwt rules could not see it.
 */
const saidAudienceMismatch: Rule = (facts, found) => {
  if (facts.said?.diagnosis !== 'jwt-audience-mismatch' || found.has('jwt-audience-mismatch'))
    return undefined;
  const evidence = said(facts);
  evidence.push(...maskedLines(facts));
  if (facts.jwts.length === 0)
    evidence.push(
      "The token itself cannot be read in this record, so its 'aud' claim is the server's word",
    );
  return { id: 'jwt-audience-mismatch', confidence: 0.9, evidence };
};

const invalidRequest: Rule = (facts, found) => {
  if (facts.serverError?.error !== 'invalid_request') return undefined;
  // A header-format problem found locally is what the server's complaint is about.
  const explained = hasFormatProblem(found) || found.has('scheme-mismatch');
  return { id: 'invalid-request', confidence: explained ? 0.6 : 0.85, evidence: said(facts) };
};

const insufficientScope: Rule = (facts) => {
  // RFC 6750 §3.1's error code, or a provider's words for it (Graph's Authorization_RequestDenied).
  if (
    facts.serverError?.error !== 'insufficient_scope' &&
    facts.said?.diagnosis !== 'insufficient-scope'
  )
    return undefined;
  const evidence = said(facts);
  if (facts.serverError?.scope?.length)
    evidence.push(`Scopes the server asks for: ${facts.serverError.scope.join(' ')}`);
  evidence.push(...grantHeaderEvidence(facts.exchange.response.headers));
  for (const token of facts.jwts) {
    const payload = token.jwt?.payload;
    const scope = payload?.scope ?? payload?.scp;
    if (scope !== undefined)
      evidence.push(
        `${token.where}: the token's ${payload?.scope !== undefined ? 'scope' : 'scp'} = ${Array.isArray(scope) ? scope.join(' ') : String(scope)}`,
      );
  }
  return { id: 'insufficient-scope', confidence: 0.9, evidence };
};

/**
 * The response headers that name what the endpoint accepts and what the token has: GitHub's
 * X-Accepted-GitHub-Permissions (fine-grained tokens and GitHub Apps; sets separated by `;`),
 * X-Accepted-OAuth-Scopes and X-OAuth-Scopes (OAuth apps and classic tokens). Sources: GitHub's
 * changelog of 2023-08-10 and "Troubleshooting the REST API" (Insufficient permission errors).
 */
const GRANT_HEADERS: readonly (readonly [string, string])[] = [
  ['x-accepted-github-permissions', 'Permissions the endpoint accepts'],
  ['x-accepted-oauth-scopes', 'Scopes the endpoint accepts'],
  ['x-oauth-scopes', 'Scopes the token has'],
];

function grantHeaderEvidence(headers: Facts['exchange']['response']['headers']): string[] {
  const lines: string[] = [];
  for (const [name, what] of GRANT_HEADERS) {
    const value = headerValue(headers, name)?.trim();
    if (value === undefined) continue;
    const shown = value.length > 200 ? `${value.slice(0, 197)}...` : value;
    lines.push(`${what} (${name}): ${shown === '' ? '(none)' : shown}`);
  }
  return lines;
}

const missingChallenge: Rule = (facts) => {
  // (A 401's challenges are read from its WWW-Authenticate lines: with one, there is a line.)
  if (
    facts.status !== 401 ||
    facts.challenges.length > 0 ||
    headerValue(facts.exchange.response.headers, 'www-authenticate') !== undefined
  )
    return undefined;
  return {
    id: 'missing-challenge',
    confidence: 0.9,
    evidence: ['The 401 response has no WWW-Authenticate header (RFC 9110 §15.5.2 requires one)'],
  };
};

// `Token` is not here: Django REST framework and Salesforce challenge `Token` for an
// Authorization scheme, not for an API-key header.
const API_KEY_SCHEME = /^(api-?key|apikey|key|x-api-key)$/i;
const API_KEY_ASKED =
  /api[ _-]?key|apikey|x-api-key|subscription key|missing (the )?key|key (is )?(missing|required)|no key/i;
const API_KEY_REFUSED =
  /invalid (api[ _-]?)?key|api[ _-]?key.{0,30}(invalid|not valid|revoked|expired|disabled|incorrect|wrong|unknown)|(invalid|incorrect|unknown|bad) api[ _-]?key|key not (valid|found|authorized)|Invalid API Key provided/i;

/** True when the request carried a key: a credential header or query parameter. */
function sentKey(facts: Facts): boolean {
  for (const c of facts.sent) if (c.kind === 'header' || c.kind === 'query') return true;
  return false;
}

const apiKeyMissing: Rule = (facts) => {
  if (sentKey(facts)) return undefined;
  // The server says a key (or another credential) was refused: one was sent.
  if (serverSaysRefused(facts)) return undefined;
  const evidence: string[] = [];
  if (facts.said?.diagnosis === 'api-key-missing') evidence.push(...saidEvidence(facts));
  const challenge = facts.challenges.find((c) => API_KEY_SCHEME.test(c.scheme));
  if (challenge) evidence.push(`${facts.challengeHeader}: ${challengeText(challenge)}`);
  // "Invalid API key" means one was sent (maybe as Bearer or Basic, as Stripe takes it).
  // (The patterns run last: most failures are decided by the cheaper tests.)
  if (
    facts.bodyMessage &&
    evidence.length === 0 &&
    facts.authorizations.length === 0 &&
    !API_KEY_REFUSED.test(facts.bodyMessage) &&
    API_KEY_ASKED.test(facts.bodyMessage)
  )
    evidence.push(`Body says: "${facts.bodyMessage}"`);
  if (evidence.length === 0) return undefined;
  evidence.unshift('No API-key header or key-like query parameter was sent');
  return { id: 'api-key-missing', confidence: 0.9, evidence };
};

const apiKeyRejected: Rule = (facts, found) => {
  const keys = facts.sent.filter((c) => c.kind === 'header' || c.kind === 'query');
  // Without a key, only a refusal in words about a credential sent otherwise (or not kept)
  // can make this finding: decided before the body's words are read.
  if (keys.length === 0 && facts.authorizations.length === 0 && facts.sent.length > 0)
    return undefined;
  const bodyRefuses =
    facts.said?.diagnosis === 'api-key-rejected' ||
    (facts.bodyMessage !== undefined && API_KEY_REFUSED.test(facts.bodyMessage));
  // Keys sent as Bearer/Basic (Stripe, many SaaS APIs) count when the server says "key"; so do
  // keys a recording did not keep (no request headers) when the server says one was refused.
  if (
    keys.length === 0 &&
    !(bodyRefuses && (facts.authorizations.length > 0 || facts.sent.length === 0))
  )
    return undefined;
  if (facts.status !== 401 && facts.status !== 403) return undefined;
  if (hasFormatProblem(found) || found.has('jwt-expired')) return undefined;
  const evidence = keys.map((k) => `Sent: ${k.display} (${k.label})`);
  if (keys.length === 0)
    for (const a of facts.authorizations) {
      evidence.push(`Sent: ${a.credential.label}: ${a.credential.display}`);
      // A key meant to be public (Stripe's pk_) is no secret key: calls that need one refuse it.
      const prefix = keyPrefixOf(a.credential.value);
      if (prefix?.public)
        evidence.push(
          `That is a ${prefix.provider} publishable key (${prefix.prefix}…), meant to be public: a call that needs the secret key refuses it`,
        );
    }
  if (keys.length === 0 && facts.sent.length === 0)
    evidence.push(
      'The capture did not keep the request headers: the key itself is not in this record',
    );
  evidence.push(`The server answered ${facts.status}`);
  if (facts.said) evidence.push(...saidEvidence(facts));
  else if (facts.bodyMessage) evidence.push(`Body says: "${facts.bodyMessage}"`);
  const masked = keys.length > 0 && keys.every((k) => k.masked);
  return {
    id: 'api-key-rejected',
    confidence: bodyRefuses ? 0.9 : masked ? 0.7 : 0.75,
    evidence,
  };
};

const AWS_CODES =
  /SignatureDoesNotMatch|IncompleteSignature(Exception)?|InvalidSignatureException|Signature expired|SignatureExpired|RequestTimeTooSkewed|RequestExpired|ExpiredToken(Exception)?|The security token included in the request is expired|InvalidClientTokenId|UnrecognizedClientException|InvalidAccessKeyId|AuthFailure|MissingAuthenticationToken(Exception)?/;

/**
 * The AWS error codes found in the texts read last (error bodies repeat failure after failure:
 * one pattern of many alternatives per body is not cheap). At most 64 texts, cleared when full;
 * in memory only, and the command line holds the whole capture anyway.
 */
const AWS_CODES_FOUND = new Map<string, string | null>();
registerRememberedValues({
  forget: () => AWS_CODES_FOUND.clear(),
  size: () => AWS_CODES_FOUND.size,
});

/** The first AWS error code in `text`, or null. */
function awsCodeIn(text: string): string | null {
  let found = AWS_CODES_FOUND.get(text);
  if (found === undefined) {
    found = AWS_CODES.exec(text)?.[0] ?? null;
    if (text.length <= 8192) {
      if (AWS_CODES_FOUND.size >= 64) AWS_CODES_FOUND.clear();
      AWS_CODES_FOUND.set(text, found);
    }
  }
  return found;
}

const awsSignature: Rule = (facts) => {
  const errorType = headerValue(facts.exchange.response.headers, 'x-amzn-errortype') ?? '';
  // No code starts with a space: without an error type the body's first 4 KB are read as they
  // are, not copied behind one.
  const match = awsCodeIn(
    errorType ? `${errorType} ${facts.body.slice(0, 4096)}` : facts.body.slice(0, 4096),
  );
  const problems = awsProblems(facts);
  if (!match && problems.length === 0) return undefined;
  const signed = facts.authorizations.some(
    (a) => a.credentials?.aws !== undefined || /^AWS4-HMAC-SHA256\b/i.test(a.credential.value),
  );
  const evidence: string[] = [];
  if (match) evidence.push(`AWS error: ${match}`);
  if (errorType) evidence.push(`x-amzn-ErrorType: ${errorType}`);
  evidence.push(...problems.map((p) => p.message));
  const aws = facts.authorizations.find((a) => a.credentials?.aws)?.credentials?.aws;
  if (aws)
    evidence.push(
      `Signed for region ${aws.region}, service ${aws.service}, date ${aws.date}, headers ${aws.signedHeaders.join(';')}`,
    );
  else if (!signed) evidence.push('The request carried no AWS4-HMAC-SHA256 Authorization header');
  const amzDate = headerValue(facts.exchange.request.headers, 'x-amz-date');
  if (amzDate) evidence.push(`X-Amz-Date: ${amzDate}`);
  return { id: 'aws-signature-error', confidence: 0.95, evidence };
};

const NO_PROBLEMS: readonly Problem[] = [];

/** The parser's malformed-AWS-credential problems of the Authorization lines (usually none). */
function awsProblems(facts: Facts): readonly Problem[] {
  let problems: Problem[] | undefined;
  for (const a of facts.authorizations)
    for (const p of a.problems)
      if (p.code === 'aws-malformed-credential') {
        problems ??= [];
        problems.push(p);
      }
  return problems ?? NO_PROBLEMS;
}

/** Masked credentials, said as what the capture hid. */
function maskedLines(facts: Facts): string[] {
  const lines: string[] = [];
  for (const c of facts.sent) {
    if (!c.masked) continue;
    lines.push(hiddenValueEvidence(c.label, c.value));
    if (lines.length === 3) break;
  }
  return lines;
}

const apiTokenRequired: Rule = (facts) => {
  if (facts.said?.diagnosis !== 'api-token-required') return undefined;
  const evidence = saidEvidence(facts);
  const basic = facts.authorizations.find(
    (a) => a.credentials?.scheme.toLowerCase() === 'basic' || /^basic$/i.test(a.maskedScheme ?? ''),
  );
  if (basic)
    evidence.unshift(
      `${basic.credential.label}: Basic credentials were sent${basic.credential.masked ? ' (masked in this capture)' : ''}; the server wants a token where the password is`,
    );
  return { id: 'api-token-required', confidence: 0.95, evidence };
};

const loginRejected: Rule = (facts) => {
  const saysLogin = facts.said?.diagnosis === 'login-rejected';
  const signIn = facts.signIn !== undefined && facts.status === 401;
  if (!saysLogin && !signIn) return undefined;
  if (facts.status !== 401 && facts.status !== 403 && facts.status !== 400) return undefined;
  // Words alone, on a request that is no sign-in and carried no credential (none could have
  // been removed either): no password was refused. Some servers say the same fixed words for
  // any failed check (devise_token_auth answers "Invalid login credentials" to a token
  // validation without a token: its token_validations.invalid message).
  if (!facts.signIn && !carriedCredential(facts) && !mayHaveLostCredential(facts)) return undefined;
  // A token endpoint that says `invalid_client` refused the client's authentication before it
  // looked at a password grant's user (RFC 6749 §5.2): oauth-client-auth-failed's case.
  if (facts.token !== undefined && clientRefused(facts)) return undefined;
  const evidence: string[] = [];
  if (facts.signIn) evidence.push(`A sign-in request: ${facts.signIn}`);
  evidence.push(`The server answered ${facts.status}`);
  if (facts.said) evidence.push(...saidEvidence(facts));
  else if (facts.bodyMessage) evidence.push(`Body says: "${facts.bodyMessage}"`);
  return {
    id: 'login-rejected',
    confidence: saysLogin && signIn ? 0.93 : saysLogin ? 0.88 : 0.82,
    evidence,
  };
};

/** The token endpoint's answer, or its challenge, says `invalid_client`. */
function clientRefused(facts: Facts): boolean {
  return (
    facts.token?.answer?.error === 'invalid_client' || facts.serverError?.error === 'invalid_client'
  );
}

/** A key header or query parameter (not Authorization, not a cookie). */
function isKeyCarrier(c: Facts['sent'][number]): boolean {
  return c.kind === 'header' || c.kind === 'query';
}

/** The request carried a credential: Authorization, a key, a session cookie. */
function carriedCredential(facts: Facts): boolean {
  for (const c of facts.sent) if (c.kind !== 'cookie' || isCredentialCookie(c.name)) return true;
  return false;
}

/** The capture may have removed the request's Authorization or Cookie header. */
function mayHaveLostCredential(facts: Facts): boolean {
  return facts.stripped.includes('authorization') || facts.stripped.includes('cookie');
}

/** Findings that say more than "sent and refused". */
const MORE_SPECIFIC: readonly DiagnosisId[] = [
  ...LOCAL_TOKEN_CAUSES,
  'invalid-token',
  'insufficient-scope',
  'invalid-request',
  'scheme-mismatch',
  'multiple-authorization',
  'digest-rejected',
  'digest-mismatch',
  'digest-stale-nonce',
  'basic-not-encoded',
  'basic-malformed',
  'basic-charset',
  'aws-signature-error',
  'credential-stopped-working',
  'session-expired',
  'jwe-opaque',
  'preflight-unauthorized',
  'retry-storm',
  'clock-skew',
  'signed-out-probe',
  'negotiate-handshake',
  'negotiate-not-answered',
];

const MORE_SPECIFIC_SET: ReadonlySet<DiagnosisId> = new Set(MORE_SPECIFIC);

const credentialsRejected: Rule = (facts, found) => {
  if (facts.preflight || (facts.status !== 401 && facts.status !== 403)) return undefined;
  if (foundAny(found, MORE_SPECIFIC_SET)) return undefined;
  // Negotiate / NTLM 401s are handshake steps or unanswered challenges (expected-401s, later).
  if (
    facts.challenges.some((c) => /^(negotiate|ntlm)$/i.test(c.scheme)) ||
    facts.authorizations.some((a) => /^(negotiate|ntlm)\s/i.test(a.credential.value.trim()))
  )
    return undefined;
  // A key refused in the server's own words is api-key-rejected.
  if ((found.get('api-key-rejected')?.confidence ?? 0) >= 0.9) return undefined;
  const saysRefused = serverSaysRefused(facts);
  // Proxy-Authorization is consumed by the next inbound proxy (RFC 9110 section 11.7.2): the
  // origin that answered 401 or 403 did not see it (a proxy that refuses it answers 407).
  const sent = facts.sent.filter(
    (c) => c.kind !== 'proxy-authorization' && (c.kind !== 'cookie' || isCredentialCookie(c.name)),
  );
  // Only keys were sent (in headers or the query) and api-key-rejected has them: a mask hides a
  // key's value, not its kind, so "which kind" is known and this comes after it.
  const keyFinding = found.get('api-key-rejected');
  // (Unless the server's own words are this finding's: Azure Storage's AuthenticationFailed.)
  const belowKey =
    keyFinding !== undefined &&
    facts.said?.diagnosis !== 'credentials-rejected' &&
    sent.length > 0 &&
    sent.every(isKeyCarrier);
  const hidden = sent.length === 0 && facts.stripped.length > 0 && saysRefused;
  if (sent.length === 0 && !hidden) return undefined;
  // A 403 is about permissions unless the server's words are about the credential.
  if (facts.status === 403 && !saysRefused) return undefined;
  const masked = sent.some((c) => c.masked);
  const evidence: string[] = [];
  for (const credential of sent.slice(0, 3))
    evidence.push(
      credential.masked
        ? hiddenValueEvidence(credential.label, credential.value)
        : `Sent: ${credential.label} (${credential.display})`,
    );
  if (hidden)
    evidence.push(
      'The capture did not keep the credential (its headers were removed or never recorded), but the server says one was refused',
    );
  // Only cookies, and a challenge for a header: the cookie may not be what this API checks.
  const asked = unansweredChallenge(facts);
  if (asked && !sent.some((c) => c.kind !== 'cookie'))
    evidence.push(
      `The server asks for ${asked.scheme} (${facts.challengeHeader}: ${challengeText(asked)}) and the request sent no Authorization header, only cookies: if this API takes a token, the token was not attached`,
    );
  evidence.push(`The server answered ${facts.status}`);
  if (facts.said?.diagnosis === 'no-credentials')
    evidence.push(
      `The server's words read as if nothing was sent ("${facts.said.quote}"), but the request did carry a credential: it was not accepted`,
    );
  else if (facts.said) evidence.push(...saidEvidence(facts));
  else if (facts.bodyMessage) evidence.push(`Body says: "${facts.bodyMessage}"`);
  // Unmasked, with nothing said, it is the fallback for a credential sent (auth-required's
  // place): below any cause that says more, even a warning.
  const confidence =
    facts.said?.diagnosis === 'credentials-rejected'
      ? 0.85
      : masked || hidden
        ? 0.8
        : facts.said || facts.bodyMessage
          ? 0.6
          : 0.5;
  return {
    id: 'credentials-rejected',
    confidence: belowKey ? Math.min(confidence, keyFinding.confidence - 0.05) : confidence,
    evidence,
  };
};

const REFUSED = NEED.status401 | NEED.status403;

export const serverSaidRules: readonly Rule[] = [
  needs(NEED.saysApiToken, apiTokenRequired),
  needs(0, loginRejected, NEED.saysLogin | NEED.signIn),
  awsSignature,
  needs(NEED.scopeError, insufficientScope),
  needs(NEED.requestError, invalidRequest),
  apiKeyMissing,
  needs(0, apiKeyRejected, REFUSED),
  needs(NEED.said, saidAudienceMismatch),
  needs(0, invalidToken, NEED.serverError | NEED.said | NEED.bodyMessage),
  needs(0, credentialsRejected, REFUSED),
  needs(NEED.status401 | NEED.noChallenge, missingChallenge),
];
