// Property: collectExchangeSecrets remembers what each header value and body adds (by value),
// and what it gives must be what reading every value again gives: the same values, classes
// and order, whatever repeats, under whatever header name, after however many evictions.
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Exchange } from '../../../src/core/exchange';
import {
  addBodySecrets,
  addHeaderSecrets,
  addShapedSecrets,
  addUrlSecrets,
  clearSecretMemos,
  collectExchangeSecrets,
  createSecretSet,
  type SecretSet,
  type SecretValue,
  secretValues,
} from '../../../src/core/secrets/collect';
import { secretParamClass } from '../../../src/core/secrets/model';
import { createExchange } from '../../support/exchange';

/** collectExchangeSecrets as it reads without any memo: every value read again. */
function unremembered(exchange: Exchange, set: SecretSet = createSecretSet()): SecretValue[] {
  const { request, response } = exchange;
  for (const header of request.headers) {
    addHeaderSecrets(header.name, header.value, set);
    addShapedSecrets(header.value, set);
  }
  addUrlSecrets(request.url, set);
  addShapedSecrets(request.url, set);
  for (const hop of request.redirectChain) {
    addUrlSecrets(hop.url, set);
    for (const header of hop.requestHeaders) addHeaderSecrets(header.name, header.value, set);
  }
  let mimeType = '';
  for (const header of response.headers) {
    if (header.name.toLowerCase() === 'content-type') mimeType = header.value;
    addHeaderSecrets(header.name, header.value, set);
    addShapedSecrets(header.value, set);
  }
  const body = response.body;
  if (body !== undefined && body !== '') {
    addBodySecrets(body, mimeType, set);
    addShapedSecrets(body, set);
  }
  return secretValues(set);
}

const b64url = (s: string) => Buffer.from(s).toString('base64url');
const jwt = (sub: string) =>
  `${b64url('{"alg":"HS256"}')}.${b64url(`{"sub":"${sub}","exp":1767225600}`)}.${b64url(`sig-${sub}-0123456789`)}`;

/** Values that read differently by header name: tokens, cookies, masks, placeholders, URLs. */
const VALUES = [
  `Bearer ${jwt('alice')}`,
  `Bearer ${jwt('bob')}`,
  jwt('carol'),
  'Bearer undefined',
  'Bearer [REDACTED]',
  'Bearer ****',
  `Basic ${Buffer.from('alice:s3cret-pass').toString('base64')}`,
  'Basic dXNlcjpwYXNz',
  'Digest username="u", response="6629fae49393a05397450978507c4ef1", nonce="abc123nonce", cnonce="0a4f113b"',
  'sid=FAKE-session-419; theme=dark; _ga=GA1.1.123456789.1767225600',
  'sid="quoted-session-9a8b7c"; other=a%20b%2Fc1234',
  'sid=FAKE-session-419; Domain=example.test; Path=/; HttpOnly',
  'ghp_0123456789abcdefghijABCDEFGHIJ012345',
  'sk_live_0123456789abcdefABCD',
  'AKIAABCDEFGHIJKLMNOP',
  'https://app.example.test/cb?code=abc123xyz789&state=s#access_token=tok_123456789',
  'https://app.example.test/dashboard',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  'application/json, text/plain, */*',
  'application/json',
  'application/x-www-form-urlencoded',
  'Bearer realm="api", error="invalid_token", error_description="The access token expired"',
  `a long plain value that mentions ${jwt('dave')} in the middle of more than sixty-four characters`,
  'xoxb-1234567890-abcdefghij',
  '',
  '   ',
  'token',
  '<token>',
];

const NAMES = [
  'Authorization',
  'proxy-authorization',
  'Cookie',
  'Set-Cookie',
  'X-API-Key',
  'X-Auth-Token',
  'X-Admin-Password',
  'Referer',
  'Location',
  'User-Agent',
  'Content-Type',
  'WWW-Authenticate',
  'X-Custom',
];

const BODIES = [
  '{"error":"invalid_token","error_description":"The access token is missing or invalid"}',
  '{"access_token":"tok-abc-123456789","refresh_token":"rt-987654321-xyz","token_type":"Bearer"}',
  '{"username":"alice","password":"s3cret-pass"}',
  'password=hunter2-long&username=alice&client_secret=cs_123456789',
  `<html>${jwt('erin')}</html>`,
  '',
];

const header = fc.record({
  name: fc.constantFrom(...NAMES),
  value: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...VALUES) },
    { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
  ),
});

const exchange = fc
  .record({
    request: fc.array(header, { maxLength: 8 }),
    response: fc.array(header, { maxLength: 6 }),
    body: fc.constantFrom(...BODIES),
    query: fc.constantFrom('', '?page=2', '?api_key=k_0123456789abc', `?id_token=${jwt('fay')}`),
  })
  .map(({ request, response, body, query }) =>
    createExchange({
      request: { url: `https://api.example.test/items${query}`, headers: request },
      response: { headers: response, body },
    }),
  );

