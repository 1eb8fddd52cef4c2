/**
 * PKCE's S256 transform (RFC 7636 §4.2): BASE64URL(SHA256(ASCII(code_verifier))), the
 * code_challenge a code_verifier answers. The core has no crypto API (it is pure, and
 * SubtleCrypto is asynchronous), so SHA-256 (FIPS 180-4) is written out here; it runs only on
 * the code_verifier of a code exchange (43 to 128 characters). The result is public (the client
 * sent it as code_challenge in the authorize URL) and says nothing usable about the verifier.
 */

// The round constants and initial hash (FIPS 180-4 §4.2.2, §5.3.3): the first 32 bits of the
// fractional parts of the cube roots of the first 64 primes and of the square roots of the
// first 8, computed once rather than written out (a smaller background bundle; the tests
// compare every digest with node:crypto's).
const K = new Uint32Array(64);
const H0 = new Uint32Array(8);
{
  const fraction = (x: number) => ((x - Math.floor(x)) * 0x100000000) >>> 0;
  let found = 0;
  for (let candidate = 2; found < 64; candidate++) {
    let prime = true;
    for (let d = 2; d * d <= candidate; d++) if (candidate % d === 0) prime = false;
    if (!prime) continue;
    if (found < 8) H0[found] = fraction(candidate ** (1 / 2));
    K[found++] = fraction(candidate ** (1 / 3));
  }
}

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** SHA-256 of bytes (FIPS 180-4 §6.2). */
export function sha256(bytes: Uint8Array): Uint8Array {
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array(Math.ceil((bytes.length + 9) / 64) * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = H0.slice();
  const w = new Uint32Array(64);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15] as number;
      const b = w[i - 2] as number;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h as unknown as number[];
    for (let i = 0; i < 64; i++) {
      const s1 = rotr(e as number, 6) ^ rotr(e as number, 11) ^ rotr(e as number, 25);
      const ch = ((e as number) & (f as number)) ^ (~(e as number) & (g as number));
      const t1 = ((hh as number) + s1 + ch + (K[i] as number) + (w[i] as number)) >>> 0;
      const s0 = rotr(a as number, 2) ^ rotr(a as number, 13) ^ rotr(a as number, 22);
      const maj =
        ((a as number) & (b as number)) ^
        ((a as number) & (c as number)) ^
        ((b as number) & (c as number));
      const t2 = (s0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = ((d as number) + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    const next = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i++) h[i] = ((h[i] as number) + (next[i] as number)) >>> 0;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setUint32(i * 4, h[i] as number);
  return out;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let j = 0; j < chars; j++) out += BASE64URL[(n >>> (18 - 6 * j)) & 63];
  }
  return out;
}

/**
 * The S256 code_challenge of a code_verifier, or undefined when it is not one: RFC 7636 §4.1
 * allows 43 to 128 characters of `[A-Za-z0-9-._~]`.
 */
export function s256Challenge(verifier: string): string | undefined {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return undefined;
  const bytes = new Uint8Array(verifier.length);
  for (let i = 0; i < verifier.length; i++) bytes[i] = verifier.charCodeAt(i);
  return base64url(sha256(bytes));
}
