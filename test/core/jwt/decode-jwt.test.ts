import { describe, expect, it } from 'vitest';
import { encodeBase64Url, encodeUtf8 } from '../../../src/core/encoding';
import { decodeJwt, decodeShapedJwt, isJwtShaped } from '../../../src/core/jwt/decode-jwt';
import { JWT_CASES } from './jwt-cases';

const seg = (v: unknown): string => encodeBase64Url(encodeUtf8(JSON.stringify(v)));
const codes = (t: string) => decodeJwt(t).problems.map((p) => p.code);

/** RFC 7519 §3.1 (also RFC 7515 appendix A.1): HS256, with CRLFs inside the JSON. */
const RFC7519_JWS =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
/** RFC 7519 §6.1: an unsecured JWT (alg none, empty signature). */
const RFC7519_UNSECURED =
  'eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.';
/** RFC 7516 appendix A.2: RSAES-PKCS1-v1_5 + A128CBC-HS256. */
const RFC7516_JWE =
  'eyJhbGciOiJSU0ExXzUiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.UGhIOguC7IuEvf_NPVaXsGMoLOmwvc1GyqlIKOK1nN94nHPoltGRhWhw7Zx0-kFm1NJn8LE9XShH59_i8J0PH5ZZyNfGy2xGdULU7sHNF6Gp2vPLgNZ__deLKxGHZ7PcHALUzoOegEI-8E66jX2E4zyJKx-YxzZIItRzC5hlRirb6Y5Cl_p-ko3YvkkysZIFNPccxRU7qve1WYPxqbb2Yw8kZqa2rMWI5ng8OtvzlV7elprCbuPhcCdZ6XDP0_F8rkXds2vE4X-ncOIM8hAYHHi29NX0mcKiRaD0-D-ljQTP-cFPgwCp6X-nZZd9OHBv-B3oWh2TbqmScqXMR4gp_A.AxY8DCtDaGlsbGljb3RoZQ.KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY.9hH0vgRfYgPnAHOd8stkvw';

describe('decodeJwt: RFC examples', () => {
  it('RFC 7519 §3.1 JWS: header and claims decoded, exp stays a number', () => {
    expect(decodeJwt(RFC7519_JWS)).toEqual({
      jwt: {
        header: { typ: 'JWT', alg: 'HS256' },
        payload: { iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true },
        encrypted: false,
        signature: true,
      },
      problems: [],
    });
  });

  it('RFC 7519 §6.1 unsecured JWT: decoded, flagged jwt-unsigned', () => {
    const { jwt, problems } = decodeJwt(RFC7519_UNSECURED);
    expect(jwt).toMatchObject({ header: { alg: 'none' }, signature: false });
    expect(problems.map((p) => p.code)).toEqual(['jwt-unsigned']);
  });

  it('RFC 7516 A.2 JWE: header only, payload null, encrypted', () => {
    const { jwt, problems } = decodeJwt(RFC7516_JWE);
    expect(jwt).toEqual({
      header: { alg: 'RSA1_5', enc: 'A128CBC-HS256' },
      payload: null,
      encrypted: true,
      signature: true,
    });
    expect(problems.map((p) => p.code)).toEqual(['jwt-encrypted']);
  });
});

describe('decodeJwt: malformed tokens', () => {
  const header = seg({ alg: 'HS256' });
  const payload = seg({ sub: '1' });
  it('wrong segment counts', () => {
    expect(codes(`${header}.${payload}`)).toEqual(['jwt-segment-count']);
    expect(codes(`${header}.${payload}.a.b`)).toEqual(['jwt-segment-count']);
    expect(codes(`${header}.${payload}.a.b.c.d`)).toEqual(['jwt-segment-count']);
    expect(codes('')).toEqual(['jwt-segment-count']);
  });
  it('padding, "+" and "/" are not base64url', () => {
    expect(codes(`${header}=.${payload}.sig`)).toEqual(['jwt-invalid-base64url']);
    expect(codes(`${header}.${payload}.si+g/`)).toEqual(['jwt-invalid-base64url']);
  });
  it('a segment that is not JSON, or JSON but not an object', () => {
    expect(codes(`${seg('x').slice(0, -1)}.${payload}.sig`)).toEqual(['jwt-invalid-json']);
    expect(codes(`${header}.${seg([1, 2])}.sig`)).toEqual(['jwt-invalid-json']);
    expect(codes(`${header}..sig`)).toEqual(['jwt-invalid-json']);
  });
  it('bytes that are not UTF-8', () => {
    expect(codes(`${header}.${encodeBase64Url(Uint8Array.of(0x7b, 0xff, 0x7d))}.sig`)).toEqual([
      'jwt-invalid-utf8',
    ]);
  });
  it('missing alg, empty signature, non-numeric time claims', () => {
    expect(codes(`${seg({ typ: 'JWT' })}.${payload}.sig`)).toEqual(['jwt-missing-alg']);
    expect(codes(`${header}.${payload}.`)).toEqual(['jwt-unsigned']);
    expect(codes(`${header}.${seg({ exp: '1700000000', nbf: null })}.sig`)).toEqual([
      'jwt-claim-type',
      'jwt-claim-type',
    ]);
  });
  it('a __proto__ claim is plain data', () => {
    const { jwt } = decodeJwt(`${header}.${seg({ ['__proto__']: { admin: true } })}.sig`);
    expect(Object.hasOwn(jwt?.payload ?? {}, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
  it('never throws on junk', () => {
    for (const junk of ['.', '..', '....', 'a.b.c', 'e'.repeat(10), '\u0000.\u0000.\u0000']) {
      expect(() => decodeJwt(junk)).not.toThrow();
      expect(decodeJwt(junk).jwt).toBeUndefined();
    }
    expect(decodeJwt(undefined as unknown as string).problems).toHaveLength(1);
  });
});

describe('isJwtShaped', () => {
  it('accepts compact JWS and JWE shapes', () => {
    expect(isJwtShaped(RFC7519_JWS)).toBe(true);
    expect(isJwtShaped(RFC7519_UNSECURED)).toBe(true);
    expect(isJwtShaped(RFC7516_JWE)).toBe(true);
  });
  it('rejects other tokens', () => {
    expect(isJwtShaped('mF_9.B5f-4.1JqM')).toBe(false);
    expect(isJwtShaped('ghp_16C7e42F292c6912E7710c838347Ae178B4a')).toBe(false);
    expect(isJwtShaped(`${RFC7519_JWS}.x`)).toBe(false);
    expect(isJwtShaped('eyJhbGciOiJIUzI1NiJ9.e30')).toBe(false);
    expect(isJwtShaped('eyJhbGciOiJIUzI1NiJ9.e30.a+b')).toBe(false);
  });
});

describe('decodeJwt: the shared case table (also scored in bench/parsers.ts)', () => {
  for (const c of JWT_CASES) {
    it(c.name, () => {
      const { jwt } = decodeJwt(c.token);
      expect(jwt?.payload ?? null).toEqual(c.payload);
    });
  }
});

describe('decodeShapedJwt (for tokens isJwtShaped accepted)', () => {
  it('gives what decodeJwt gives, for every shaped token in the tables', () => {
    const tokens = [RFC7519_JWS, RFC7519_UNSECURED, RFC7516_JWE, ...JWT_CASES.map((c) => c.token)];
    let shaped = 0;
    for (const token of tokens) {
      if (!isJwtShaped(token)) continue;
      shaped++;
      expect(decodeShapedJwt(token), token).toEqual(decodeJwt(token));
    }
    expect(shaped).toBeGreaterThan(3);
  });
});
