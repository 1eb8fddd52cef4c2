/**
 * The header and token parsers this engine uses (issue #3's modules), imported in one place so
 * a moved or renamed parser is one edit here. The engine never parses auth headers, cookies
 * or JWTs itself.
 */
export { parseChallenges } from '../http/parse-challenges';
export { cookiePairsWhere, parseSetCookie } from '../http/parse-cookies';
export { parseCredentials } from '../http/parse-credentials';
export type {
  Challenge,
  CookiePair,
  Credentials,
  DecodedJwt,
  Problem,
  SameSite,
} from '../http/types';
export { PROBLEM_CODES } from '../http/types';
export { decodeJwt, isJwtShaped } from '../jwt/decode-jwt';
