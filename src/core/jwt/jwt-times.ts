/**
 * A JWT's time claims judged at one moment: the one place that says whether a token had
 * expired (`exp`, RFC 7519 §4.1.4), was not yet valid (`nbf`, §4.1.5) or was issued in the
 * future (`iat` beyond the leeway). The rules (jwt-expired, jwt-not-yet-valid), the detail
 * view's EXPIRED / NOT YET VALID markers and the `jwt` command all ask this function, so they
 * cannot disagree under the user's leeway.
 */

/** Clocks within a minute of each other are in step (clock-skew, jwt-not-yet-valid). */
export const DEFAULT_LEEWAY_MS = 60_000;

export interface JwtTimes {
  /** The claims in ms since the epoch, when present as finite numbers. */
  exp?: number;
  nbf?: number;
  iat?: number;
  /** `exp` at or before the moment. */
  expired: boolean;
  /** `nbf` after the moment. */
  notBefore: boolean;
  /** `iat` more than the leeway after the moment. */
  issuedInFuture: boolean;
}

function claimMs(payload: Record<string, unknown> | null | undefined, name: string) {
  const value = payload?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value * 1000 : undefined;
}

/** The time claims of `payload` at `at` (ms); nothing is judged when `at` is not finite. */
export function jwtTimes(
  payload: Record<string, unknown> | null | undefined,
  at: number,
  leewayMs: number = DEFAULT_LEEWAY_MS,
): JwtTimes {
  const exp = claimMs(payload, 'exp');
  const nbf = claimMs(payload, 'nbf');
  const iat = claimMs(payload, 'iat');
  const known = Number.isFinite(at);
  const times: JwtTimes = {
    expired: known && exp !== undefined && exp <= at,
    notBefore: known && nbf !== undefined && nbf > at,
    issuedInFuture: known && iat !== undefined && iat > at + leewayMs,
  };
  if (exp !== undefined) times.exp = exp;
  if (nbf !== undefined) times.nbf = nbf;
  if (iat !== undefined) times.iat = iat;
  return times;
}
