import { describe, expect, it } from 'vitest';
import { collectExchangeSecrets, jsonSecretMembers } from '../../../src/core/secrets/collect';
import {
  findShapedSecrets,
  isCredentialHeaderName,
  isCredentialParamName,
  isSearchableSecret,
  isSessionCookieName,
  keyPrefixOf,
  secretHeaderClass,
  secretParamClass,
  secretShapeOf,
} from '../../../src/core/secrets/model';
import { urlParamsOf } from '../../../src/core/secrets/params';
import { createValueMasker, encodedForms } from '../../../src/core/secrets/value-masker';
import { createExchange } from '../../support/exchange';

describe('secret names', () => {
  it.each([
    ['Authorization', undefined],
    ['X-API-Key', 'key'],
    ['x-goog-api-key', 'key'],
    ['X-Vault-Token', 'token'],
    ['CF-Access-Client-Secret', 'key'],
    ['X-Session', 'token'],
    ['X-Admin-Password', 'password'],
    ['DD-API-KEY', 'key'],
    ['Access-Control-Allow-Token', undefined],
    ['Content-Type', undefined],
    ['X-Request-Id', undefined],
    // Anti-CSRF headers stay masked (secrets), though they are no credential (below).
    ['X-XSRF-TOKEN', 'token'],
    ['X-CSRF-Token', 'token'],
    // Postman's per-request UUID.
    ['Postman-Token', undefined],
    // Underscores as sent (the OpenAPI Petstore's `api_key`, Kong's key-auth `AUTH_KEY`).
    ['api_key', 'key'],
    ['X_API_KEY', 'key'],
    ['AUTH_KEY', 'key'],
    ['x-auth-key', 'key'],
    ['X-Access-Key', 'key'],
    ['x_session_token', 'token'],
    ['X-Monkey', undefined],
    ['Public-Key-Pins', undefined],
  ])('header %s is %s', (name, kind) => {
    expect(secretHeaderClass(name)).toBe(kind);
  });

  it('anti-CSRF headers are secrets but not the credentials a request carried', () => {
    expect(isCredentialHeaderName('X-Auth-Token')).toBe(true);
    expect(isCredentialHeaderName('X-Vault-Token')).toBe(true);
    expect(isCredentialHeaderName('X-API-Key')).toBe(true);
    expect(isCredentialHeaderName('X-XSRF-TOKEN')).toBe(false);
    expect(isCredentialHeaderName('X-CSRF-Token')).toBe(false);
    expect(isCredentialHeaderName('x-csrftoken')).toBe(false);
    expect(isCredentialHeaderName('Postman-Token')).toBe(false);
  });

  it.each([
    ['password', 'password'],
    ['passwd', 'password'],
    ['new_password', 'password'],
    ['user[password]', 'password'],
    ['client_secret', 'key'],
    ['clientSecret', 'key'],
    ['refresh_token', 'token'],
    ['id_token', 'token'],
    ['accessToken', 'token'],
    ['access-token', 'token'],
    ['api_key', 'key'],
    ['apikey', 'key'],
    ['key', 'key'],
    ['code', 'code'],
    ['code_verifier', 'code'],
    ['assertion', 'token'],
    ['client_assertion', 'token'],
    ['otp', 'code'],
    ['X-Amz-Signature', 'signature'],
    ['csrf_token', 'token'],
    ['pageToken', undefined],
    ['token_type', undefined],
    ['grant_type', undefined],
    ['state', undefined],
    ['username', undefined],
  ])('parameter %s is %s', (name, kind) => {
    expect(secretParamClass(name)).toBe(kind);
  });

  it('one-time codes are secrets but not the credentials a request carried', () => {
    expect(isCredentialParamName('password')).toBe(true);
    expect(isCredentialParamName('client_secret')).toBe(true);
    expect(isCredentialParamName('code')).toBe(false);
  });

  it.each([
    ['sessionid', true],
    ['laravel_session', true],
    ['JSESSIONID', true],
    ['next-auth.session-token', true],
    ['__Secure-next-auth.session-token', true],
    ['__Host-id', true],
    ['_ga', false],
    ['theme', false],
    // Anti-CSRF cookies: set for every visitor, signed in or not.
    ['csrftoken', false],
    ['XSRF-TOKEN', false],
    ['next-auth.csrf-token', false],
    ['__Host-next-auth.csrf-token', false],
    // A sign-in under way: where to return, the OAuth flow's one-time values.
    ['next-auth.callback-url', false],
    ['__Secure-next-auth.callback-url', false],
    ['next-auth.pkce.code_verifier', false],
    ['next-auth.nonce', false],
  ])('cookie %s is a session: %s', (name, session) => {
    expect(isSessionCookieName(name)).toBe(session);
  });
});

