// The credentials a failed request carried, decoded for the detail view: Basic user (password
// masked), Bearer / JWT header and claims with their times, Digest parameters. Raw values come
// only from an exchange held in this page's memory (a DevTools entry or an imported file); a
// stored record has masked forms only, and `revealable` says so.

import type { Failure } from '../core/diagnose';
import type { Exchange } from '../core/exchange';
import { parseCredentials } from '../core/http/parse-credentials';
import { decodeJwt, isJwtShaped } from '../core/jwt/decode-jwt';
import { DEFAULT_LEEWAY_MS, jwtTimes } from '../core/jwt/jwt-times';
import { redact } from '../core/redact';
import { sentCredentials } from '../core/sent-credentials';
import { formatOffset, formatRelative, formatUtc } from '../core/time-format';

export type TimeMarker = 'EXPIRED' | 'NOT YET VALID';

export interface ClaimTime {
  claim: string;
  /** NumericDate, seconds since the epoch. */
  seconds: number;
  utc: string;
  /** Relative to now: `3 h ago`, `in 5 min`. */
  relative: string;
  /** Relative to the request: `5 min before the request`. */
  atRequest?: string;
  marker?: TimeMarker;
}

export interface JwtDetails {
  header: Record<string, unknown>;
  /** null for an encrypted token. */
  payload: Record<string, unknown> | null;
  encrypted: boolean;
  times: ClaimTime[];
}

export interface CredentialDetails {
  /** Stable within the failure (for reveal state). */
  id: string;
  /** `Authorization header`, `cookie sid`, `x-api-key header`, ... */
  where: string;
  scheme?: string;
  /** The value as shown by default. */
  masked: string;
  /** The raw value, only when this page has it in memory. */
  raw?: string;
  /** False when only the masked form was captured: it cannot be revealed. */
  revealable: boolean;
  basic?: { username: string; passwordMasked: string; password?: string };
  jwt?: JwtDetails;
  /** Digest auth-params, in order; secret proofs masked in `masked`, raw in `raw`. */
  digest?: Array<{ name: string; masked: string; raw?: string }>;
}

const TIME_CLAIMS = ['exp', 'nbf', 'iat', 'auth_time'];
const DIGEST_SECRETS = new Set(['response', 'cnonce']);

/** The time claims of a JWT payload with UTC, relative times and EXPIRED / NOT YET VALID. */
export function claimTimes(
  payload: Record<string, unknown> | null,
  requestTime: number,
  now: number,
  leewayMs: number = DEFAULT_LEEWAY_MS,
): ClaimTime[] {
  if (!payload) return [];
  // The markers are the diagnosis' own judgement (jwt-expired, jwt-not-yet-valid).
  const judged = jwtTimes(payload, Number.isFinite(requestTime) ? requestTime : now, leewayMs);
  const times: ClaimTime[] = [];
  for (const claim of TIME_CLAIMS) {
    const seconds = payload[claim];
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) continue;
    const ms = seconds * 1000;
    const time: ClaimTime = {
      claim,
      seconds,
      utc: formatUtc(ms),
      relative: formatRelative(ms, now),
    };
    if (Number.isFinite(requestTime)) time.atRequest = formatOffset(ms, requestTime, 'the request');
    if (claim === 'exp' && judged.expired) time.marker = 'EXPIRED';
    if (claim === 'nbf' && judged.notBefore) time.marker = 'NOT YET VALID';
    if (claim === 'iat' && judged.issuedInFuture) time.marker = 'NOT YET VALID';
    times.push(time);
  }
  return times;
}

function jwtDetails(
  jwt: {
    header: Record<string, unknown>;
    payload: Record<string, unknown> | null;
    encrypted: boolean;
  },
  requestTime: number,
  now: number,
  leewayMs: number,
): JwtDetails {
  return {
    header: jwt.header,
    payload: jwt.payload,
    encrypted: jwt.encrypted,
    times: claimTimes(jwt.payload, requestTime, now, leewayMs),
  };
}

/** From an exchange held in memory: every credential, decoded, raw value available to reveal. */
export function credentialsFromExchange(
  exchange: Exchange,
  now: number,
  leewayMs: number = DEFAULT_LEEWAY_MS,
): CredentialDetails[] {
  const requestTime = exchange.request.time;
  return sentCredentials(exchange).map((sent, i) => {
    const details: CredentialDetails = {
      id: `${i}:${sent.label}`,
      where: sent.label,
      masked: sent.display,
      raw: sent.value,
      revealable: !sent.masked,
    };
    if (sent.masked) delete details.raw;
    if (sent.kind === 'authorization' || sent.kind === 'proxy-authorization') {
      const { credentials } = parseCredentials(sent.value);
      if (credentials?.scheme) details.scheme = credentials.scheme;
      if (credentials?.basic) {
        details.basic = {
          username: credentials.basic.username,
          passwordMasked: redact(credentials.basic.password, 'password'),
          ...(sent.masked ? {} : { password: credentials.basic.password }),
        };
      }
      if (credentials?.jwt) details.jwt = jwtDetails(credentials.jwt, requestTime, now, leewayMs);
      if (credentials?.scheme === 'Digest') {
        details.digest = Object.entries(credentials.params).map(([name, value]) => ({
          name,
          masked: DIGEST_SECRETS.has(name) ? redact(value) : value,
          ...(sent.masked ? {} : { raw: value }),
        }));
      }
    } else if (isJwtShaped(sent.value)) {
      const { jwt } = decodeJwt(sent.value);
      if (jwt) details.jwt = jwtDetails(jwt, requestTime, now, leewayMs);
    }
    return details;
  });
}

/** From the core's failure (masked values, JWT claims kept): nothing can be revealed. */
export function credentialsFromFailure(
  failure: Failure,
  now: number,
  leewayMs: number = DEFAULT_LEEWAY_MS,
): CredentialDetails[] {
  return failure.credentials.map((credential, i) => {
    const details: CredentialDetails = {
      id: `${i}:${credential.where}`,
      where: credential.where,
      masked: credential.value,
      revealable: false,
    };
    if (credential.scheme) details.scheme = credential.scheme;
    if (credential.username !== undefined && credential.scheme === 'Basic')
      details.basic = { username: credential.username, passwordMasked: '•••' };
    if (credential.jwt) details.jwt = jwtDetails(credential.jwt, failure.time, now, leewayMs);
    return details;
  });
}
