// The public API of `401-doctor/core`: every name is listed here on purpose (no `export *`),
// so what users may rely on is visible in one place and an internal helper never leaks out.
// Test builders live in test/support/, not here. Adding a name here is adding to the contract.

// --- Diagnosis ---
export {
  CATALOGUE,
  type CatalogueEntry,
  DIAGNOSIS_IDS,
  type DiagnosisFamily,
  type DiagnosisId,
  isDiagnosisId,
  type Severity,
} from './catalogue';
export { createContext, type DiagnosisContext, recordExchange } from './context';
export {
  type CompactDiagnosis,
  type CompactFailure,
  type DiagnoseOptions,
  type Diagnosis,
  diagnose,
  diagnoseCompact,
  explainDiagnosis,
  type Failure,
} from './diagnose';
// --- Codecs (base64 RFC 4648 §4, base64url §5, UTF-8) ---
export {
  decodeBase64,
  decodeBase64Url,
  decodeUtf8,
  encodeBase64,
  encodeBase64Url,
  encodeUtf8,
} from './encoding';
// --- Exchanges: one request and its response, from any source ---
export {
  type Exchange,
  type ExchangeGaps,
  type ExchangeRequest,
  type ExchangeResponse,
  type Header,
  headerValue,
  headerValues,
  type RedirectHop,
} from './exchange';
export { exchangeFromWebRequest } from './exchange-from-web-request';
// --- HAR files and secrets ---
export {
  type AnalyzeHarOptions,
  type AnalyzeHarResult,
  analyzeHar,
  type HarReport,
  type ReportFailure,
  type ToolInfo,
} from './har/analyze-har';
export { exchangeFromHarEntry, importHar } from './har/import-har';
export {
  type CheckResult,
  checkHar,
  type SanitizeResult,
  type SecretPlace,
  sanitizeHar,
} from './har/sanitize-har';
export type { Har, HarEntry, HarLog, HarRequest, HarResponse } from './har/types';
// --- Header and token parsers (never throw; linear in the input) ---
export { parseChallenges } from './http/parse-challenges';
export { parseCookieHeader, parseSetCookie } from './http/parse-cookies';
export { parseCredentials } from './http/parse-credentials';
export {
  type AwsCredentials,
  type BasicEncoding,
  type BearerChallenge,
  type Challenge,
  type ChallengesResult,
  type CookieHeaderResult,
  type CookiePair,
  type Credentials,
  type CredentialsResult,
  type DecodedJwt,
  type DigestChallenge,
  type DpopChallenge,
  type JwtResult,
  type Params,
  PROBLEM_CODES,
  type Problem,
  type ProblemCode,
  type SameSite,
  type SetCookie,
  type SetCookieResult,
} from './http/types';
export { decodeJwt, isJwtShaped } from './jwt/decode-jwt';
export { type JwtTimes, jwtTimes } from './jwt/jwt-times';
export {
  detectPlatforms,
  PLATFORMS,
  type PlatformId,
  type PlatformInfo,
  type PlatformMatch,
} from './platforms';
export { redact } from './redact';
// --- What is a secret (one definition: secrets/model.ts) ---
export {
  type SecretClass,
  type SecretShape,
  secretHeaderClass,
  secretParamClass,
  secretShapeOf,
} from './secrets/model';
export { AUTH_FAILURE_STATUSES, DEFAULT_CAPTURED_STATUSES } from './statuses';
