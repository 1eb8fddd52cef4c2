/**
 * What the engine needs of each catalogue id (docs/diagnoses.md; ids are a public
 * contract: never rename one): its family, default severity and title. The longer words, the
 * explanation and the general fixes, are in ./catalogue.ts, which only the pages, exports and
 * the command line load: the background diagnoses with this table alone and stays small.
 */

export type Severity = 'error' | 'warning' | 'info';

export type DiagnosisFamily =
  | 'presence-transport'
  | 'authorization-format'
  | 'jwt'
  | 'basic-digest'
  | 'server-said'
  | 'across-requests'
  | 'expected-401s'
  | 'oauth'
  | 'other-statuses';

export interface DiagnosisKind {
  family: DiagnosisFamily;
  severity: Severity;
  title: string;
}

export const DIAGNOSIS_KINDS = {
  // Presence and transport
  'no-credentials': {
    family: 'presence-transport',
    severity: 'error',
    title: 'The request carried no credentials',
  },
  'credentials-not-forwarded': {
    family: 'presence-transport',
    severity: 'error',
    title: 'A credential sent earlier to this origin was not sent this time',
  },
  'redirect-dropped-credentials': {
    family: 'presence-transport',
    severity: 'error',
    title: 'The Authorization header was dropped on a redirect',
  },
  'cors-credentials-not-sent': {
    family: 'presence-transport',
    severity: 'error',
    title: 'A cross-origin request went without its cookies',
  },
  'cookie-blocked': {
    family: 'presence-transport',
    severity: 'error',
    title: 'A cookie the host set was not sent, and its attributes say why',
  },
  'preflight-unauthorized': {
    family: 'presence-transport',
    severity: 'error',
    title: 'The CORS preflight was refused with 401',
  },
  'insecure-transport': {
    family: 'presence-transport',
    severity: 'warning',
    title: 'Credentials were sent over plain http',
  },
  // Authorization header format
  'placeholder-token': {
    family: 'authorization-format',
    severity: 'error',
    title: 'The Authorization header holds a placeholder, not a token',
  },
  'empty-credentials': {
    family: 'authorization-format',
    severity: 'error',
    title: 'The Authorization header names a scheme but carries no credentials',
  },
  'missing-scheme': {
    family: 'authorization-format',
    severity: 'error',
    title: 'The token was sent without its auth scheme',
  },
  'duplicated-scheme': {
    family: 'authorization-format',
    severity: 'error',
    title: 'The auth scheme appears twice',
  },
  'quoted-token': {
    family: 'authorization-format',
    severity: 'error',
    title: 'The token is wrapped in quotes',
  },
  'malformed-authorization': {
    family: 'authorization-format',
    severity: 'error',
    title: 'The Authorization header is malformed',
  },
  'scheme-mismatch': {
    family: 'authorization-format',
    severity: 'error',
    title: 'The scheme sent is not one the server accepts',
  },
  'multiple-authorization': {
    family: 'authorization-format',
    severity: 'error',
    title: 'More than one credential was sent',
  },
  // JSON Web Tokens
  'jwt-expired': {
    family: 'jwt',
    severity: 'error',
    title: 'The token had expired when the request was sent',
  },
  'jwt-not-yet-valid': { family: 'jwt', severity: 'error', title: 'The token is not valid yet' },
  'jwt-malformed': { family: 'jwt', severity: 'error', title: 'The token is a damaged JWT' },
  'jwt-unsigned': { family: 'jwt', severity: 'error', title: 'The token is not signed' },
  'jwt-wrong-token-type': {
    family: 'jwt',
    severity: 'error',
    title: 'An ID token or refresh token was sent instead of an access token',
  },
  'jwt-audience-mismatch': {
    family: 'jwt',
    severity: 'error',
    title: 'The token was issued for another API',
  },
  'environment-mismatch': {
    family: 'jwt',
    severity: 'error',
    title: 'The credential belongs to another environment',
  },
  'jwe-opaque': {
    family: 'jwt',
    severity: 'info',
    title: 'The token is encrypted (JWE) and cannot be inspected',
  },
  // Basic and Digest
  'basic-not-encoded': {
    family: 'basic-digest',
    severity: 'error',
    title: 'Basic credentials were not base64-encoded',
  },
  'basic-malformed': {
    family: 'basic-digest',
    severity: 'error',
    title: 'Basic credentials do not decode to user:password',
  },
  'basic-charset': {
    family: 'basic-digest',
    severity: 'error',
    title: 'Basic credentials use characters the server may read differently',
  },
  'basic-rejected': {
    family: 'basic-digest',
    severity: 'error',
    title: 'The user name or password was refused',
  },
  'digest-stale-nonce': {
    family: 'basic-digest',
    severity: 'error',
    title: 'The Digest nonce had expired (stale)',
  },
  'digest-mismatch': {
    family: 'basic-digest',
    severity: 'error',
    title: "The Digest response does not match the server's challenge",
  },
  'digest-rejected': {
    family: 'basic-digest',
    severity: 'error',
    title: 'The Digest credentials were refused',
  },
  // What the server said
  'invalid-token': {
    family: 'server-said',
    severity: 'error',
    title: 'The server says the token is invalid, expired or revoked',
  },
  'credentials-rejected': {
    family: 'server-said',
    severity: 'error',
    title: 'A credential was sent and refused',
  },
  'login-rejected': {
    family: 'server-said',
    severity: 'error',
    title: 'The sign-in was refused: the user name or password is wrong',
  },
  'api-token-required': {
    family: 'server-said',
    severity: 'error',
    title: 'The API wants an API token, not the account password',
  },
  'invalid-request': {
    family: 'server-said',
    severity: 'error',
    title: 'The server says the request is malformed',
  },
  'insufficient-scope': {
    family: 'server-said',
    severity: 'error',
    title: 'The token lacks the scope this request needs',
  },
  'missing-challenge': {
    family: 'server-said',
    severity: 'info',
    title: 'The 401 came without a WWW-Authenticate challenge',
  },
  'api-key-missing': {
    family: 'server-said',
    severity: 'error',
    title: 'The server asks for an API key and none was sent',
  },
  'api-key-rejected': {
    family: 'server-said',
    severity: 'error',
    title: 'The API key was refused',
  },
  'aws-signature-error': {
    family: 'server-said',
    severity: 'error',
    title: 'AWS refused the request signature',
  },
  // OAuth 2 and OpenID Connect flows
  'oauth-client-auth-failed': {
    family: 'oauth',
    severity: 'error',
    title: 'The token endpoint refused the client (invalid_client)',
  },
  'refresh-token-reused': {
    family: 'oauth',
    severity: 'error',
    title: 'A used refresh token was sent again, and the grant was revoked',
  },
  'refresh-failed': {
    family: 'oauth',
    severity: 'error',
    title: 'The token refresh was refused',
  },
  'step-up-required': {
    family: 'oauth',
    severity: 'error',
    title: 'The server wants a stronger or more recent sign-in (step-up)',
  },
  'dpop-proof-required': {
    family: 'oauth',
    severity: 'error',
    title: 'The server wants a DPoP proof the request did not give',
  },
  // Across requests
  'credential-stopped-working': {
    family: 'across-requests',
    severity: 'error',
    title: 'The same credential worked earlier and now fails',
  },
  'session-expired': {
    family: 'across-requests',
    severity: 'error',
    title: 'The session has expired',
  },
  'retry-storm': {
    family: 'across-requests',
    severity: 'warning',
    title: 'The same refused credential is being retried in a loop',
  },
  'clock-skew': {
    family: 'across-requests',
    severity: 'warning',
    title: "The client's clock and the server's clock disagree",
  },
  // Expected 401s (everyday browsing): context, never counted as a failure to act on
  'signed-out-probe': {
    family: 'expected-401s',
    severity: 'info',
    title: 'A signed-out page asked whether it is signed in',
  },
  'negotiate-handshake': {
    family: 'expected-401s',
    severity: 'info',
    title: 'A step of the Negotiate / NTLM handshake, not a failure',
  },
  'negotiate-not-answered': {
    family: 'expected-401s',
    severity: 'info',
    title: 'The browser did not answer the Negotiate / NTLM challenge',
  },
  // Other statuses and the fallback
  'proxy-auth-required': {
    family: 'other-statuses',
    severity: 'error',
    title: 'A proxy between you and the server wants credentials (407)',
  },
  'forbidden-not-unauthorized': {
    family: 'other-statuses',
    severity: 'error',
    title: 'Forbidden: the server knows who you are and refuses (403)',
  },
  'auth-required': {
    family: 'other-statuses',
    severity: 'error',
    title: 'Authentication is required',
  },
} as const satisfies Record<string, DiagnosisKind>;

export type DiagnosisId = keyof typeof DIAGNOSIS_KINDS;

/** Every catalogue id, in catalogue order. */
export const DIAGNOSIS_IDS = Object.keys(DIAGNOSIS_KINDS) as DiagnosisId[];

/** True when `id` is a catalogue id. */
export function isDiagnosisId(id: string): id is DiagnosisId {
  return Object.hasOwn(DIAGNOSIS_KINDS, id);
}
