/**
 * Shapes shared by the header parsers. Every `parseX` returns data plus `problems`; a parser
 * never throws. Results survive `JSON.parse(JSON.stringify(x))` (params are plain
 * null-prototype objects, never Maps).
 */

/**
 * A parsed parameter list: names lower-cased, values unquoted and unescaped. The object has a
 * null prototype, so a parameter named `__proto__` or `constructor` is just a key and can
 * neither pollute nor be shadowed by `Object.prototype`.
 */
export type Params = Record<string, string>;

/** One problem found while parsing. `offset` is a UTF-16 index into the parsed value. */
export interface Problem {
  /** `error`: the input breaks the grammar or a MUST; `warning`: legal but questionable. */
  severity: 'error' | 'warning';
  /** Stable kebab-case id from `PROBLEM_CODES`; the diagnosis engine maps these to diagnoses. */
  code: ProblemCode;
  /** One plain sentence for people. */
  message: string;
  /** Where in the value (UTF-16 index) the problem starts, when it has a place. */
  offset?: number;
  /** With several field lines (`string[]` input): the index of the line `offset` refers to. */
  line?: number;
}

/** One challenge from WWW-Authenticate or Proxy-Authenticate (RFC 9110 §11.6.1, §11.7.1). */
export interface Challenge {
  /**
   * The auth-scheme. Registered schemes get their registered spelling (`Basic`, `Bearer`,
   * `Digest`, `DPoP`, `Negotiate`, `NTLM`, `Mutual`, `HOBA`, `AWS4-HMAC-SHA256`) whatever
   * case was sent; other schemes are kept as written. Compare case-insensitively.
   */
  scheme: string;
  /** The token68 form (`Negotiate YIIG...`), when the challenge used it instead of params. */
  token68?: string;
  /** The auth-params, names lower-cased, values unquoted and unescaped. */
  params: Params;
  /** Where the challenge starts in its field line (UTF-16 index). */
  offset?: number;
  /** Scheme-specific normalised view (present for the schemes that have one). */
  digest?: DigestChallenge;
  bearer?: BearerChallenge;
  dpop?: DpopChallenge;
}

/** RFC 7616 §3.3, normalised. */
export interface DigestChallenge {
  /** Canonical spelling (`MD5`, `SHA-256`, `SHA-512-256`, with `-sess`), `MD5` when absent. */
  algorithm: string;
  /** The algorithm is a `-sess` variant. */
  session: boolean;
  /** The qop options, lower-cased; empty when the challenge has none (RFC 2069 style). */
  qop: string[];
  /** `stale=true` (case-insensitive): the nonce expired, the credentials were right. */
  stale: boolean;
  /** `userhash=true`: the client should hash the username. */
  userhash: boolean;
  /** `charset=UTF-8` was given (the only value RFC 7616 allows). */
  utf8: boolean;
}

/** RFC 6750 §3 with RFC 9470 and RFC 9728 additions, normalised. */
export interface BearerChallenge {
  /** `scope`, split on spaces. */
  scope: string[];
  /** `error`, e.g. `invalid_token`, `insufficient_scope`, `invalid_request`. */
  error?: string;
  errorDescription?: string;
  errorUri?: string;
  /** RFC 9470 `acr_values`, split on spaces. */
  acrValues: string[];
  /** RFC 9470 `max_age`, seconds. */
  maxAge?: number;
  /** RFC 9728 `resource_metadata` URL. */
  resourceMetadata?: string;
}

/** RFC 9449 §7.1: Bearer's fields plus `algs`. */
export interface DpopChallenge extends BearerChallenge {
  /** `algs`, split on spaces: the JWS algorithms the server accepts for DPoP proofs. */
  algs: string[];
}

/** What `parseChallenges` returns. */
export interface ChallengesResult {
  challenges: Challenge[];
  problems: Problem[];
}

/** Which bytes-to-text decoding gave Basic's user-id and password (RFC 7617 §2.1). */
export type BasicEncoding = 'ascii' | 'utf-8' | 'latin1' | 'plain';