describe('what a value adds, remembered', () => {
  beforeEach(() => clearSecretMemos());

  it('gives what reading every value again gives, whatever repeats', () => {
    fc.assert(
      fc.property(fc.array(exchange, { minLength: 1, maxLength: 12 }), (exchanges) => {
        // Twice: the second time every value is remembered.
        for (let pass = 0; pass < 2; pass++)
          for (const one of exchanges)
            expect(collectExchangeSecrets(one)).toEqual(unremembered(one));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the class a value was first found as in a set that already holds it', () => {
    const one = createExchange({
      request: { headers: [{ name: 'Authorization', value: `Bearer ${jwt('alice')}` }] },
    });
    collectExchangeSecrets(one);
    const first = createSecretSet();
    first.add(jwt('alice'), 'cookie');
    const second = createSecretSet();
    second.add(jwt('alice'), 'cookie');
    expect(collectExchangeSecrets(one, first)).toEqual(unremembered(one, second));
    expect(first.values.get(jwt('alice'))).toBe('cookie');
  });

  it('stays right after thousands of values push the first ones out', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      createExchange({
        request: {
          headers: [
            { name: 'Authorization', value: `Bearer ${jwt(`user-${i}`)}` },
            { name: 'Cookie', value: `sid=FAKE-session-${i}; theme=dark` },
            { name: 'traceparent', value: `00-${i.toString(16).padStart(32, '0')}-01` },
          ],
        },
      }),
    );
    for (const one of many) collectExchangeSecrets(one);
    for (const one of [...many.slice(0, 50), ...many.slice(-50)])
      expect(collectExchangeSecrets(one)).toEqual(unremembered(one));
  });
});

describe('the secrets of an exchange made of remembered values', () => {
  beforeEach(() => clearSecretMemos());

  const retry = (i: number) =>
    createExchange({
      request: {
        headers: [
          { name: 'Authorization', value: `Bearer ${jwt('alice')}` },
          { name: 'Cookie', value: 'sid=FAKE-session-419; theme=dark' },
          // Seen once each, and adding nothing.
          { name: 'traceparent', value: `00-${i.toString(16).padStart(32, '0')}-01` },
          { name: 'X-Request-Id', value: `req-${i}` },
        ],
      },
      response: { body: '{"error":"invalid_token"}' },
    });

  it('are one frozen array, handed out again while they stay remembered', () => {
    const first = collectExchangeSecrets(retry(1));
    expect(first).toEqual(unremembered(retry(1)));
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first[0])).toBe(true);
    expect(collectExchangeSecrets(retry(2))).toBe(first);
    clearSecretMemos();
    const again = collectExchangeSecrets(retry(3));
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('are read afresh when a value of the exchange adds a secret of its own', () => {
    const one = retry(1);
    const withKey = createExchange({
      request: {
        url: 'https://api.example.test/items?api_key=k_0123456789abc',
        headers: one.request.headers,
      },
      response: { body: '{"error":"invalid_token"}' },
    });
    const plain = collectExchangeSecrets(one);
    const keyed = collectExchangeSecrets(withKey);
    expect(keyed).toEqual(unremembered(withKey));
    expect(keyed.map((s) => s.value)).toContain('k_0123456789abc');
    expect(collectExchangeSecrets(retry(2))).toBe(plain);
  });
});

describe('header lines that added nothing, skipped at the same place', () => {
  beforeEach(() => clearSecretMemos());

  it('only for the same name with the same value', () => {
    const at = (name: string, value: string) =>
      createExchange({
        request: {
          headers: [
            { name: 'Accept', value: 'application/json' },
            { name, value },
          ],
        },
      });
    const value = 'k9Xq2vLm8Rt4Wz7Np3Ys';
    for (let round = 0; round < 2; round++) {
      expect(collectExchangeSecrets(at('X-Custom', value))).toEqual([]);
      expect(collectExchangeSecrets(at('X-API-Key', value))).toEqual([{ value, kind: 'key' }]);
      expect(
        collectExchangeSecrets(at('X-Custom', `${value}.ghp_0123456789abcdefghijABCDEFGHIJ012345`)),
      ).toEqual(unremembered(at('X-Custom', `${value}.ghp_0123456789abcdefghijABCDEFGHIJ012345`)));
    }
  });
});

describe('parameter classes, remembered by name', () => {
  it('give the same answers before and after thousands of other names', () => {
    const names = ['access_token', 'pageToken', 'user[password]', 'page', 'Key', 'X-Amz-Signature'];
    const first = names.map(secretParamClass);
    expect(first).toEqual(['token', undefined, 'password', undefined, 'key', 'signature']);
    for (let i = 0; i < 3000; i++) secretParamClass(`name_${i}_token`);
    expect(names.map(secretParamClass)).toEqual(first);
    expect(secretParamClass('name_2999_token')).toBe('token');
  });
});

describe('the values of a set', () => {
  it('longest first, values of one length in the order they were added', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9]{6,12}$/), { maxLength: 40 }), (values) => {
        const set = createSecretSet();
        for (const value of values) set.add(value, 'token');
        const stable = [...set.values]
          .map(([value, kind]) => ({ value, kind }))
          .sort((a, b) => b.value.length - a.value.length);
        expect(secretValues(set)).toEqual(stable);
      }),
      { numRuns: 300 },
    );
  });
});
