/**
 * JSON Web Tokens, decoded for inspection only: RFC 7519 (JWT), RFC 7515 §7.1 (JWS compact
 * serialisation: 3 segments) and RFC 7516 §7.1 (JWE compact serialisation: 5 segments).
 * Signatures are never verified and nothing is decrypted.
 */
import { decodeBase64UrlToString, isBase64UrlChars } from '../encoding';
import { ProblemSink } from '../http/grammar';
import type { DecodedJwt, JwtResult } from '../http/types';

/**
 * True when `s` looks like a compact JWS or JWE: 3 or 5 dot-separated base64url segments
 * whose first one encodes a JSON object (starts `ey`, i.e. `{"`, or `ew`, i.e. `{` and a
 * line break). Cheap: one pass, no decoding. Use it to decide whether to call `decodeJwt`.
 */
export function isJwtShaped(s: string): boolean {
  if (typeof s !== 'string' || s.length < 10) return false;
  const c1 = s.charCodeAt(1);
  if (s.charCodeAt(0) !== 101 /* e */ || (c1 !== 121 /* y */ && c1 !== 119) /* w */) return false;
  let dots = 0;
  let segmentStart = 0;
  for (;;) {
    const dot = s.indexOf('.', segmentStart);
    const end = dot === -1 ? s.length : dot;
    // JWS payload and JWE encrypted key may be empty; the header never is.
    if (end > segmentStart && !isBase64UrlChars(s, segmentStart, end)) return false;
    if (dot === -1) break;
    dots++;
    if (dots > 4) return false;
    segmentStart = dot + 1;
  }
  return dots === 2 || dots === 4;
}

/**
 * Decodes a compact JWT without verifying it. JWS (3 segments): header and claims decoded,
 * `signature` says whether the signature segment is non-empty. JWE (5 segments): header
 * decoded, `encrypted: true`, `payload: null`. Time claims (`exp`, `nbf`, `iat`) stay the
 * numbers the token carries (NumericDate, seconds since the epoch); a non-number is a
 * `jwt-claim-type` warning. Base64url is strict (no padding, no `+` `/`), UTF-8 is strict.
 * Never throws; linear in the input.
 */
export function decodeJwt(token: string): JwtResult {
  return decode(token, false);
}

/**
 * `decodeJwt` for a token `isJwtShaped` has accepted: every segment is then known to be
 * base64url, so the signature (or JWE segments) are not scanned a second time. Same result.
 */
export function decodeShapedJwt(token: string): JwtResult {
  return decode(token, true);
}

function decode(token: string, shaped: boolean): JwtResult {
  const sink = new ProblemSink();
  if (typeof token !== 'string' || token === '') {
    sink.add('jwt-segment-count', 'The token is empty.');
    return { problems: sink.list };
  }
  // The dots, found by native search; only the first five matter (more is an error anyway).
  const d0 = token.indexOf('.');
  const d1 = d0 === -1 ? -1 : token.indexOf('.', d0 + 1);
  const d2 = d1 === -1 ? -1 : token.indexOf('.', d1 + 1);
  const d3 = d2 === -1 ? -1 : token.indexOf('.', d2 + 1);
  const d4 = d3 === -1 ? -1 : token.indexOf('.', d3 + 1);
  const segments =
    d0 === -1 ? 1 : d1 === -1 ? 2 : d2 === -1 ? 3 : d3 === -1 ? 4 : d4 === -1 ? 5 : 6;
  if (segments !== 3 && segments !== 5) {
    sink.add(
      'jwt-segment-count',
      segments < 3
        ? `The token has ${segments} segment${segments === 1 ? '' : 's'}; a JWT has 3 (signed) or 5 (encrypted). Was it cut short?`
        : `The token has ${segments > 5 ? 'more than 5' : segments} segments; a JWT has 3 (signed) or 5 (encrypted).`,
    );
    return { problems: sink.list };
  }
  const header = decodeSegment(token, 0, d0, 'header', sink);
  if (header === undefined) return { problems: sink.list };
  if (typeof header.alg !== 'string') {
    sink.add('jwt-missing-alg', 'The JOSE header has no "alg" (RFC 7515 §4.1.1 requires it).', 0);
  }
  if (segments === 5) {
    // JWE: protected header . encrypted key . IV . ciphertext . tag (key may be empty).
    const dots = [d0, d1, d2, d3];
    for (let k = 0; k < 4; k++) {
      const start = (dots[k] as number) + 1;
      const end = k === 3 ? token.length : (dots[k + 1] as number);
      if (!shaped && end > start && !isBase64UrlChars(token, start, end)) {
        sink.add('jwt-invalid-base64url', `JWE segment ${k + 2} is not base64url.`, start);
        return { problems: sink.list };
      }
    }
    sink.add(
      'jwt-encrypted',
      'The token is an encrypted JWT (JWE): its claims cannot be read without the key.',
    );
    const jwt: DecodedJwt = {
      header,
      payload: null,
      encrypted: true,
      signature: d3 + 1 < token.length,
    };
    return { jwt, problems: sink.list };
  }
  const payload = decodeSegment(token, d0 + 1, d1, 'payload', sink);
  if (payload === undefined) return { problems: sink.list };
  const sigStart = d1 + 1;
  const signature = sigStart < token.length;
  if (!shaped && signature && !isBase64UrlChars(token, sigStart, token.length)) {
    sink.add('jwt-invalid-base64url', 'The signature segment is not base64url.', sigStart);
    return { problems: sink.list };
  }
  if (header.alg === 'none' || !signature) {
    sink.add(
      'jwt-unsigned',
      header.alg === 'none'
        ? 'The token says alg "none": it is not signed.'
        : 'The signature segment is empty: the token is not signed.',
    );
  }
  checkTimeClaim(payload.exp, 'exp', sink);
  checkTimeClaim(payload.nbf, 'nbf', sink);
  checkTimeClaim(payload.iat, 'iat', sink);
  return { jwt: { header, payload, encrypted: false, signature }, problems: sink.list };
}

/** `exp`, `nbf`, `iat`: a NumericDate when present (RFC 7519 §2, §4.1.4-6). */
function checkTimeClaim(v: unknown, claim: 'exp' | 'nbf' | 'iat', sink: ProblemSink): void {
  if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) {
    sink.add(
      'jwt-claim-type',
      `The "${claim}" claim is not a number (RFC 7519 NumericDate: seconds since the epoch).`,
    );
  }
}

function decodeSegment(
  token: string,
  start: number,
  end: number,
  what: 'header' | 'payload',
  sink: ProblemSink,
): Record<string, unknown> | undefined {
  const text = decodeBase64UrlToString(token, start, end);
  if (text === undefined) {
    const chars = end > start && isBase64UrlChars(token, start, end) && (end - start) % 4 !== 1;
    if (chars) sink.add('jwt-invalid-utf8', `The ${what} is not valid UTF-8.`, start);
    else if (end === start) sink.add('jwt-invalid-json', `The ${what} segment is empty.`, start);
    else sink.add('jwt-invalid-base64url', `The ${what} segment is not base64url.`, start);
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    sink.add('jwt-invalid-json', `The ${what} is not JSON.`, start);
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    sink.add('jwt-invalid-json', `The ${what} is JSON but not an object.`, start);
    return undefined;
  }
  return value as Record<string, unknown>;
}