/** Credentials from Authorization or Proxy-Authorization (RFC 9110 §11.6.2, §11.7.2). */
export interface Credentials {
  /** The auth-scheme (registered schemes in registered spelling); `''` when none was sent. */
  scheme: string;
  /** The token68 part (`Bearer <token68>`, `Basic <base64>`), as sent. */
  token68?: string;
  /** The auth-params (Digest, AWS4-HMAC-SHA256, ...), names lower-cased, values unquoted. */
  params: Params;
  /**
   * Basic: the decoded user-id and password. `encoding` says how the bytes were read:
   * `ascii` (all 7-bit), `utf-8` (valid UTF-8 with non-ASCII), `latin1` (not valid UTF-8, so
   * read as ISO-8859-1), or `plain` (the value was not base64 at all: `Basic user:pass`).
   */
  basic?: { username: string; password: string; encoding: BasicEncoding };
  /** Bearer / DPoP / unknown token68 schemes: the token itself (unquoted when it was quoted). */
  token?: string;
  /** The token decoded as a JWT when it is one (see `decodeJwt`). */
  jwt?: DecodedJwt;
  /** Digest: the username, taken from `username` or decoded from `username*` (RFC 8187). */
  digest?: { username?: string; userhash: boolean; qop?: string; algorithm?: string };
  /** AWS Signature Version 4 (`Credential=AKID/date/region/service/aws4_request, ...`). */
  aws?: AwsCredentials;
}

/** The parts of an AWS SigV4 Authorization header. */
export interface AwsCredentials {
  accessKeyId: string;
  /** Credential scope date, `YYYYMMDD`. */
  date: string;
  region: string;
  service: string;
  /** Lower-cased header names from `SignedHeaders`. */
  signedHeaders: string[];
  signature: string;
}

/** What `parseCredentials` returns. */
export interface CredentialsResult {
  credentials?: Credentials;
  problems: Problem[];
}

/** A decoded (never verified) JSON Web Token. */
export interface DecodedJwt {
  /** The JOSE header (JWS or JWE). */
  header: Record<string, unknown>;
  /** The claims; `null` for an encrypted JWT (JWE), whose payload cannot be read. */
  payload: Record<string, unknown> | null;
  /** 5 segments: a JWE. */
  encrypted: boolean;
  /** JWS: the signature segment is not empty. JWE: the authentication tag is not empty. */
  signature: boolean;
}

/** What `decodeJwt` returns. */
export interface JwtResult {
  jwt?: DecodedJwt;
  problems: Problem[];
}

export type SameSite = 'Strict' | 'Lax' | 'None';

/** A cookie as a Set-Cookie header defines it (RFC 6265bis §5.6). */
export interface SetCookie {
  name: string;
  value: string;
  /** Expires as milliseconds since the epoch, when it parsed (RFC 6265bis §5.1.1). */
  expires?: number;
  /** Max-Age in seconds (0 or negative: delete now). Wins over Expires. */
  maxAge?: number;
  /** Lower-cased, leading dot removed. */
  domain?: string;
  path?: string;
  secure: boolean;
  httpOnly: boolean;
  /** Absent when the attribute is absent or unrecognised (browsers then default to Lax). */
  sameSite?: SameSite;
  partitioned: boolean;
}

export interface SetCookieResult {
  cookie?: SetCookie;
  problems: Problem[];
}

/** One `name=value` pair of a Cookie request header. */
export interface CookiePair {
  name: string;
  value: string;
}

export interface CookieHeaderResult {
  cookies: CookiePair[];
  problems: Problem[];
}

/**
 * Every problem code the parsers emit, with its severity and the diagnosis id (see
 * docs/diagnoses.md) it points to, when one fits. One source of truth for the engine.
 */
