import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase64, encodeBase64Url, encodeUtf8 } from '../../../src/core/encoding';
import { isPlaceholderToken } from '../../../src/core/http/credentials/placeholder';
import { isKnownScheme } from '../../../src/core/http/grammar';
import { parseCredentials } from '../../../src/core/http/parse-credentials';
import type { ProblemCode } from '../../../src/core/http/types';

const codes = (value: string): ProblemCode[] => parseCredentials(value).problems.map((p) => p.code);
const b64 = (s: string): string => encodeBase64(encodeUtf8(s));
const jwtOf = (header: object, payload: object, sig = 'c2ln'): string =>
  `${encodeBase64Url(encodeUtf8(JSON.stringify(header)))}.${encodeBase64Url(encodeUtf8(JSON.stringify(payload)))}.${sig}`;

describe('parseCredentials: RFC examples', () => {
  it('RFC 7617 §2: Basic Aladdin:open sesame', () => {
    expect(parseCredentials('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==')).toEqual({
      credentials: expect.objectContaining({
        scheme: 'Basic',
        token68: 'QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
        basic: { username: 'Aladdin', password: 'open sesame', encoding: 'ascii' },
      }),
      problems: [],
    });
  });

  it('RFC 7617 §2.1: test:123£ in UTF-8, flagged for the charset check', () => {
    const { credentials, problems } = parseCredentials('Basic dGVzdDoxMjPCow==');
    expect(credentials?.basic).toEqual({ username: 'test', password: '123£', encoding: 'utf-8' });
    expect(problems.map((p) => p.code)).toEqual(['basic-non-ascii']);
  });

  it('RFC 6750 §2.1: Bearer mF_9.B5f-4.1JqM', () => {
    const { credentials, problems } = parseCredentials('Bearer mF_9.B5f-4.1JqM');
    expect(credentials).toMatchObject({ scheme: 'Bearer', token: 'mF_9.B5f-4.1JqM' });
    expect(credentials?.jwt).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('RFC 9449 §7.1: DPoP token', () => {
    const { credentials, problems } = parseCredentials(
      'DPoP Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU',
    );
    expect(credentials).toMatchObject({
      scheme: 'DPoP',
      token: 'Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU',
    });
    expect(problems).toEqual([]);
  });

  it('RFC 7616 §3.9.1: Digest SHA-256 response', () => {
    const { credentials, problems } = parseCredentials(
      'Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
    expect(problems).toEqual([]);
    expect(credentials?.digest).toEqual({
      username: 'Mufasa',
      userhash: false,
      qop: 'auth',
      algorithm: 'SHA-256',
    });
    expect(credentials?.params.nc).toBe('00000001');
  });

  it('RFC 7616 §3.9.2: username* as an RFC 8187 ext-value', () => {
    const { credentials, problems } = parseCredentials(
      'Digest username*=UTF-8\'\'J%C3%A4s%C3%B8n%20Doe, realm="api@example.org", uri="/doe.json", qop=auth, algorithm=SHA-512-256, nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", nc=00000001, cnonce="NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v", response="ae66e67d6b427bd3f120414a82e4acff38e8ecd9101d6c861229025f607a79dd", opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", userhash=false',
    );
    expect(problems).toEqual([]);
    expect(credentials?.digest?.username).toBe('Jäsøn Doe');
  });

  it('AWS SigV4 (AWS documentation example)', () => {
    const { credentials, problems } = parseCredentials(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024',
    );
    expect(problems).toEqual([]);
    expect(credentials?.aws).toEqual({
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      date: '20130524',
      region: 'us-east-1',
      service: 's3',
      signedHeaders: ['host', 'range', 'x-amz-date'],
      signature: 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024',
    });
  });

  it('Azure Storage SharedKey and AWS Signature Version 2: `<account>:<signature>` is their format', () => {
    // learn.microsoft.com/en-us/rest/api/storageservices/authorize-with-shared-key and
    // docs.aws.amazon.com/AmazonS3/latest/API/RESTAuthentication.html (their examples).
    for (const value of [
      'SharedKey myaccount:ctzMq410TV3wS7upTBcunJTDLEJwMAZuFPfr0mrrA08=',
      'SharedKeyLite myaccount:ctzMq410TV3wS7upTBcunJTDLEJwMAZuFPfr0mrrA08=',
      'AWS AKIAIOSFODNN7EXAMPLE:qgk2+6Sv9/oM7G3qLEjTH1a1l1g=',
    ]) {
      const { credentials, problems } = parseCredentials(value);
      expect(problems, value).toEqual([]);
      expect(credentials?.token, value).toBe(value.slice(value.indexOf(' ') + 1));
    }
    // Only in that shape, and only for those schemes.
    expect(codes('SharedKey my account:sig=')).toEqual(['inner-whitespace']);
    expect(codes('SharedKey myaccount:sig@=')).toEqual(['invalid-token68']);
    expect(codes('Bearer myaccount:ctzMq410TV3wS7upTBcunJTDLEJwMAZuFPfr0mrrA08=')).toEqual([
      'invalid-token68',
    ]);
  });

  it("a Salesforce access token (org id, '!', session) is its format, not a malformed token68", () => {
    // Salesforce's OAuth answers and REST examples: `00D<12>!<letters, digits, dots>`.
    const sid =
      '00D50000000IZ3Z!AQ0AQDpEDKYsn7ioKug2aSmgCjgrPjG9eRLza8jXWoW7uA90V39rvQaIy1FGxjFHN1Z';
    for (const scheme of ['Bearer', 'OAuth']) expect(codes(`${scheme} ${sid}`)).toEqual([]);
    // The same '!' elsewhere still is one.
    expect(codes('Bearer abcdefghijklmno!AQ0AQDpEDKYsn7ioKug2aSmgCjgrPj')).toEqual([
      'invalid-token68',
    ]);
    expect(codes(`Bearer ${sid}!`)).toEqual(['invalid-token68']);
  });
});

describe('parseCredentials: what clients get wrong (each with its problem code)', () => {
  const cases: [string, string, ProblemCode[]][] = [
    ['placeholder: undefined', 'Bearer undefined', ['placeholder-token']],
    ['placeholder: null', 'Bearer null', ['placeholder-token']],
    ['placeholder: [object Object]', 'Bearer [object Object]', ['placeholder-token']],
    ['placeholder: [object Promise]', 'Bearer [object Promise]', ['placeholder-token']],
    ['placeholder: NaN', 'Bearer NaN', ['placeholder-token']],
    ['placeholder: <token>', 'Bearer <token>', ['placeholder-token']],
    ['placeholder: YOUR_TOKEN', 'Bearer YOUR_TOKEN', ['placeholder-token']],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an unexpanded template is the input
    ['placeholder: ${TOKEN}', 'Bearer ${TOKEN}', ['placeholder-token']],
    ['placeholder: {{token}}', 'Bearer {{token}}', ['placeholder-token']],
    ['placeholder: %s', 'Bearer %s', ['placeholder-token']],
    ['placeholder: $TOKEN', 'Bearer $TOKEN', ['placeholder-token']],
    ['placeholder: a lone scheme word as the token', 'Bearer Basic', ['placeholder-token']],
    ['placeholder without a scheme', 'undefined', ['placeholder-token']],
    ['empty: the scheme alone', 'Bearer', ['empty-credentials']],
    ['empty: the scheme and a space', 'Bearer ', ['surrounding-whitespace', 'empty-credentials']],
    ['empty: Basic and a space', 'Basic ', ['surrounding-whitespace', 'empty-credentials']],
    ['empty: the whole header', '', ['empty-credentials']],
    ['missing scheme: a bare JWT', jwtOf({ alg: 'HS256' }, { sub: '1' }), ['missing-scheme']],
    [
      'missing scheme: a long opaque token',
      'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
      ['missing-scheme'],
    ],
    ['duplicated scheme', 'Bearer Bearer abc', ['duplicated-scheme']],
    ['duplicated scheme, any case', 'Basic basic dXNlcjpwYXNz', ['duplicated-scheme']],
    ['quoted token', 'Bearer "abc"', ['quoted-token']],
    ['single-quoted token', "Bearer 'abc'", ['quoted-token']],
    ['control character', 'Bearer ab\u0000c', ['control-character', 'invalid-token68']],
    ['line break at the end', 'Bearer abc\n', ['line-break']],
    ['line break inside', 'Bearer ab\r\ncd', ['line-break', 'invalid-token68']],
    ['inner space', 'Bearer abc def', ['inner-whitespace']],
    ['character outside token68', 'Bearer abc@def', ['invalid-token68']],
    ['JSON instead of a token', 'Bearer {"access_token":"abc"}', ['json-token']],
    ['several credentials joined', 'Bearer abc, Bearer def', ['multiple-credentials']],
    ['two tokens joined', 'Bearer abc,def', ['multiple-credentials']],
    ['Basic not base64', 'Basic user:pass', ['basic-not-base64']],
    ['Basic base64url', 'Basic dXNlcjpw-_ss', ['basic-not-base64']],
    ['Basic without a colon', `Basic ${b64('useronly')}`, ['basic-no-colon']],
    ['Basic without padding', 'Basic dXNlcjpwYXNzMQ', ['basic-bad-padding']],
    ['Basic with a trailing newline', `Basic ${b64('user:pass\n')}`, ['basic-control-character']],
    ['Basic non-ASCII', `Basic ${b64('jürgen:pässword')}`, ['basic-non-ascii']],
    ['Basic not UTF-8 (Latin-1)', 'Basic dGVzdDoxMjOj', ['basic-not-utf8']],
    ['leading whitespace', ' Bearer abc', ['surrounding-whitespace']],
    [
      'Digest missing fields',
      'Digest username="u", realm="r"',
      ['missing-param', 'missing-param', 'missing-param'],
    ],
    [
      'Digest bad username*',
      'Digest username*=UTF-8\'x, realm="r", nonce="n", uri="/", response="x"',
      ['invalid-ext-value'],
    ],
    [
      'AWS bad credential scope',
      'AWS4-HMAC-SHA256 Credential=AKID/20240101, SignedHeaders=host, Signature=abc',
      ['aws-malformed-credential'],
    ],
  ];
  for (const [name, value, expected] of cases) {
    it(`${name}: ${JSON.stringify(value)}`, () => {
      expect(codes(value)).toEqual(expected);
    });
  }

  it('still returns the token it could recover', () => {
    expect(parseCredentials('Bearer Bearer abc').credentials?.token).toBe('abc');
    expect(parseCredentials('Bearer "abc"').credentials?.token).toBe('abc');
    expect(parseCredentials('Bearer abc, Bearer def').credentials?.token).toBe('abc');
    expect(parseCredentials('Basic user:pass').credentials?.basic).toEqual({
      username: 'user',
      password: 'pass',
      encoding: 'plain',
    });
    expect(parseCredentials('Basic dGVzdDoxMjOj').credentials?.basic).toEqual({
      username: 'test',
      password: '123£',
      encoding: 'latin1',
    });
  });

  it('every problem carries the severity PROBLEM_CODES gives its code', () => {
    const { problems } = parseCredentials('Bearer abc def');
    expect(problems[0]).toMatchObject({ severity: 'error', code: 'inner-whitespace', offset: 10 });
  });
});

describe('parseCredentials: tokens that are JWTs', () => {
  it('decodes a Bearer JWT and keeps time claims as numbers', () => {
    const token = jwtOf(
      { alg: 'RS256', typ: 'JWT' },
      { sub: 'u1', exp: 1700000000, iat: 1699990000 },
    );
    const { credentials, problems } = parseCredentials(`Bearer ${token}`);
    expect(problems).toEqual([]);
    expect(credentials?.jwt).toEqual({
      header: { alg: 'RS256', typ: 'JWT' },
      payload: { sub: 'u1', exp: 1700000000, iat: 1699990000 },
      encrypted: false,
      signature: true,
    });
  });

  it('passes the JWT problems through (a truncated token)', () => {
    const token = jwtOf({ alg: 'HS256' }, { sub: '1' });
    expect(codes(`Bearer ${token.slice(0, token.lastIndexOf('.') - 3)}.sig`)).toEqual([
      'jwt-invalid-json',
    ]);
  });

  it('decodes a DPoP-bound access token too', () => {
    const token = jwtOf({ alg: 'ES256' }, { cnf: { jkt: 'x' } });
    expect(parseCredentials(`DPoP ${token}`).credentials?.jwt?.payload).toEqual({
      cnf: { jkt: 'x' },
    });
  });
});

describe('isPlaceholderToken', () => {
  it('knows placeholders and leaves real tokens alone', () => {
    for (const p of [
      'undefined',
      'NULL',
      '<API_KEY>',
      'your-api-key',
      'xxxxx',
      '...',
      'token',
      'string',
    ]) {
      expect(isPlaceholderToken(p), p).toBe(true);
    }
    for (const t of ['mF_9.B5f-4.1JqM', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'abc123']) {
      expect(isPlaceholderToken(t), t).toBe(false);
    }
  });
});

describe('isPlaceholderToken on token68-only words (the one-scan path)', () => {
  /** The general rule, as written before the fast path: the reference the fast path must match. */
  const words = new Set(
    'undefined null nil none nan true false token accesstoken access_token access-token apikey api_key api-key jwt changeme placeholder redacted string'.split(
      ' ',
    ),
  );
  const reference = (word: string): boolean => {
    const w = word.trim();
    if (w === '') return false;
    const lower = w.toLowerCase();
    if (words.has(lower) || isKnownScheme(lower)) return true;
    const first = w.charCodeAt(0);
    const last = w.charCodeAt(w.length - 1);
    if (first === 60 && last === 62) return true;
    if (first === 91 && lower.startsWith('[object ') && last === 93) return true;
    if (w.includes('${') || w.includes('{{') || w.includes('#{')) return true;
    if (w.includes('%s') || w === '%d' || w === '%v') return true;
    if (lower.startsWith('your') && w.length <= 48) return true;
    if (lower.includes('_here') || lower.includes('-here') || lower.includes('replace_me')) {
      return true;
    }
    if (first === 36 && w.length > 1 && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(w.slice(1))) {
      return true;
    }
    const same = [...w].every((c) => c.charCodeAt(0) === first);
    return same && w.length >= 3 && (first === 120 || first === 88 || first === 42 || first === 46);
  };
  const long = (s: string) => s.padEnd(60, 'a');

  it('still finds placeholders hidden in long token68-looking values', () => {
    for (const p of [
      long('PASTE_YOUR_TOKEN_HERE_'),
      long('api-key-Here-'),
      long('REPLACE_ME_'),
      'x'.repeat(60),
      'X'.repeat(60),
      '.'.repeat(60),
    ]) {
      expect(isPlaceholderToken(p), p).toBe(true);
      expect(reference(p), p).toBe(true);
    }
    for (const t of [long('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.'), `${'x'.repeat(59)}y`]) {
      expect(isPlaceholderToken(t), t).toBe(false);
    }
  });

  it('short words: the same answers as the general rule', () => {
    for (const w of [
      'Bearer',
      'NEGOTIATE',
      'aws4-hmac-sha256',
      'API-KEY',
      'Access_Token',
      'YourToken',
      'yOUR_key',
      'your',
      'you',
      'x',
      'xx',
      'xxx',
      '..',
      '...',
      'XXXXXXXX',
      'xXx',
      'abc',
      'a=',
      '=',
    ]) {
      expect(isPlaceholderToken(w), w).toBe(reference(w));
    }
  });

  it('agrees with the general rule on values of token68 characters and others', () => {
    const char = fc.constantFrom(
      ...'abxX.-_~+/=0HEREheremplacRPLAC$}{#%s<>[] \t'.split(''),
      '_here',
      'REPLACE_ME',
      'your',
      'Token',
      'basic',
      'null',
      '$' + '{',
    );
    fc.assert(
      fc.property(fc.array(char, { minLength: 1, maxLength: 90 }), (parts) => {
        const word = parts.join('');
        expect(isPlaceholderToken(word)).toBe(reference(word));
      }),
      { numRuns: 3000 },
    );
  });

  it('a long Bearer token is checked the same way', () => {
    expect(codes(`Bearer ${long('YOUR_TOKEN_HERE_')}`)).toEqual(['placeholder-token']);
    expect(codes(`Bearer ${'x'.repeat(60)}`)).toEqual(['placeholder-token']);
    expect(codes(`Bearer "${long('abc')}"`)).toEqual(['quoted-token']);
    expect(codes(`Bearer ${long('abc')}=x`)).toEqual(['invalid-token68']);
    expect(codes(`Bearer bearer ${long('abc')}`)).toEqual(['duplicated-scheme']);
    expect(codes(`Bearer BEARERx ${long('abc')}`)).toEqual(['inner-whitespace']);
  });
});

describe('parseCredentials: the one-scan paths report what the general path reports', () => {
  it('control characters and line breaks outside the simple shape', () => {
    expect(codes('Bearer abc\u0001def')).toEqual(['control-character', 'invalid-token68']);
    expect(codes('Bearer abc\r\n')).toEqual(['line-break']);
    expect(codes(' Bearer abc')).toEqual(['surrounding-whitespace']);
    expect(codes('Bearer  abc')).toEqual([]);
    expect(codes('Bearer Bearer')).toEqual(['duplicated-scheme', 'empty-credentials']);
  });

  it('a control character inside Digest parameters is reported by both scans', () => {
    const value = 'Digest username="a\u0001b", realm="r", nonce="n", uri="/", response="x"';
    expect(codes(value)).toEqual(['control-character', 'control-character']);
  });
});

describe('parameter names in any case', () => {
  it('known and unknown names come out lower-cased, values untouched', () => {
    const parsed = parseCredentials(
      'AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/s3/aws4_request, SIGNEDHEADERS=Host;X-Amz-Date, Signature=abc, X-Extra=Y',
    );
    expect(parsed.credentials?.params).toEqual({
      credential: 'AKID/20240101/us-east-1/s3/aws4_request',
      signedheaders: 'Host;X-Amz-Date',
      signature: 'abc',
      'x-extra': 'Y',
    });
    expect(parsed.credentials?.aws).toEqual({
      accessKeyId: 'AKID',
      date: '20240101',
      region: 'us-east-1',
      service: 's3',
      signedHeaders: ['host', 'x-amz-date'],
      signature: 'abc',
    });
  });

  it('a malformed credential scope keeps its empty parts, as split would', () => {
    const aws = parseCredentials(
      'AWS4-HMAC-SHA256 Credential=AKID//us-east-1/, SignedHeaders=host, Signature=abc',
    ).credentials?.aws;
    expect([aws?.accessKeyId, aws?.date, aws?.region, aws?.service]).toEqual([
      'AKID',
      '',
      'us-east-1',
      '',
    ]);
  });
});
