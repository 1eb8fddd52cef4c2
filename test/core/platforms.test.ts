import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importHar } from '../../src/core/har/import-har';
import { detectPlatforms, findPlatforms, PLATFORMS } from '../../src/core/platforms';
import { createExchange, headers } from '../support/exchange';
import { FIXTURES, harFiles } from './har/fixture-files';
import { referencePlatforms } from './support/platforms-before';

const detect = (response: Record<string, string>, body?: string) =>
  detectPlatforms(
    createExchange({ response: { headers: headers(response), ...(body ? { body } : {}) } }),
  ).map((p) => p.id);

describe('platforms', () => {
  it('every catalogue platform has a note', () => {
    for (const id of [
      'nginx',
      'apache',
      'cloudflare',
      'express',
      'iis',
      'aws',
      'azure-ad',
      'google',
      'github',
      'auth0',
      'okta',
      'keycloak',
      'firebase',
      'stripe',
      'spring',
      'django',
    ] as const)
      expect(PLATFORMS[id].note.length).toBeGreaterThan(40);
  });

  it.each([
    ['nginx', { Server: 'nginx/1.22.1' }, '<html><center>nginx/1.22.1</center></html>'],
    [
      'apache',
      { Server: 'Apache/2.4.62 (Debian)' },
      'This server could not verify that you\nare authorized to access the document',
    ],
    ['cloudflare', { Server: 'cloudflare', 'CF-RAY': '8a-AMS' }, undefined],
    ['express', { 'X-Powered-By': 'Express' }, 'Unauthorized'],
    ['iis', { Server: 'Microsoft-IIS/10.0', 'WWW-Authenticate': 'Negotiate' }, undefined],
    [
      'aws',
      { 'x-amzn-RequestId': 'f00', 'x-amzn-ErrorType': 'UnrecognizedClientException' },
      undefined,
    ],
    [
      'azure-ad',
      {
        'WWW-Authenticate':
          'Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
      },
      '{"error_description":"AADSTS700082: The refresh token has expired"}',
    ],
    ['google', { Server: 'ESF' }, '{"error":{"status":"UNAUTHENTICATED"}}'],
    [
      'github',
      { 'X-GitHub-Request-Id': 'A:B' },
      '{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}',
    ],
    ['auth0', {}, '{"error":"invalid_token","error_description":"see https://example.auth0.com/"}'],
    ['okta', {}, '{"errorCode":"E0000011","errorSummary":"Invalid token provided"}'],
    [
      'keycloak',
      {
        'WWW-Authenticate':
          'Bearer realm="master", authorization_uri="https://sso.example.test/realms/master"',
      },
      undefined,
    ],
    ['firebase', {}, '{"error":"Firebase ID token has expired"}'],
    ['stripe', { 'Request-Id': 'req_FAKE', 'Stripe-Version': '2024-06-20' }, undefined],
    [
      'spring',
      { 'WWW-Authenticate': 'Basic realm="Realm"' },
      '{"timestamp":"2026-01-01T00:00:00.000+00:00","status":401,"error":"Unauthorized","path":"/api"}',
    ],
    [
      'django',
      { 'WWW-Authenticate': 'Token' },
      '{"detail":"Authentication credentials were not provided."}',
    ],
  ])('%s', (id, response, body) => {
    expect(detect(response as Record<string, string>, body)).toContain(id);
  });

  // Salesforce's REST API challenges `Token` too: the challenge alone is Django's only when the
  // server's words are no other provider's.
  it("a `Token` challenge names Django unless the words are another provider's", () => {
    const exchange = createExchange({
      response: { headers: headers({ 'WWW-Authenticate': 'Token' }) },
    });
    expect(findPlatforms(exchange).map((p) => p.id)).toEqual(['django']);
    expect(findPlatforms(exchange, { provider: 'django-rest-framework' })[0]?.evidence).toEqual([
      'WWW-Authenticate: Token (TokenAuthentication)',
    ]);
    expect(findPlatforms(exchange, { provider: 'salesforce' })).toEqual([]);
  });

  it('nothing known: no platform', () => {
    expect(detect({ 'Content-Type': 'text/plain' }, 'no')).toEqual([]);
  });

  it('token issuers point to identity providers', () => {
    const found = detectPlatforms(createExchange(), {
      issuers: ['https://dev-123.eu.auth0.com/', 'https://sso.example.test/realms/acme'],
    });
    expect(found.map((p) => p.id)).toEqual(expect.arrayContaining(['auth0', 'keycloak']));
  });
});

