/**
 * The header half of the provider table (./providers.ts): the providers and frameworks whose
 * refusals are told by response headers (a vendor error header, a challenge's
 * `error_description`), how each is recognised without a body (request host, response header
 * names), those header messages with the diagnosis each points to, and the source; plus the
 * generic phrases, which read vendor headers as well as bodies.
 *
 * The extension's background sees headers only (webRequest gives no bodies), so it loads this
 * half alone (`HEADER_KNOWLEDGE`, src/background/diagnosis.ts); the body shapes and body
 * messages stay in ./providers.ts, which joins both halves into the full table that `diagnose`
 * uses. On an exchange without a body both give the same verdict
 * (test/core/provider-headers.test.ts).
 *
 * Patterns are tested on `name: value` of the vendor headers (./server-words.ts) and, in the
 * full table, on the body's messages too. No nested quantifiers: linear.
 */
import type { DiagnosisId } from './diagnosis-kinds';
import type { ProviderKnowledge } from './server-words';

/** The diagnoses a server's words can point to. */
export type SaidDiagnosis = Extract<
  DiagnosisId,
  | 'no-credentials'
  | 'invalid-token'
  | 'credentials-rejected'
  | 'login-rejected'
  | 'api-token-required'
  | 'api-key-missing'
  | 'api-key-rejected'
  | 'basic-rejected'
  | 'aws-signature-error'
  | 'insufficient-scope'
  | 'jwt-audience-mismatch'
>;

export interface ProviderMessage {
  /** Tested on the body's messages, its first 4 KB, and `name: value` of the vendor headers. */
  pattern: RegExp;
  diagnosis: SaidDiagnosis;
}

/** A provider or framework as it can be told from headers alone. */
export interface ProviderHeaderRow {
  id: string;
  name: string;
  kind: 'provider' | 'framework';
  /** The request's host (lower case). */
  hosts?: RegExp;
  /** Response header names (lower case) only this provider sends. */
  headers?: readonly string[];
  /** Messages found in its response headers (with ./providers.ts: in bodies too). */
  messages: readonly ProviderMessage[];
  /** The public documentation this row was taken from. */
  source: string;
  /** A documented cause of this provider's refusals worth a line of evidence (from `source`). */
  note?: string;
}

export const m = (pattern: RegExp, diagnosis: SaidDiagnosis): ProviderMessage => ({
  pattern,
  diagnosis,
});

/** The rows whose refusals show in headers, by id; ./providers.ts places them in the table. */
export const PROVIDER_HEADER_ROWS = {
  gitlab: {
    id: 'gitlab',
    name: 'GitLab',
    kind: 'provider',
    hosts: /(^|\.)gitlab\.(com|io)$|^gitlab\./,
    headers: ['x-gitlab-meta'],
    // In WWW-Authenticate: `Bearer ... error="invalid_token", error_description="Token was revoked. ..."`.
    messages: [m(/Token was revoked|Token is expired|invalid_token/, 'invalid-token')],
    source: 'https://docs.gitlab.com/ee/api/rest/troubleshooting.html',
  },
  'atlassian-server': {
    id: 'atlassian-server',
    name: 'Atlassian Jira / Confluence server',
    kind: 'provider',
    headers: ['x-seraph-loginreason', 'x-ausername'],
    messages: [
      m(/x-seraph-loginreason: AUTHENTICATION_DENIED/i, 'login-rejected'),
      m(/x-ausername: anonymous/i, 'no-credentials'),
      m(/x-seraph-loginreason: AUTHENTICATED_FAILED/i, 'credentials-rejected'),
    ],
    source: 'https://developer.atlassian.com/server/jira/platform/basic-authentication/',
  },
  'azure-storage': {
    id: 'azure-storage',
    name: 'Azure Storage',
    kind: 'provider',
    hosts: /\.(blob|queue|table|file|dfs)\.core\.windows\.net$/,
    messages: [
      m(/x-ms-error-code: NoAuthenticationInformation/i, 'no-credentials'),
      m(/x-ms-error-code: AuthenticationFailed/i, 'credentials-rejected'),
    ],
    source:
      'https://learn.microsoft.com/en-us/rest/api/storageservices/common-rest-api-error-codes',
  },
  'aws-api-gateway': {
    id: 'aws-api-gateway',
    name: 'Amazon API Gateway',
    kind: 'provider',
    hosts: /\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/,
    headers: ['x-amz-apigw-id'],
    messages: [m(/x-amzn-errortype: UnauthorizedException/i, 'credentials-rejected')],
    source:
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html',
  },
  spotify: {
    id: 'spotify',
    name: 'Spotify Web API',
    kind: 'provider',
    hosts: /^api\.spotify\.com$/,
    // Also in WWW-Authenticate: `Bearer realm="spotify", error="invalid_token", error_description="The access token expired"`.
    messages: [m(/access token expired|Invalid access token/i, 'invalid-token')],
    source:
      'https://developer.spotify.com/documentation/web-api/concepts/api-calls#response-status-codes',
  },
  'google-iap': {
    id: 'google-iap',
    name: 'Google Cloud Identity-Aware Proxy (IAP)',
    kind: 'provider',
    // IAP adds `X-Goog-IAP-Generated-Response: true` to the 401/403/302 it generates itself.
    headers: ['x-goog-iap-generated-response'],
    // Its refusals' words are in the body (./providers.ts); the header tells IAP answered.
    messages: [],
    source: 'https://cloud.google.com/iap/docs/query-parameters-and-headers-howto',
  },
  'aspnet-core': {
    id: 'aspnet-core',
    name: 'ASP.NET Core',
    kind: 'framework',
    // The JWT bearer handler's WWW-Authenticate `error_description`.
    messages: [
      m(
        /The token expired at|The signature is invalid|The issuer .{0,80} is invalid/i,
        'invalid-token',
      ),
      m(/The audience .{0,80} is invalid/i, 'jwt-audience-mismatch'),
    ],
    source:
      'https://learn.microsoft.com/en-us/aspnet/core/security/authentication/configure-jwt-bearer-authentication',
  },
} as const satisfies Record<string, ProviderHeaderRow>;

