// Just enough HS256 JWT for the playground: real, verifiable tokens without a dependency, so the
// extension sees what a real API client would send.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface JwtClaims {
  iss?: string;
  sub?: string;
  aud?: string;
  scope?: string;
  iat?: number;
  exp?: number;
  [claim: string]: unknown;
}

const base64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

const signature = (signingInput: string, secret: Buffer): Buffer =>
  createHmac('sha256', secret).update(signingInput).digest();

export function signJwt(claims: JwtClaims, secret: Buffer): string {
  const signingInput = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${base64url(signature(signingInput, secret))}`;
}

export type JwtCheck =
  | { valid: true; claims: JwtClaims }
  | { valid: false; reason: 'malformed' | 'bad-signature' | 'expired' };

/** Checks shape, signature and `exp` against `now` (seconds), as an API's JWT middleware would. */
export function verifyJwt(token: string, secret: Buffer, now: number): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { valid: false, reason: 'malformed' };
  const [header, payload, sig] = parts as [string, string, string];
  let claims: JwtClaims;
  try {
    const decodedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    if (decodedHeader?.alg !== 'HS256') return { valid: false, reason: 'malformed' };
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  const expected = signature(`${header}.${payload}`, secret);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { valid: false, reason: 'bad-signature' };
  }
  if (typeof claims.exp === 'number' && claims.exp <= now)
    return { valid: false, reason: 'expired' };
  return { valid: true, claims };
}