describe('platforms on hostile bodies', () => {
  it('a body made to backtrack is read in linear time', () => {
    const body = `"timestamp":${'"status": 401 "error": '.repeat(3000)}`;
    expect(detect({}, body)).toEqual([]);
  });
});

describe('platforms: the body and the Server header read as one text', () => {
  const keycloakIn = (body: string, server: string) =>
    detect({ Server: server }, body).includes('keycloak');

  it('finds "keycloak" in either, or across the seam, as in the two joined', () => {
    expect(keycloakIn('powered by Keycloak', 'x')).toBe(true);
    expect(keycloakIn('{}', 'keycloak/24')).toBe(true);
    expect(keycloakIn('{"a":"key', 'cloak')).toBe(true);
    expect(keycloakIn('{"a":"k', 'eycloak-ish')).toBe(true);
    expect(keycloakIn('{"a":"keyclo', 'ak')).toBe(true);
    expect(keycloakIn('{"a":"keycl', 'xoak')).toBe(false);
    expect(keycloakIn('keycloa', '')).toBe(false);
  });

  it('agrees with a test of the joined text on texts made of its letters', () => {
    const text = fc.string({ unit: fc.constantFrom(...'keyclOAK x'.split('')), maxLength: 14 });
    fc.assert(
      fc.property(text, text, (body, server) => {
        const joined = /keycloak/i.test(body + server.trim().toLowerCase());
        expect(keycloakIn(body, server)).toBe(joined);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('platforms told by the body alone', () => {
  it.each([
    ['nginx', '<html><center>nginx</center></html>'],
    ['apache', 'This server could not verify that you  are authorized'],
    ['cloudflare', '{"success":false,"errors":[{"code":10000,"message":"Authentication error"}]}'],
    ['cloudflare', 'see https://team.cloudflareaccess.com/'],
    ['express', 'UnauthorizedError: jwt expired'],
    ['aws', '<Error><Code>InvalidAccessKeyId</Code></Error>'],
    ['azure-ad', 'AADSTS50013: bad'],
    ['google', '{"error":{"code":401,"status" : "UNAUTHENTICATED"}}'],
    ['github', '{"documentation_url":"https://docs.github.com/rest"}'],
    ['okta', '{"ERRORCODE":"E0000011"}'],
    ['firebase', 'INVALID_ID_TOKEN from IdentityToolkit'],
    ['stripe', '{"error":{"message":"Invalid API Key provided: sk_test_****"}}'],
    ['django', '{"detail":"Invalid token."}'],
  ])('%s', (id, body) => {
    expect(detect({}, body)).toContain(id);
  });

  it('reads the body and the challenges as one text, across the seam', () => {
    expect(detect({ 'WWW-Authenticate': 'h0.com realm="x"' }, 'see https://tenant.aut')).toContain(
      'auth0',
    );
    expect(detect({ 'WWW-Authenticate': '9 rest' }, 'AADSTS5001')).toEqual(['azure-ad']);
    expect(detect({ 'WWW-Authenticate': 'Bearer realm="x"' }, '{"error":"invalid_token"}')).toEqual(
      [],
    );
  });
});

describe('platforms: response headers read in one pass', () => {
  const found = (list: Array<[string, string]>) =>
    findPlatforms(createExchange({ response: { headers: headers(list) } }));

  it('names in any case; the first Server counts; every WWW-Authenticate is read', () => {
    expect(
      found([
        ['SERVER', 'Apache/2.4'],
        ['server', 'nginx'],
        ['Www-Authenticate', 'Basic realm="x"'],
        ['WWW-AUTHENTICATE', 'Negotiate'],
        ['cf-RAY', '1'],
      ]),
    ).toEqual([
      { id: 'apache', evidence: ['Server: apache/2.4'] },
      { id: 'cloudflare', evidence: ['cf-ray header'] },
      { id: 'iis', evidence: ['Negotiate/NTLM challenge'] },
    ]);
  });

  it('presence alone tells, whatever the value; a look-alike name does not', () => {
    expect(found([['X-Amzn-RequestId', '']]).map((p) => p.id)).toEqual(['aws']);
    expect(found([['Request-Id', 'req_1']]).map((p) => p.id)).toEqual(['stripe']);
    expect(found([['ſerver', 'nginx']])).toEqual([]);
    expect(found([['x-amzn-requestid ', 'f']])).toEqual([]);
  });
});

describe('platforms: body markers remembered', () => {
  it('gives the same answers for bodies and challenges read again, past the memo size', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{}, '{"documentation_url":"https://docs.github.com/rest"}'],
      [{ 'WWW-Authenticate': 'Bearer realm="api"' }, '{"error":"invalid_token"}'],
      [{ 'WWW-Authenticate': 'h0.com realm="x"' }, 'see https://tenant.aut'],
      [{ 'WWW-Authenticate': 'see https://tenant.aut' }, 'h0.com'],
      [{}, 'see https://tenant.auth0.com'],
    ];
    const first = cases.map(([response, body]) => detect(response, body));
    expect(first).toEqual([['github'], [], ['auth0'], [], ['auth0']]);
    for (let i = 0; i < 200; i++) detect({ 'WWW-Authenticate': `Bearer n="${i}"` }, `{"n":${i}}`);
    expect(cases.map(([response, body]) => detect(response, body))).toEqual(first);
    expect(cases.map(([response, body]) => detect(response, body))).toEqual(first);
  });
});

describe('platforms: the checks of a body and challenges, read once per text', () => {
  // Pieces of what each check looks for, and near misses, joined at random.
  const pieces = [
    '<center>nginx/1.2</center>',
    '<center>nginx',
    'This server could not verify that you are authorized',
    'cloudflareaccess.com',
    'CF_AUTHORIZATION',
    '"code": 10000',
    '"success":false',
    'UnauthorizedError',
    '<Code>ExpiredToken</Code>',
    'x-amzn-ErrorType',
    'AADSTS700082',
    'AADSTS',
    '"status":"UNAUTHENTICATED"',
    '"status": 401',
    'googleapis.com',
    'docs.github.com',
    'tenant.auth0.com',
    'x.okta.com',
    '"errorCode":"E0000011"',
    'Firebase',
    'api.stripe.com',
    'Invalid token.',
    '"detail":"Invalid token',
    '"timestamp":1,"path":"/","error":"x"',
    'keyc',
    'loak',
    'Keycloak',
    'Negotiate',
    'NTLM',
    'Basic realm="Realm"',
    'Token',
    '/realms/demo',
    'login.microsoftonline.com',
    ', ',
    ' ',
    '{',
    '}',
  ];
  const text = fc.array(fc.constantFrom(...pieces), { maxLength: 6 }).map((p) => p.join(''));
  const header = fc.tuple(
    fc.constantFrom(
      'Server',
      'X-Powered-By',
      'WWW-Authenticate',
      'www-authenticate',
      'Request-Id',
      'cf-ray',
      'x-amzn-RequestId',
      'x-goog-request-id',
      'Stripe-Version',
      'X-Frame-Options',
      'Set-Cookie',
      'X-Other',
    ),
    fc.oneof(
      text,
      fc.constantFrom('nginx', 'Apache/2', 'cloudflare', 'Microsoft-IIS/10', 'esf', 'Express'),
      fc.constantFrom('ASP.NET', 'req_123', 'csrftoken=a', 'keycloak', 'github.com', 'AmazonS3'),
    ),
  );
  const hints = fc.record({
    issuers: fc.array(
      fc.constantFrom('https://t.auth0.com/', 'https://x.okta.com', 'https://accounts.google.com'),
      { maxLength: 2 },
    ),
    keyPrefixes: fc.array(fc.constantFrom('sk_test_', 'ghp_', 'xx_'), { maxLength: 2 }),
    provider: fc.option(fc.constantFrom('salesforce', 'django-rest-framework'), {
      nil: undefined,
    }),
  });

  it('gives what one test per fact gives, on generated responses, asked twice', () => {
    fc.assert(
      fc.property(fc.array(header, { maxLength: 6 }), text, hints, (list, body, hint) => {
        const exchange = createExchange({ response: { headers: headers(list), body } });
        const expected = referencePlatforms(exchange, hint);
        expect(findPlatforms(exchange, hint)).toEqual(expected);
        expect(findPlatforms(exchange, hint)).toEqual(expected);
        expect(findPlatforms(exchange)).toEqual(referencePlatforms(exchange));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives what one test per fact gives, on every fixture exchange', () => {
    let compared = 0;
    for (const file of harFiles(FIXTURES)) {
      const result = importHar(readFileSync(file, 'utf8'));
      if (!result.ok) continue;
      for (const exchange of result.value.exchanges) {
        expect(findPlatforms(exchange), file).toEqual(referencePlatforms(exchange));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