/** Phrases unknown providers use, in bodies and vendor headers alike, most specific first. */
export const GENERIC_PHRASES: readonly ProviderMessage[] = [
  // A token for another audience: Envoy's jwt_authn ("Audiences in Jwt are not allowed"),
  // Microsoft.IdentityModel (IDX10214: "Audience validation failed"), IAP and others' words.
  m(
    /Audiences in Jwt are not allowed|IDX10214|audience (validation failed|doesn'?t match|does not match|mismatch)|invalid (token )?audience|aud(ience)? claim.{0,80}(doesn'?t|does not) match/i,
    'jwt-audience-mismatch',
  ),
  m(
    /(use|requires?|need|must use) (a |an |your )?(personal access token|api token|access token|app password|application password)( instead of (a |your )?(account )?password)?|password authentication (was|is|has been) (removed|deprecated|disabled)|passwords? (is|are) no longer (accepted|supported|allowed)|authentication with passwords is deprecated/i,
    'api-token-required',
  ),
  m(
    /(invalid|incorrect|wrong|bad|unknown) (user ?name|login|e-?mail|email address|user|account|credentials?)( (and|or|\/) (password|pass))|(invalid|incorrect|wrong) password|password (is |was )?(incorrect|wrong|invalid)|invalid (user|login) credentials|login failed|sign-?in failed/i,
    'login-rejected',
  ),
  m(
    /invalid (api[ _-]?)?key|api[ _-]?key.{0,30}(invalid|not valid|revoked|expired|disabled|incorrect|wrong|unknown)|(incorrect|unknown|bad) api[ _-]?key|key not (valid|found|authori[sz]ed)/i,
    'api-key-rejected',
  ),
  m(
    /(api[ _-]?key|subscription key) (is )?(missing|required)|no api[ _-]?key|missing (the |an? )?api[ _-]?key/i,
    'api-key-missing',
  ),
  m(
    /invalid[_ ](access[_ ])?token|(token|jwt|session)( has)? (is )?(invalid|expired|revoked|malformed|no longer valid)|revoked|jwt expired|token has expired|invalid (bearer|auth(entication)?|id) token|invalid signature|jwt malformed|token.{0,20}not (valid|active)|session (has )?expired or (is )?invalid|signature (verification )?failed|malformed (token|jwt)|(expired|invalid) (access|bearer|auth) token/i,
    'invalid-token',
  ),
  m(
    /bad credentials|invalid credentials|authentication (failed|error)|unable to authenticate|could ?n[o']t authenticate|signature (does not|did not|doesn'?t) match|credentials? (is |are |were )?(rejected|refused|incorrect|invalid)/i,
    'credentials-rejected',
  ),
  m(
    /(no|missing|without) (a |an |the )?(auth(entication|orization)? |bearer |access |api |session )?(credentials?|token|header)\b|credentials? (were |was )?not (provided|supplied|found|present)|not (been )?authenticated|unauthenticated|authentication (is )?required|requires authentication|login required|must (be logged in|sign in|log in|authenticate)|need to (sign|log) in|missing (a |an |the )?(bearer|access|auth)/i,
    'no-credentials',
  ),
];

/**
 * What the background reads a live response's headers with: the header rows, in the order of
 * the full table (./providers.ts; test/core/provider-headers.test.ts checks it), and the
 * generic phrases.
 */
export const HEADER_KNOWLEDGE: ProviderKnowledge = {
  providers: Object.values(PROVIDER_HEADER_ROWS),
  phrases: GENERIC_PHRASES,
};
