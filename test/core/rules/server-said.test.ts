// Catalogue family "What the server said" (docs/diagnoses.md). Hand-built exchanges with the
// error shapes real servers send (RFC 6750 challenges, provider bodies).
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/core/diagnose';
import { at, createExchange, failed, fakeJwt, find, firstId, headers, ids } from '../support/build';

describe('server-said', () => {
  it('invalid-token: a revoked OAuth token (RFC 6750 error="invalid_token")', () => {
    const failure = diagnose(
      failed(
        { Authorization: 'Bearer opaque-token-0123456789abcdefghij' },
        {
          'WWW-Authenticate':
            'Bearer realm="api", error="invalid_token", error_description="The access token was revoked"',
        },
      ),
    );
    expect(firstId(failure)).toBe('invalid-token');
    expect(find(failure, 'invalid-token')?.evidence.join('\n')).toContain('revoked');
  });

  it('invalid-token: GitHub "Bad credentials" body', () => {
    const failure = diagnose(
      failed(
        { Authorization: 'Bearer ghp_FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE1234' },
        { 'X-GitHub-Request-Id': 'ABCD:1234', 'Content-Type': 'application/json' },
        {
          response: {
            body: '{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}',
          },
        },
      ),
    );
    expect(firstId(failure)).toBe('invalid-token');
    expect(failure?.platforms[0]?.id).toBe('github');
  });

  it('invalid-request: error="invalid_request"', () => {
    const failure = diagnose(
      failed(
        { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123' },
        {
          'WWW-Authenticate':
            'Bearer error="invalid_request", error_description="token sent twice"',
        },
      ),
    );
    expect(firstId(failure)).toBe('invalid-request');
  });

  it("insufficient-scope: lists the scopes asked for and the token's scope", () => {
    const failure = diagnose(
      createExchange({
        request: {
          headers: headers({
            Authorization: `Bearer ${fakeJwt({ scope: 'read', exp: at(3600) })}`,
          }),
        },
        response: {
          status: 403,
          headers: headers({
            'WWW-Authenticate': 'Bearer error="insufficient_scope", scope="read write"',
          }),
        },
      }),
    );
    expect(firstId(failure)).toBe('insufficient-scope');
    const evidence = find(failure, 'insufficient-scope')?.evidence.join('\n');
    expect(evidence).toContain('read write');
    expect(evidence).toContain("token's scope = read");
  });

  it('insufficient-scope: GitHub "Resource not accessible by ..." 403, the permissions quoted', () => {
    // GitHub's 403 for a fine-grained token or an App without the endpoint's permission
    // ("Insufficient permission errors"): X-Accepted-GitHub-Permissions names what it needs.
    const githubForbidden = (message: string, extra: Record<string, string>) =>
      diagnose(
        createExchange({
          request: {
            method: 'PUT',
            url: 'https://api.github.com/repos/octo-org/octo-repo/contents/notes.md',
            headers: headers({ Authorization: 'Bearer github_pat_FAKEFAKEFAKEFAKEFAKE0123' }),
          },
          response: {
            status: 403,
            headers: headers({ 'Content-Type': 'application/json', ...extra }),
            body: JSON.stringify({
              message,
              documentation_url: 'https://docs.github.com/rest/repos/contents',
            }),
          },
        }),
      );
    const pat = githubForbidden('Resource not accessible by personal access token', {
      'X-Accepted-GitHub-Permissions': 'contents=write',
    });
    expect(firstId(pat)).toBe('insufficient-scope');
    const evidence = find(pat, 'insufficient-scope')?.evidence.join('\n');
    expect(evidence).toContain('Resource not accessible by personal access token');
    expect(evidence).toContain('(x-accepted-github-permissions): contents=write');
    const app = githubForbidden('Resource not accessible by integration', {
      'X-Accepted-OAuth-Scopes': 'repo',
      'X-OAuth-Scopes': 'read:org',
    });
    expect(firstId(app)).toBe('insufficient-scope');
    const lines = find(app, 'insufficient-scope')?.evidence ?? [];
    expect(lines).toContain('Scopes the endpoint accepts (x-accepted-oauth-scopes): repo');
    expect(lines).toContain('Scopes the token has (x-oauth-scopes): read:org');
    // Another 403 from GitHub (no such words) is not about permissions of the token.
    expect(ids(githubForbidden('API rate limit exceeded', {}))).not.toContain('insufficient-scope');
  });

  it('missing-challenge: a 401 without WWW-Authenticate is context (info), after the cause', () => {
    const failure = diagnose(
      failed({ Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123' }, {}),
    );
    expect(find(failure, 'missing-challenge')?.severity).toBe('info');
    // A token was sent and refused: that is the cause, the missing challenge only context.
    expect(failure?.diagnoses.map((d) => d.id).slice(0, 2)).toEqual([
      'credentials-rejected',
      'missing-challenge',
    ]);
  });

  it('api-key-missing: no key and the body asks for one', () => {
    const failure = diagnose(
      failed(
        {},
        { 'Content-Type': 'application/json' },
        { response: { body: '{"message":"Missing API key"}' } },
      ),
    );
    expect(firstId(failure)).toBe('api-key-missing');
    expect(ids(failure)).toContain('no-credentials');
  });

  it('api-key-rejected: an invalid key in X-API-Key (wrong or revoked key)', () => {
    const key = 'key_FAKE_0123456789abcdefghijklmn';
    const failure = diagnose(
      failed({ 'X-API-Key': key }, {}, { response: { body: '{"error":"Invalid API key"}' } }),
    );
    expect(firstId(failure)).toBe('api-key-rejected');
    expect(JSON.stringify(failure)).not.toContain(key);
  });

  it('api-key-rejected: a key in the query string', () => {
    const failure = diagnose(
      failed(
        {},
        { 'WWW-Authenticate': 'ApiKey realm="maps"' },
        { request: { url: 'https://api.example.test/geo?key=FAKEKEY0123456789abcdef' } },
      ),
    );
    expect(ids(failure)).toContain('api-key-rejected');
    expect(failure?.url).not.toContain('FAKEKEY0123456789abcdef');
  });

  it('api-key-rejected: Stripe "Invalid API Key provided" with the key as Bearer', () => {
    const failure = diagnose(
      failed(
        { Authorization: 'Bearer sk_test_FAKEFAKEFAKEFAKEFAKE1234' },
        { 'Request-Id': 'req_FAKE123' },
        {
          request: { url: 'https://api.stripe.com/v1/charges' },
          response: {
            body: '{"error":{"message":"Invalid API Key provided: sk_test_****1234","type":"invalid_request_error"}}',
          },
        },
      ),
    );
    expect(firstId(failure)).toBe('api-key-rejected');
    expect(failure?.platforms.map((p) => p.id)).toContain('stripe');
  });

  it('aws-signature-error: SignatureDoesNotMatch', () => {
    const failure = diagnose(
      createExchange({
        request: {
          headers: headers({
            Authorization:
              'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
            'X-Amz-Date': '20260101T000000Z',
          }),
        },
        response: {
          status: 403,
          headers: headers({ 'x-amz-request-id': 'FAKE' }),
          body: '<?xml version="1.0"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error>',
        },
      }),
    );
    expect(firstId(failure)).toBe('aws-signature-error');
    expect(failure?.platforms[0]?.id).toBe('aws');
    expect(JSON.stringify(failure)).not.toContain(
      '0123456789abcdef0123456789abcdef0123456789abcdef',
    );
  });

  it('login-rejected: the words need a sign-in or a credential sent (devise_token_auth says them to a token check without a token)', () => {
    const body = '{"success":false,"errors":["Invalid login credentials"]}';
    const json = { 'Content-Type': 'application/json' };
    const url = 'https://api.example.test/api/orders';
    // A GET that carried nothing: no password was refused.
    expect(ids(diagnose(failed({}, json, { request: { url }, response: { body } })))).not.toContain(
      'login-rejected',
    );
    // A sign-in: refused.
    const signIn = failed(json, json, {
      request: { url: 'https://api.example.test/auth/sign_in', method: 'POST' },
      response: { body },
    });
    expect(firstId(diagnose(signIn))).toBe('login-rejected');
    // A GET with Basic credentials: the password was refused.
    const basic = failed({ Authorization: 'Basic dXNlcjpwYXNzd29yZA==' }, json, {
      request: { url },
      response: { body },
    });
    expect(ids(diagnose(basic))).toContain('login-rejected');
    // A capture that may have lost the Authorization header: the words still count.
    const stripped = failed({}, json, { request: { url }, response: { body } });
    stripped.gaps = { strippedHeaders: ['authorization', 'cookie'] };
    expect(ids(diagnose(stripped))).toContain('login-rejected');
  });

  it('aws-signature-error: the same error body read again, past the memo size, says the same', () => {
    const evidence = (body: string, errorType?: string) =>
      find(
        diagnose(
          failed({}, errorType ? { 'x-amzn-ErrorType': errorType } : {}, { response: { body } }),
        ),
        'aws-signature-error',
      )?.evidence[0];
    const cases: Array<[string, string | undefined]> = [
      ['<Error><Code>InvalidAccessKeyId</Code></Error>', undefined],
      ['{"message":"Signature expired: 20260101T000000Z is now earlier than"}', undefined],
      ['{"message":"no"}', 'ExpiredTokenException'],
      ['{"message":"no"}', undefined],
    ];
    const first = cases.map(([body, type]) => evidence(body, type));
    expect(first).toEqual([
      'AWS error: InvalidAccessKeyId',
      'AWS error: Signature expired',
      'AWS error: ExpiredTokenException',
      undefined,
    ]);
    for (let i = 0; i < 200; i++) evidence(`{"n":${i}}`);
    expect(cases.map(([body, type]) => evidence(body, type))).toEqual(first);
    expect(cases.map(([body, type]) => evidence(body, type))).toEqual(first);
  });
});

// A mask hides a key's value, not its kind (the corpus's Anthropic, Postmark and Typesense
// cases): api-key-rejected, the more specific, comes first.
describe('a masked key header refused', () => {
  it.each(['x-api-key', 'X-Postmark-Server-Token', 'AUTH_KEY'])('%s', (name) => {
    const failure = diagnose(
      failed({ [name]: '[REDACTED]' }, {}, { response: { body: '{"message":"Unauthorized"}' } }),
    );
    const ids = failure?.diagnoses.map((d) => d.id) ?? [];
    expect(ids[0]).toBe('api-key-rejected');
    const key = failure?.diagnoses.find((d) => d.id === 'api-key-rejected');
    const other = failure?.diagnoses.find((d) => d.id === 'credentials-rejected');
    if (other) expect(other.confidence).toBeLessThan(key?.confidence ?? 0);
  });
});

describe('provider words (outside corpus, 7 December)', () => {
  it('Mapbox: "Not Authorized - Invalid Token" for an access_token in the query is the key refused, not Django REST framework', () => {
    const failure = diagnose(
      failed(
        {},
        { 'Content-Type': 'application/json' },
        {
          request: {
            url: 'https://api.mapbox.com/geocoding/v5/x.json?access_token=FAKE-0123456789',
          },
          response: { body: '{"message":"Not Authorized - Invalid Token"}' },
        },
      ),
    );
    expect(firstId(failure)).toBe('api-key-rejected');
    const evidence = find(failure, 'api-key-rejected')?.evidence.join('\n') ?? '';
    expect(evidence).toContain('Mapbox says');
    expect(JSON.stringify(failure)).not.toContain('Django');
  });

  it('Django REST framework: its exact "Invalid token." still reads as its own, "... Invalid Token" elsewhere does not', () => {
    const drf = diagnose(
      failed(
        { Authorization: 'Token FAKE0123456789abcdef0123456789abcdef' },
        { 'WWW-Authenticate': 'Token' },
        { response: { body: '{"detail":"Invalid token."}' } },
      ),
    );
    expect(firstId(drf)).toBe('invalid-token');
    expect(find(drf, 'invalid-token')?.evidence.join('\n')).toContain('Django REST framework says');
    const other = diagnose(
      failed(
        { Authorization: 'Bearer FAKE0123456789abcdef0123456789abcdef' },
        { 'Content-Type': 'application/json' },
        { response: { body: '{"message":"Not Authorized - Invalid Token"}' } },
      ),
    );
    expect(JSON.stringify(other)).not.toContain('Django');
  });

  it('SendGrid: "authorization grant is invalid, expired, or revoked" for an SG. key as Bearer is the key refused', () => {
    const failure = diagnose(
      failed(
        { Authorization: 'Bearer SG.FAKEFAKEFAKEFAKE.FAKEFAKEFAKEFAKEFAKE' },
        { 'Content-Type': 'application/json' },
        {
          request: { url: 'https://api.sendgrid.com/v3/mail/send' },
          response: {
            body: '{"errors":[{"message":"The provided authorization grant is invalid, expired, or revoked","field":null,"help":null}]}',
          },
        },
      ),
    );
    expect(firstId(failure)).toBe('api-key-rejected');
    expect(find(failure, 'api-key-rejected')?.evidence.join('\n')).toContain(
      'Twilio SendGrid says',
    );
  });

  it('Stripe: a publishable key where a secret key is needed (403) is the key refused, and says so', () => {
    const failure = diagnose(
      createExchange({
        request: {
          url: 'https://api.stripe.com/v1/webhook_endpoints',
          headers: headers({ Authorization: 'Bearer pk_test_FAKEFAKEFAKEFAKEFAKE1234' }),
        },
        response: {
          status: 403,
          headers: headers({ 'Content-Type': 'application/json' }),
          body: '{"error":{"message":"This API call cannot be made with a publishable API key. Please use a secret API key.","type":"invalid_request_error"}}',
        },
      }),
    );
    expect(firstId(failure)).toBe('api-key-rejected');
    expect(find(failure, 'api-key-rejected')?.evidence.join('\n')).toContain(
      'Stripe publishable key (pk_test_…)',
    );
  });

  it('Mailgun: Basic api:<key> answered 401 "Forbidden" is the key refused, with the EU/US host line', () => {
    const failure = diagnose(
      failed(
        { Authorization: `Basic ${btoa('api:FAKE-mailgun-key-0000000000000000-00000000')}` },
        { 'Content-Type': 'text/plain; charset=utf-8' },
        {
          request: { url: 'https://api.mailgun.net/v3/example.test/messages' },
          response: { body: 'Forbidden' },
        },
      ),
    );
    expect(firstId(failure)).toBe('api-key-rejected');
    expect(find(failure, 'api-key-rejected')?.evidence.join('\n')).toContain('api.eu.mailgun.net');
    // The same bare word from a host no row knows says nothing about a key.
    const other = diagnose(
      failed(
        { Authorization: `Basic ${btoa('api:FAKE-mailgun-key-0000000000000000-00000000')}` },
        { 'Content-Type': 'text/plain; charset=utf-8' },
        { response: { body: 'Forbidden' } },
      ),
    );
    expect(firstId(other)).toBe('basic-rejected');
  });

  it('a 401 to a request with only Proxy-Authorization: the origin saw no credential (nginx auth_basic as a forward proxy)', () => {
    const failure = diagnose(
      failed(
        { 'Proxy-Authorization': 'Basic dXNlcjpwYXNzd29yZA==' },
        { 'WWW-Authenticate': 'Basic realm="Restricted Content"' },
        {
          response: { body: '<html><head><title>401 Authorization Required</title></head></html>' },
        },
      ),
    );
    expect(ids(failure)).not.toContain('credentials-rejected');
    expect(firstId(failure)).toBe('no-credentials');
    expect(find(failure, 'no-credentials')?.evidence.join('\n')).toContain(
      'Proxy-Authorization was sent (Basic',
    );
    // With Authorization too, that one is what was refused.
    const both = diagnose(
      failed(
        {
          'Proxy-Authorization': 'Basic dXNlcjpwYXNzd29yZA==',
          Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123',
        },
        { 'WWW-Authenticate': 'Bearer realm="api"' },
      ),
    );
    expect(firstId(both)).toBe('credentials-rejected');
    expect(find(both, 'credentials-rejected')?.evidence.join('\n')).not.toContain(
      'Proxy-Authorization',
    );
  });

  it('Google IAP: "JWT audience doesn\'t match this application" with the token masked is jwt-audience-mismatch', () => {
    const failure = diagnose(
      failed(
        { Authorization: 'Bearer [REDACTED]' },
        { 'Content-Type': 'text/html; charset=UTF-8', 'X-Goog-IAP-Generated-Response': 'true' },
        {
          request: { url: 'https://app.example.test/api/run' },
          response: {
            body: "Invalid IAP credentials: JWT audience doesn't match this application ('aud' claim (1.apps.googleusercontent.com) doesn't match expected value (2.apps.googleusercontent.com))",
          },
        },
      ),
    );
    expect(firstId(failure)).toBe('jwt-audience-mismatch');
    expect(find(failure, 'jwt-audience-mismatch')?.evidence.join('\n')).toContain(
      'Identity-Aware Proxy (IAP) says',
    );
    expect(ids(failure)).not.toContain('credentials-rejected');
  });

  it.each([
    ['Envoy jwt_authn', 'Audiences in Jwt are not allowed'],
    [
      'Microsoft.IdentityModel',
      "IDX10214: Audience validation failed. Audiences: 'api://other'. Did not match: validationParameters.ValidAudience: 'api://this'",
    ],
    ['ASP.NET Core challenge words', "The audience 'api://other' is invalid"],
  ])('audience words (%s) with an opaque token are jwt-audience-mismatch', (_, words) => {
    const failure = diagnose(
      failed(
        { Authorization: 'Bearer FAKEopaque0123456789abcdefghijkl' },
        { 'Content-Type': 'application/json' },
        { response: { body: JSON.stringify({ message: words }) } },
      ),
    );
    expect(firstId(failure)).toBe('jwt-audience-mismatch');
  });
});
