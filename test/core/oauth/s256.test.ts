import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { s256Challenge, sha256 } from '../../../src/core/oauth/s256';

describe('PKCE S256 (RFC 7636 §4.2)', () => {
  it("RFC 7636 Appendix B's example verifier gives its challenge", () => {
    expect(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('SHA-256 agrees with node:crypto across block boundaries', () => {
    for (const length of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 200, 1000]) {
      const bytes = randomBytes(length);
      expect(Buffer.from(sha256(bytes)).toString('hex')).toBe(
        createHash('sha256').update(bytes).digest('hex'),
      );
    }
  });

  it('the challenge agrees with node:crypto for verifiers of every allowed length', () => {
    for (let length = 43; length <= 128; length += 5) {
      const verifier = randomBytes(length).toString('base64url').slice(0, length);
      expect(s256Challenge(verifier)).toBe(
        createHash('sha256').update(verifier).digest('base64url'),
      );
    }
  });

  it('not a verifier (too short, too long, other characters): no challenge', () => {
    expect(s256Challenge('short')).toBeUndefined();
    expect(s256Challenge('a'.repeat(129))).toBeUndefined();
    expect(s256Challenge(`${'a'.repeat(43)}+`)).toBeUndefined();
    expect(s256Challenge(`${'a'.repeat(43)}é`)).toBeUndefined();
  });
});

describe('SHA-256 constants', () => {
  it('computed ones give the digest of FIPS 180-4 example "abc"', () => {
    expect(Buffer.from(sha256(new TextEncoder().encode('abc'))).toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