describe('secret shapes', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
  it.each([
    [jwt, 'jwt'],
    ['ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', 'prefixed-key'],
    ['sk_live_51HcQ2xKZ9vA8bC7dE6fG5hI4', 'prefixed-key'],
    ['xoxb-1234567890-abcdefghijkl', 'prefixed-key'],
    ['AKIAIOSFODNN7EXAMPLE', 'prefixed-key'],
    ['glpat-z_sxgtrfAxKr8q1TPY8Y', 'prefixed-key'],
    ['Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA', 'opaque-token'],
    ['550e8400-e29b-41d4-a716-446655440000', undefined],
    ['application/json', undefined],
    ['hello world, nothing here', undefined],
    ['12345678901234567890', undefined],
  ])('%s', (value, shape) => {
    expect(secretShapeOf(value)?.shape).toBe(shape);
  });

  it('finds JWTs and prefixed keys inside text, not inside words', () => {
    const text = `token ${jwt}, key ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789. xghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789`;
    const found = findShapedSecrets(text).map((f) => text.slice(f.start, f.end));
    expect(found).toEqual([jwt, 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789']);
  });

  it('publishable keys tell the provider but are no secret', () => {
    expect(keyPrefixOf('Bearer pk_test_abc')?.provider).toBe('Stripe');
    expect(findShapedSecrets('pk_live_51HcQ2xKZ9vA8bC7dE6fG5hI4')).toEqual([]);
  });

  it('finds nothing quadratic on hostile text', () => {
    const text = 'eyJ-eyJ.'.repeat(200_000) + 'ghp_'.repeat(200_000);
    const start = performance.now();
    findShapedSecrets(text);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('short values, plain words and plain numbers are not searched for elsewhere', () => {
    expect(isSearchableSecret('hunter2')).toBe(true);
    expect(isSearchableSecret('secret')).toBe(false);
    expect(isSearchableSecret('123456')).toBe(false);
    expect(isSearchableSecret('abc1')).toBe(false);
  });
});

describe('one query reader', () => {
  it('reads the query and an implicit-flow fragment, decoding like forms', () => {
    const params = urlParamsOf('https://a.test/cb?x=a+b%21&y#access_token=t%2F1&state=s');
    expect(params.map((p) => [p.name, p.value])).toEqual([
      ['x', 'a b!'],
      ['y', ''],
      ['access_token', 't/1'],
      ['state', 's'],
    ]);
    expect(urlParamsOf('https://a.test/cb?q=1#access_token=t', false).map((p) => p.name)).toEqual([
      'q',
    ]);
  });
});

describe('collecting the secrets of an exchange', () => {
  it('what was sent, and what the response issued', () => {
    const exchange = createExchange({
      request: {
        url: 'https://api.test/token?client_secret=cs-0123456789&page=2',
        headers: [
          { name: 'Authorization', value: 'Basic YWxpY2U6aHVudGVyMg==' },
          { name: 'Cookie', value: 'sid=S3ss10n-0123456789; theme=dark' },
          { name: 'X-Session-Token', value: 'xst-0123456789abcdef' },
        ],
      },
      response: {
        status: 401,
        headers: [
          { name: 'Content-Type', value: 'application/json' },
          { name: 'Set-Cookie', value: 'sid=N3w-s3ss10n-0123456789; Path=/' },
        ],
        body: '{"access_token":"at-0123456789abcdef","code":"invalid_grant","token_type":"Bearer"}',
      },
    });
    const values = collectExchangeSecrets(exchange).map((s) => s.value);
    for (const secret of [
      'cs-0123456789',
      'YWxpY2U6aHVudGVyMg==',
      'alice:hunter2',
      'hunter2',
      'S3ss10n-0123456789',
      'xst-0123456789abcdef',
      'N3w-s3ss10n-0123456789',
      'at-0123456789abcdef',
    ])
      expect(values, secret).toContain(secret);
    // Error codes and token metadata are not secrets; neither is a preference cookie.
    expect(values).not.toContain('invalid_grant');
    expect(values).not.toContain('Bearer');
    expect(values).not.toContain('dark');
  });

  it('placeholders are not secrets', () => {
    const exchange = createExchange({
      request: { headers: [{ name: 'Authorization', value: 'Bearer [object Object]' }] },
    });
    expect(collectExchangeSecrets(exchange)).toEqual([]);
  });

  it('JSON members anywhere, escaped names and values decoded', () => {
    const members = jsonSecretMembers(
      '{"query":"x","variables":{"pass\\u0077ord":"p\\"w-1234"},"key":"theme"}',
    );
    expect(members.map((m) => [m.name, m.value])).toEqual([['password', 'p"w-1234']]);
  });
});

describe('masking by value', () => {
  it('every copy, in every common encoding, in one pass', () => {
    const secret = 'tok/en+1234 5678!';
    const masker = createValueMasker([{ value: secret, kind: 'token' }]);
    for (const form of encodedForms(secret)) {
      const text = `before ${form} after`;
      expect(masker.mask(text), form).not.toContain(form);
      expect(masker.mask(text)).toMatch(/^before .+ after$/);
    }
  });

  it('longer secrets win, and text without secrets comes back as it was', () => {
    const masker = createValueMasker([
      { value: 'abcdef-123456', kind: 'token' },
      { value: 'abcdef-123456-7890abcdef', kind: 'password' },
    ]);
    expect(masker.mask('x abcdef-123456-7890abcdef y abcdef-123456 z')).toBe('x ••• y abcd… z');
    const clean = 'nothing to see';
    expect(masker.mask(clean)).toBe(clean);
    expect(masker.counts.password).toBe(1);
    expect(masker.counts.token).toBe(1);
  });

  it('finds every secret when there are hundreds of thousands (the filter grows with them)', () => {
    const secrets = Array.from({ length: 200_000 }, (_, i) => ({
      value: `k${(i * 2654435761).toString(36)}-${i.toString(36)}Zq`,
      kind: 'token' as const,
    }));
    const masker = createValueMasker(secrets);
    const sample = secrets.filter((_, i) => i % 997 === 0);
    const text = sample.map((s, i) => `id-${i} ${s.value} ok`).join('\n');
    const masked = masker.mask(text);
    for (const s of sample) expect(masked).not.toContain(s.value);
    expect(masker.counts.token).toBe(sample.length);
    // Near misses stay: a secret's value cut by one character, or with one more in front.
    const near = sample.map((s) => `x${s.value.slice(0, -1)}`).join(' ');
    expect(masker.mask(near)).toBe(near);
  });

  it('stays linear with thousands of secrets over megabytes of text', () => {
    const secrets = Array.from({ length: 5000 }, (_, i) => ({
      value: `secret-${i.toString(36)}-${(i * 7919).toString(36)}xyz`,
      kind: 'token' as const,
    }));
    const masker = createValueMasker(secrets);
    const text = 'lorem ipsum dolor sit amet, '.repeat(200_000);
    const start = performance.now();
    masker.mask(`${text}${secrets[42]?.value}`);
    expect(performance.now() - start).toBeLessThan(3000);
  });
});
