/**
 * JWT decoding cases shared by the tests and the benchmark: the RFC examples and the ways a
 * token gets damaged on its way into a header. `payload` is what a correct decoder returns
 * for the claims; `null` means it must not return claims (encrypted, or malformed).
 */
export interface JwtCase {
  name: string;
  token: string;
  /** The claims a decoder should return, or `null` when it must refuse (or has none). */
  payload: Record<string, unknown> | null;
}

const RFC7519_PAYLOAD = { iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true };

export const JWT_CASES: JwtCase[] = [
  {
    name: 'rfc7519/3.1 HS256',
    token:
      'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    payload: RFC7519_PAYLOAD,
  },
  {
    name: 'rfc7519/6.1 unsecured',
    token:
      'eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.',
    payload: RFC7519_PAYLOAD,
  },
  {
    name: 'rfc7516/A.2 JWE (claims are encrypted)',
    token:
      'eyJhbGciOiJSU0ExXzUiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.UGhIOguC7IuEvf_NPVaXsGMoLOmwvc1GyqlIKOK1nN94nHPoltGRhWhw7Zx0-kFm1NJn8LE9XShH59_i8J0PH5ZZyNfGy2xGdULU7sHNF6Gp2vPLgNZ__deLKxGHZ7PcHALUzoOegEI-8E66jX2E4zyJKx-YxzZIItRzC5hlRirb6Y5Cl_p-ko3YvkkysZIFNPccxRU7qve1WYPxqbb2Yw8kZqa2rMWI5ng8OtvzlV7elprCbuPhcCdZ6XDP0_F8rkXds2vE4X-ncOIM8hAYHHi29NX0mcKiRaD0-D-ljQTP-cFPgwCp6X-nZZd9OHBv-B3oWh2TbqmScqXMR4gp_A.AxY8DCtDaGlsbGljb3RoZQ.KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY.9hH0vgRfYgPnAHOd8stkvw',
    payload: null,
  },
  {
    name: 'utf-8 claim',
    // {"alg":"HS256"} . {"name":"Jürgen","exp":1700000000}
    token: 'eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiSsO8cmdlbiIsImV4cCI6MTcwMDAwMDAwMH0.c2ln',
    payload: { name: 'Jürgen', exp: 1700000000 },
  },
  {
    name: 'malformed/truncated (2 segments)',
    token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0',
    payload: null,
  },
  {
    name: 'malformed/4 segments',
    token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln.c2ln',
    payload: null,
  },
  {
    name: 'malformed/base64 padding in a segment',
    token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0=.c2ln',
    payload: null,
  },
  {
    name: 'malformed/base64 "+" and "/" instead of base64url',
    token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI+Pz8/In0.c2ln',
    payload: null,
  },
  {
    name: 'malformed/payload cut short',
    token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx.c2ln',
    payload: null,
  },
  {
    name: 'malformed/header not JSON',
    token: 'bm90IGpzb24.eyJzdWIiOiIxIn0.c2ln',
    payload: null,
  },
  {
    name: 'malformed/payload is a JSON array',
    token: 'eyJhbGciOiJIUzI1NiJ9.WzEsMl0.c2ln',
    payload: null,
  },
  {
    name: 'malformed/payload not UTF-8',
    token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiL_In0.c2ln',
    payload: null,
  },
];
