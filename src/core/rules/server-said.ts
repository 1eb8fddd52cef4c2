/**
 * What the server said: invalid-token, invalid-request, insufficient-scope, missing-challenge,
 * api-key-missing, api-key-rejected, aws-signature-error. RFC 6750 §3.1 error codes from the
 * challenge, then provider messages from the body.
 */
import type { DiagnosisId } from '../diagnosis-kinds';
import { headerValue } from '../exchange';
import { hasFormatProblem } from './authorization-format';
import { challengeText, type Facts } from './facts';
import type { Rule } from './types';

/** Local findings that explain a refused token better than the server's generic word. */
const LOCAL_TOKEN_CAUSES: readonly DiagnosisId[] = [
  'jwt-expired',
  'jwt-not-yet-valid',
  'jwt-malformed',
  'jwt-unsigned',
  'jwt-wrong-token-type',
  'jwt-audience-mismatch',
  'environment-mismatch',
  'placeholder-token',
  'empty-credentials',
  'missing-scheme',
  'duplicated-scheme',
  'quoted-token',
  'malformed-authorization',
];

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
  if (facts.bodyMessage && !out.some((line) => line.includes(facts.bodyMessage ?? '')))
    out.push(`Body says: "${facts.bodyMessage}"`);
  return out;
}

const invalidToken: Rule = (facts, found) => {
  const code = facts.serverError?.error;
  const byCode = code === 'invalid_token';
  const byText =
    !byCode && facts.bodyMessage !== undefined && INVALID_TOKEN_TEXT.test(facts.bodyMessage);
  if (!byCode && !byText) return undefined;
  if (LOCAL_TOKEN_CAUSES.some((id) => found.has(id))) return undefined;
  // A stripped export hides the token the server is talking about.
  const carriesToken =
    facts.authorizations.length > 0 || facts.sent.length > 0 || facts.stripped.length > 0;
  if (!carriesToken) return undefined;
  const revoked = /revoked|not active|inactive/i.test(
    `${facts.serverError?.description ?? ''} ${facts.bodyMessage ?? ''}`,
  );
  const evidence = said(facts);
  if (revoked) evidence.push('The server says the token was revoked');
  if (facts.sent.length === 0 && facts.stripped.length > 0)
    evidence.push(
      'The token itself is not in this record (its headers were removed), so it cannot be checked here',
    );
  return { id: 'invalid-token', confidence: byCode ? 0.9 : 0.75, evidence };
};

const invalidRequest: Rule = (facts, found) => {
  if (facts.serverError?.error !== 'invalid_request') return undefined;
  // A header-format problem found locally is what the server's complaint is about.
  const explained = hasFormatProblem(found) || found.has('scheme-mismatch');
  return { id: 'invalid-request', confidence: explained ? 0.6 : 0.85, evidence: said(facts) };
};

const insufficientScope: Rule = (facts) => {
  if (facts.serverError?.error !== 'insufficient_scope') return undefined;
  const evidence = said(facts);
  if (facts.serverError.scope?.length)
    evidence.push(`Scopes the server asks for: ${facts.serverError.scope.join(' ')}`);
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

const missingChallenge: Rule = (facts) => {
  if (
    facts.status !== 401 ||
    headerValue(facts.exchange.response.headers, 'www-authenticate') !== undefined
  )
    return undefined;
  return {
    id: 'missing-challenge',
    confidence: 0.9,
    evidence: ['The 401 response has no WWW-Authenticate header (RFC 9110 §15.5.2 requires one)'],
  };
};

const API_KEY_SCHEME = /^(api-?key|apikey|key|token|x-api-key)$/i;
const API_KEY_ASKED =
  /api[ _-]?key|apikey|x-api-key|subscription key|missing (the )?key|key (is )?(missing|required)|no key/i;
const API_KEY_REFUSED =
  /invalid (api[ _-]?)?key|api[ _-]?key.{0,30}(invalid|not valid|revoked|expired|disabled|incorrect|wrong|unknown)|(invalid|incorrect|unknown|bad) api[ _-]?key|key not (valid|found|authorized)|Invalid API Key provided/i;

const apiKeyMissing: Rule = (facts) => {
  if (facts.sent.some((c) => c.kind === 'header' || c.kind === 'query')) return undefined;
  const evidence: string[] = [];
  const challenge = facts.challenges.find((c) => API_KEY_SCHEME.test(c.scheme));
  if (challenge) evidence.push(`${facts.challengeHeader}: ${challengeText(challenge)}`);
  // "Invalid API key" means one was sent (maybe as Bearer or Basic, as Stripe takes it).
  const refuses = facts.bodyMessage !== undefined && API_KEY_REFUSED.test(facts.bodyMessage);
  if (
    facts.bodyMessage &&
    !refuses &&
    facts.authorizations.length === 0 &&
    API_KEY_ASKED.test(facts.bodyMessage)
  )
    evidence.push(`Body says: "${facts.bodyMessage}"`);
  if (evidence.length === 0) return undefined;
  evidence.unshift('No API-key header or key-like query parameter was sent');
  return { id: 'api-key-missing', confidence: 0.9, evidence };
};

const apiKeyRejected: Rule = (facts, found) => {
  const keys = facts.sent.filter((c) => c.kind === 'header' || c.kind === 'query');
  const bodyRefuses = facts.bodyMessage !== undefined && API_KEY_REFUSED.test(facts.bodyMessage);
  // Keys sent as Bearer/Basic (Stripe, many SaaS APIs) count when the server says "key".
  if (keys.length === 0 && !(bodyRefuses && facts.authorizations.length > 0)) return undefined;
  if (facts.status !== 401 && facts.status !== 403) return undefined;
  if (hasFormatProblem(found) || found.has('jwt-expired')) return undefined;
  const evidence = keys.map((k) => `Sent: ${k.display} (${k.label})`);
  if (keys.length === 0)
    evidence.push(
      ...facts.authorizations.map((a) => `Sent: ${a.credential.label}: ${a.credential.display}`),
    );
  evidence.push(`The server answered ${facts.status}`);
  if (facts.bodyMessage) evidence.push(`Body says: "${facts.bodyMessage}"`);
  return { id: 'api-key-rejected', confidence: bodyRefuses ? 0.9 : 0.75, evidence };
};

const AWS_CODES =
  /SignatureDoesNotMatch|IncompleteSignature(Exception)?|InvalidSignatureException|Signature expired|SignatureExpired|RequestTimeTooSkewed|RequestExpired|ExpiredToken(Exception)?|The security token included in the request is expired|InvalidClientTokenId|UnrecognizedClientException|InvalidAccessKeyId|AuthFailure|MissingAuthenticationToken(Exception)?/;

const awsSignature: Rule = (facts) => {
  const errorType = headerValue(facts.exchange.response.headers, 'x-amzn-errortype') ?? '';
  const match = AWS_CODES.exec(`${errorType} ${facts.body.slice(0, 4096)}`);
  const signed = facts.authorizations.some(
    (a) => a.credentials?.aws !== undefined || /^AWS4-HMAC-SHA256\b/i.test(a.credential.value),
  );
  const problems = facts.authorizations.flatMap((a) =>
    a.problems.filter((p) => p.code === 'aws-malformed-credential'),
  );
  if (!match && problems.length === 0) return undefined;
  const evidence: string[] = [];
  if (match) evidence.push(`AWS error: ${match[0]}`);
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

export const serverSaidRules: readonly Rule[] = [
  awsSignature,
  insufficientScope,
  invalidRequest,
  apiKeyMissing,
  apiKeyRejected,
  invalidToken,
  missingChallenge,
];