export const PROBLEM_CODES = {
  // --- Shared grammar (challenges and credentials, RFC 9110 §5.6, §11) ---
  'empty-value': { severity: 'warning', diagnosis: 'missing-challenge' },
  'invalid-character': { severity: 'error', diagnosis: 'malformed-authorization' },
  'control-character': { severity: 'error', diagnosis: 'malformed-authorization' },
  'line-break': { severity: 'error', diagnosis: 'malformed-authorization' },
  'param-without-challenge': { severity: 'error' },
  'comma-after-scheme': { severity: 'error' },
  'param-after-token68': { severity: 'error' },
  'duplicate-param': { severity: 'error' },
  'missing-param-value': { severity: 'error' },
  'unterminated-quoted-string': { severity: 'error' },
  'whitespace-around-equals': { severity: 'warning' },
  'single-quoted-value': { severity: 'warning' },
  // --- Challenges: scheme-specific (RFC 7617, 6750, 7616, 9449, 9470, 9728, 7486, 8120) ---
  'realm-unquoted': { severity: 'warning' },
  'missing-realm': { severity: 'warning' },
  'missing-param': { severity: 'error' },
  'token68-not-allowed': { severity: 'error' },
  'params-not-allowed': { severity: 'warning' },
  'invalid-charset': { severity: 'warning', diagnosis: 'basic-charset' },
  'unknown-algorithm': { severity: 'warning' },
  'invalid-param-value': { severity: 'warning' },
  'unknown-error-code': { severity: 'warning' },
  // --- Credentials (Authorization / Proxy-Authorization) ---
  'placeholder-token': { severity: 'error', diagnosis: 'placeholder-token' },
  'empty-credentials': { severity: 'error', diagnosis: 'empty-credentials' },
  'missing-scheme': { severity: 'error', diagnosis: 'missing-scheme' },
  'duplicated-scheme': { severity: 'error', diagnosis: 'duplicated-scheme' },
  'quoted-token': { severity: 'error', diagnosis: 'quoted-token' },
  'surrounding-whitespace': { severity: 'warning', diagnosis: 'malformed-authorization' },
  'inner-whitespace': { severity: 'error', diagnosis: 'malformed-authorization' },
  'invalid-token68': { severity: 'error', diagnosis: 'malformed-authorization' },
  'json-token': { severity: 'error', diagnosis: 'malformed-authorization' },
  'multiple-credentials': { severity: 'error', diagnosis: 'multiple-authorization' },
  'basic-not-base64': { severity: 'error', diagnosis: 'basic-not-encoded' },
  'basic-bad-padding': { severity: 'error', diagnosis: 'basic-malformed' },
  'basic-no-colon': { severity: 'error', diagnosis: 'basic-malformed' },
  'basic-control-character': { severity: 'error', diagnosis: 'basic-malformed' },
  'basic-non-ascii': { severity: 'warning', diagnosis: 'basic-charset' },
  'basic-not-utf8': { severity: 'warning', diagnosis: 'basic-charset' },
  'invalid-ext-value': { severity: 'error', diagnosis: 'digest-mismatch' },
  'aws-malformed-credential': { severity: 'error', diagnosis: 'aws-signature-error' },
  // --- JWT (RFC 7519, 7515, 7516) ---
  'jwt-segment-count': { severity: 'error', diagnosis: 'jwt-malformed' },
  'jwt-invalid-base64url': { severity: 'error', diagnosis: 'jwt-malformed' },
  'jwt-invalid-json': { severity: 'error', diagnosis: 'jwt-malformed' },
  'jwt-invalid-utf8': { severity: 'error', diagnosis: 'jwt-malformed' },
  'jwt-missing-alg': { severity: 'error', diagnosis: 'jwt-malformed' },
  'jwt-unsigned': { severity: 'warning', diagnosis: 'jwt-unsigned' },
  'jwt-claim-type': { severity: 'warning', diagnosis: 'jwt-malformed' },
  'jwt-encrypted': { severity: 'warning', diagnosis: 'jwe-opaque' },
  // --- Cookies (RFC 6265bis) ---
  'cookie-no-name-value': { severity: 'error' },
  'cookie-invalid-character': { severity: 'warning' },
  'cookie-too-large': { severity: 'error', diagnosis: 'cookie-blocked' },
  'cookie-invalid-attribute': { severity: 'warning' },
  'cookie-samesite-none-insecure': { severity: 'error', diagnosis: 'cookie-blocked' },
  'cookie-partitioned-insecure': { severity: 'error', diagnosis: 'cookie-blocked' },
  'cookie-prefix-violation': { severity: 'error', diagnosis: 'cookie-blocked' },
} as const satisfies Record<string, { severity: 'error' | 'warning'; diagnosis?: string }>;

/** A stable problem code (see `PROBLEM_CODES`). */
export type ProblemCode = keyof typeof PROBLEM_CODES;
