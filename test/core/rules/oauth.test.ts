// OAuth 2 and OpenID Connect flows: oauth-client-auth-failed, refresh-token-reused,
// refresh-failed. The main cases run on HARs recorded from a real provider library
// (oidc-provider, the playground's OAuth corner, through real headless Chromium:
// test/fixtures/record/record-oauth.ts); the outside cases rebuild the requests and answers
// that provider documentation and public bug reports show.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createContext, recordExchange } from '../../../src/core/context';
import type { Failure } from '../../../src/core/diagnose';
import { diagnose } from '../../../src/core/diagnose';
import type { Exchange } from '../../../src/core/exchange';
import { analyzeHar, createHarAnalyzer } from '../../../src/core/har/analyze-har';
import { importHar } from '../../../src/core/har/import-har';
import type { Har } from '../../../src/core/har/types';
import {
  isTokenEndpointRequest,
  resourceMetadataOf,
  tokenEndpointOfResource,
} from '../../../src/core/oauth/flow';
import { formEncodingOf, readTokenRequestBody } from '../../../src/core/oauth/token-request';
import {
  afterHistory,
  createExchange,
  fakeJwt,
  find,
  firstId,
  headers,
  ids,
} from '../support/build';

function readHar(name: string): Har {
  return JSON.parse(
    readFileSync(new URL(`../../fixtures/har/${name}.har`, import.meta.url), 'utf8'),
  ) as Har;
}

/** The HAR as the extension sees it: no response bodies (webRequest gives none). */
function withoutBodies(har: Har): Har {
  const copy = structuredClone(har);
  for (const entry of copy.log.entries) delete entry.response.content?.text;
  return copy;
}

/** Every secret the recorded flow carried: form values and the tokens the provider issued. */
function secretsOf(har: Har): string[] {
  const secrets: string[] = [];
  for (const entry of har.log.entries) {
    for (const param of entry.request.postData?.params ?? [])
      if (/secret|token|code/.test(param.name) && param.name !== 'grant_type')
        secrets.push(decodeURIComponent(param.value));
    const text = entry.response.content?.text ?? '';
    for (const match of text.matchAll(/"(?:access|refresh|id)_token":"([^"]+)"/g))
      if (match[1]) secrets.push(match[1]);
    const auth = entry.request.headers.find((h) => h.name.toLowerCase() === 'authorization');
    if (auth) secrets.push(auth.value.replace(/^\S+\s+/, ''));
  }
  return secrets.filter((s) => s.length >= 8);
}

function analysed(har: Har) {
  const result = analyzeHar(har);
  if (!result.ok) throw new Error(result.error);
  return result;
}

const topOf = (har: Har, path: string) =>
  analysed(har).failures.find(({ failure }) => new URL(failure.url).pathname === path)?.failure;

describe('recorded from oidc-provider: refresh token used twice (oauth-refresh-reused.har)', () => {
  const har = readHar('oauth-refresh-reused');

  it('the API 401 after the reuse: refresh-token-reused first, tied to the grant', () => {
    const failure = topOf(har, '/api/profile');
    expect(failure?.status).toBe(401);
    expect(firstId(failure ?? null)).toBe('refresh-token-reused');
    const evidence = failure?.diagnoses[0]?.evidence.join('\n') ?? '';
    expect(evidence).toContain('already been exchanged with success');
    expect(evidence).toContain('invalid_grant');
    expect(evidence).toContain('issued by the same grant');
    // The server's own word stays, below.
    expect(ids(failure ?? null)).toContain('invalid-token');
  });

  it('the failure carries its flow: discovery to the token requests, ending with itself', () => {
    const failure = topOf(har, '/api/profile');
    const flow = failure?.flow ?? [];
    expect(flow.map((s) => s.kind)).toEqual([
      'discovery',
      'authorize',
      'callback',
      'discovery',
      'token',
      'api',
      'token',
      'token',
      'failure',
    ]);
    expect(flow.at(-1)).toMatchObject({ current: true, status: 401, note: 'refresh-token-reused' });
    expect(flow.filter((s) => s.kind === 'token').map((s) => s.note)).toEqual([
      'authorization_code → 200',
      'refresh_token → 200',
      'refresh_token → 400 invalid_grant (refresh token used before)',
    ]);
    const text = JSON.stringify(flow);
    for (const secret of secretsOf(har)) expect(text).not.toContain(secret);
  });

  it('without response bodies (what the extension sees) it still comes first', () => {
    const failure = topOf(withoutBodies(har), '/api/profile');
    expect(firstId(failure ?? null)).toBe('refresh-token-reused');
    expect(failure?.diagnoses[0]?.evidence.join('\n')).toContain('cannot read response bodies');
  });

  it('the 400 of the token endpoint itself is not listed as a failure', () => {
    expect(analysed(har).failures.map(({ failure }) => failure.status)).toEqual([401]);
  });

  it('no secret of the flow reaches the report or the context', () => {
    const secrets = secretsOf(har);
    expect(secrets.length).toBeGreaterThan(5);
    const report = JSON.stringify(analysed(har).report);
    const context = createContext();
    const imported = importHar(har);
    if (!imported.ok) throw new Error(imported.error);
    for (const exchange of imported.value.exchanges) recordExchange(context, exchange);
    const kept = JSON.stringify(context);
    for (const secret of secrets) {
      expect(report).not.toContain(secret);
      expect(kept).not.toContain(secret);
    }
  });

  it('the context keeps the flow: discovery, authorize, callback, token requests, API calls', () => {
    const context = createContext();
    const imported = importHar(har);
    if (!imported.ok) throw new Error(imported.error);
    for (const exchange of imported.value.exchanges) recordExchange(context, exchange);
    const kinds = context.oauth?.steps.map((s) => s.kind);
    expect(kinds?.slice(0, 3)).toEqual(['discovery', 'authorize', 'callback']);
    expect(kinds).toContain('api');
    expect(kinds?.at(-1)).toBe('failure');
    const tokens = context.oauth?.tokenRequests ?? [];
    expect(tokens.map((t) => [t.grantType, t.status])).toEqual([
      ['authorization_code', 200],
      ['refresh_token', 200],
      ['refresh_token', 400],
    ]);
    expect(tokens[0]?.codeVerifier).toBe(true);
    expect(tokens[2]?.error).toBe('invalid_grant');
    expect(tokens[2]?.reusedAfter).toBe(tokens[1]?.time);
    expect(tokens[1]?.issued?.expiresIn).toBeGreaterThan(0);
    expect(context.oauth?.tokenEndpoints[0]).toMatch(/\/oauth\/token$/);
  });
});

describe('recorded from oidc-provider: refresh after a revoked grant (oauth-refresh-failed.har)', () => {
  const har = readHar('oauth-refresh-failed');

  it('refresh-failed first for the API 401 that follows the refused refresh', () => {
    const failure = topOf(har, '/api/profile');
    expect(firstId(failure ?? null)).toBe('refresh-failed');
    expect(ids(failure ?? null)).not.toContain('refresh-token-reused');
    expect(failure?.diagnoses[0]?.evidence.join('\n')).toContain('not a reuse here');
  });

  it('without response bodies, too', () => {
    expect(firstId(topOf(withoutBodies(har), '/api/profile') ?? null)).toBe('refresh-failed');
  });
});

describe('recorded from oidc-provider: token endpoint invalid_client', () => {
  it('a wrong secret: oauth-client-auth-failed outranks basic-rejected', () => {
    const failure = topOf(readHar('oauth-client-secret-wrong'), '/oauth/token');
    expect(failure?.status).toBe(401);
    expect(ids(failure ?? null).slice(0, 2)).toEqual([
      'oauth-client-auth-failed',
      'basic-rejected',
    ]);
    const evidence = failure?.diagnoses[0]?.evidence.join('\n') ?? '';
    expect(evidence).toContain('client_secret_basic');
    expect(evidence).toContain('"corner-backend"');
    expect(evidence).not.toContain('2.3.1');
  });

  it('a secret with + / = not form-urlencoded: the evidence names RFC 6749 §2.3.1', () => {
    const har = readHar('oauth-client-secret-not-encoded');
    const failure = topOf(har, '/oauth/token');
    expect(firstId(failure ?? null)).toBe('oauth-client-auth-failed');
    const evidence = failure?.diagnoses[0]?.evidence.join('\n') ?? '';
    expect(evidence).toContain('RFC 6749 §2.3.1');
    expect(evidence).toContain('"+"');
    const report = JSON.stringify(analysed(har).report);
    for (const secret of secretsOf(har)) expect(report).not.toContain(secret);
    // The password part of the Basic value is never shown, whole or in part.
    expect(report).not.toContain('corner+Secret');
    expect(report).not.toContain('Secret/0123');
  });

  it('without the body it is the same diagnosis (the 401 alone says it at a token endpoint)', () => {
    const failure = topOf(withoutBodies(readHar('oauth-client-secret-wrong')), '/oauth/token');
    expect(firstId(failure ?? null)).toBe('oauth-client-auth-failed');
  });
});

describe('recorded: a step-up after an oidc-provider sign-in (oauth-step-up.har)', () => {
  it('step-up-required first, with acr_values and max_age', () => {
    const failure = topOf(readHar('oauth-step-up'), '/api/transfer');
    expect(firstId(failure ?? null)).toBe('step-up-required');
    expect(failure?.diagnoses[0]?.evidence.join('\n')).toContain('max_age=60');
  });
});

describe('recorded from oidc-provider: a 403 about scope (oauth-scope-missing.har)', () => {
  it('is reported by default, as insufficient-scope', () => {
    const failure = topOf(readHar('oauth-scope-missing'), '/api/admin');
    expect(failure?.status).toBe(403);
    expect(firstId(failure ?? null)).toBe('insufficient-scope');
  });
});

// Requests and answers as public reports and provider documentation show them.
const TOKEN_URL = 'https://login.example.test/connect/token';
const form = (body: string) => {
  const tokenRequest = readTokenRequestBody(body);
  return tokenRequest ? { tokenRequest } : {};
};

describe('outside captures: client authentication at the token endpoint', () => {
  it('IdentityServer4 #2086: a "+" in the secret sent raw in Basic → 401', () => {
    // curl from the report: Basic bXljbGllbnQ6QWJjZCsxMjM0 = myclient:Abcd+1234.
    const failure = diagnose(
      createExchange({
        request: {
          method: 'POST',
          url: TOKEN_URL,
          headers: headers({ Authorization: 'Basic bXljbGllbnQ6QWJjZCsxMjM0' }),
          ...form('client_id=myclient&grant_type=client_credentials'),
        },
        response: {
          status: 401,
          body: '{"error":"invalid_client"}',
          headers: headers({ 'Content-Type': 'application/json' }),
        },
      }),
    );
    expect(firstId(failure)).toBe('oauth-client-auth-failed');
    const evidence = find(failure, 'oauth-client-auth-failed')?.evidence.join('\n') ?? '';
    expect(evidence).toContain('"+"');
    expect(evidence).toContain('"myclient"');
    expect(JSON.stringify(failure)).not.toContain('Abcd+1234');
  });

  it('Gluu: an id and secret form-urlencoded first, refused by a server that does not decode', () => {
    const failure = diagnose(
      createExchange({
        request: {
          method: 'POST',
          url: TOKEN_URL,
          headers: headers({
            Authorization:
              'Basic JTQwJTIxNDEyRS4yNTQwLjA0MzAuRkREQSUyMTAwMDElMjFBMkI2LjBGNjAlMjEwMDA4JTIxNDVDRC40NENGLkM4QTkuM0Y2RjpQYTU1dzByZCUyMQ==',
          }),
          ...form('grant_type=client_credentials'),
        },
        response: {
          status: 401,
          body: '{"error":"invalid_client","error_description":"Client authentication failed (e.g. unknown client, no client authentication included, or unsupported authentication method)."}',
        },
      }),
    );
    expect(firstId(failure)).toBe('oauth-client-auth-failed');
    expect(find(failure, 'oauth-client-auth-failed')?.evidence.join('\n')).toContain('%XX escapes');
  });

  it('Keycloak-style 401 unauthorized_client with the secret in the body (client_secret_post)', () => {
    const failure = diagnose(
      createExchange({
        request: {
          method: 'POST',
          url: 'https://sso.example.test/realms/app/protocol/openid-connect/token',
          ...form('grant_type=client_credentials&client_id=svc&client_secret=wrong-wrong-wrong'),
        },
        response: {
          status: 401,
          body: '{"error":"unauthorized_client","error_description":"Invalid client or Invalid client credentials"}',
        },
      }),
    );
    expect(firstId(failure)).toBe('oauth-client-auth-failed');
    const evidence = find(failure, 'oauth-client-auth-failed')?.evidence.join('\n') ?? '';
    expect(evidence).toContain('client_secret_post');
    expect(JSON.stringify(failure)).not.toContain('wrong-wrong-wrong');
  });

  it('Spring Security OAuth: grant_type in the query of the POST, Basic refused', () => {
    const failure = diagnose(
      createExchange({
        request: {
          method: 'POST',
          url: 'https://api.example.test/oauth/token?grant_type=client_credentials',
          headers: headers({ Authorization: 'Basic a2V5OnNlY3JldA==' }),
        },
        response: {
          status: 401,
          body: '{"timestamp":1520959116710,"status":401,"error":"Unauthorized","message":"Bad credentials","path":"/oauth/token"}',
        },
      }),
    );
    expect(firstId(failure)).toBe('oauth-client-auth-failed');
  });

  it('a jwt-bearer grant (RFC 7523, a Google service account) is not "no client authentication"', () => {
    const failure = diagnose(
      createExchange({
        request: {
          method: 'POST',
          url: 'https://accounts.example.test/o/oauth2/token',
          ...form(
            'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=[REDACTED]',
          ),
        },
        response: {
          status: 401,
          body: '{"error":"invalid_client","error_description":"The OAuth client was not found."}',
        },
      }),
    );
    expect(firstId(failure)).toBe('oauth-client-auth-failed');
    const found = find(failure, 'oauth-client-auth-failed');
    const evidence = found?.evidence.join('\n') ?? '';
    expect(evidence).toContain("the grant's signed assertion");
    expect(evidence).not.toContain('no client authentication at all');
    expect(found?.fixes.join('\n')).not.toContain('carried no client credentials');
  });

  it('RFC 6749 §5.2: invalid_client may come as 400, and is then a failure too', () => {
    const result = analyzeHar({
      log: {
        entries: [
          {
            startedDateTime: '2026-01-01T00:00:00Z',
            time: 10,
            request: {
              method: 'POST',
              url: TOKEN_URL,
              headers: [],
              postData: {
                mimeType: 'application/x-www-form-urlencoded',
                text: 'grant_type=authorization_code&code=abcdefghijkl&client_id=web',
              },
            },
            response: {
              status: 400,
              headers: [],
              content: { mimeType: 'application/json', text: '{"error":"invalid_client"}' },
            },
          },
        ],
      },
    });
    expect(result.ok && result.report.failures[0]?.diagnoses[0]?.id).toBe(
      'oauth-client-auth-failed',
    );
  });
});

describe('a token request whose body the recording masked (Polly.JS [REDACTED])', () => {
  /** One POST as a Polly.JS recording keeps it: the form body replaced by [REDACTED]. */
  const polly = (url: string, status: number, body: string, contentType = FORM_TYPE) =>
    analyzeHar({
      log: {
        entries: [
          {
            startedDateTime: '2026-01-01T00:00:00Z',
            time: 10,
            request: {
              method: 'POST',
              url,
              headers: [{ name: 'content-type', value: contentType }],
              postData: { mimeType: contentType, params: [], text: '[REDACTED]' },
            },
            response: {
              status,
              headers: [{ name: 'content-type', value: 'application/json' }],
              content: { mimeType: 'application/json', text: body },
            },
          },
        ],
      },
    });
  const FORM_TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';
  // CrowdStrike's answer to a wrong API client secret (JupiterOne graph-crowdstrike recording).
  const REFUSED =
    '{"meta":{"query_time":0.16},"errors":[{"code":403,"message":"Failed to issue access token - Not Authorized"}]}';

  it('a 403 that refuses the token: oauth-client-auth-failed first, never no-credentials', () => {
    const result = polly('https://api.crowdstrike.example/oauth2/token', 403, REFUSED);
    const failure = result.ok ? result.failures[0]?.failure : undefined;
    expect(firstId(failure ?? null)).toBe('oauth-client-auth-failed');
    expect(ids(failure ?? null)).not.toContain('no-credentials');
    const evidence = find(failure ?? null, 'oauth-client-auth-failed')?.evidence.join('\n') ?? '';
    expect(evidence).toContain('masked by the recording');
    expect(evidence).toContain('Failed to issue access token');
  });

  it('a 403 invalid_grant at the token endpoint is a refused grant, not the client', () => {
    const result = polly(
      'https://login.example.test/oauth/token',
      403,
      '{"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}',
    );
    const failure = result.ok ? result.failures[0]?.failure : undefined;
    expect(ids(failure ?? null)).not.toContain('oauth-client-auth-failed');
  });

  it('the same masked POST to a path that is not a token endpoint is not a token request', () => {
    const exchange = (url: string, type = FORM_TYPE) =>
      createExchange({
        request: { method: 'POST', url, headers: headers({ 'Content-Type': type }) },
        response: { status: 403, body: REFUSED },
      });
    expect(isTokenEndpointRequest(exchange('https://api.example.test/oauth2/token'))).toBe(true);
    expect(isTokenEndpointRequest(exchange('https://idp.example.test/connect/token?x=1'))).toBe(
      true,
    );
    expect(
      isTokenEndpointRequest(exchange('https://github.example.test/login/oauth/access_token')),
    ).toBe(true);
    expect(isTokenEndpointRequest(exchange('https://api.example.test/orders'))).toBe(false);
    expect(isTokenEndpointRequest(exchange('https://api.example.test/tokens'))).toBe(false);
    expect(isTokenEndpointRequest(exchange('https://api.example.test/csrf-token/x'))).toBe(false);
    // JSON to a token path is some API's own scheme, not RFC 6749's form.
    expect(
      isTokenEndpointRequest(exchange('https://api.example.test/auth/token', 'application/json')),
    ).toBe(false);
    const get = createExchange({
      request: {
        method: 'GET',
        url: 'https://api.example.test/oauth2/token',
        headers: headers({ 'Content-Type': FORM_TYPE }),
      },
      response: { status: 403 },
    });
    expect(isTokenEndpointRequest(get)).toBe(false);
  });
});

describe('a token request sent as multipart/form-data (curl -F, Authlib #50)', () => {
  const BOUNDARY = '------------------------329be3b09d236e51';
  const multipart = (fields: Array<[string, string]>, file = false) =>
    `${fields.map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('')}${file ? `--${BOUNDARY}\r\nContent-Disposition: form-data; name="client_secret"; filename="s.txt"\r\nContent-Type: text/plain\r\n\r\nfile-body\r\n` : ''}--${BOUNDARY}--\r\n`;

  it('reads its fields as the token request (file parts skipped)', () => {
    const request = readTokenRequestBody(
      multipart(
        [
          ['grant_type', 'client_credentials'],
          ['client_id', 'svc'],
          ['scope', 'a b'],
        ],
        true,
      ),
    );
    expect(request).toMatchObject({
      grantType: 'client_credentials',
      clientId: 'svc',
      scope: 'a b',
    });
    expect(request?.clientSecret).toBeUndefined();
    expect(readTokenRequestBody(`--${BOUNDARY}\r\ngrant_type`)).toBeUndefined();
  });

  it('Basic Og== (empty id and secret) refused with Basic error="invalid_client": oauth-client-auth-failed', () => {
    const type = `multipart/form-data; boundary=${BOUNDARY}`;
    const result = analyzeHar({
      log: {
        entries: [
          {
            startedDateTime: '2019-06-08T00:36:34Z',
            time: 10,
            request: {
              method: 'POST',
              url: 'http://127.0.0.1:5000/oauth/token',
              headers: [
                { name: 'Authorization', value: 'Basic Og==' },
                { name: 'Content-Type', value: type },
              ],
              postData: {
                mimeType: type,
                text: multipart([
                  ['grant_type', 'password'],
                  ['username', ''],
                  ['password', 'valid'],
                  ['scope', 'profile'],
                ]),
              },
            },
            response: {
              status: 401,
              headers: [
                { name: 'Content-Type', value: 'application/json' },
                {
                  name: 'WWW-Authenticate',
                  value: 'Basic error="invalid_client", error_description=""',
                },
              ],
              content: { mimeType: 'application/json', text: '{"error": "invalid_client"}' },
            },
          },
        ],
      },
    });
    const failure = result.ok ? result.failures[0]?.failure : undefined;
    expect(ids(failure ?? null)).toContain('oauth-client-auth-failed');
    const evidence = find(failure ?? null, 'oauth-client-auth-failed')?.evidence.join('\n') ?? '';
    expect(evidence).toContain('grant_type=password');
    expect(evidence).toContain('an empty client id and an empty secret');
    expect(evidence).toContain('multipart/form-data');
    // The client was refused before any user's password was looked at; the empty Basic pair
    // is the client's, said by oauth-client-auth-failed first.
    expect(ids(failure ?? null)[0]).toBe('oauth-client-auth-failed');
    expect(ids(failure ?? null)).not.toContain('login-rejected');
    expect(find(failure ?? null, 'empty-credentials')?.confidence).toBe(0.9);
  });
});

describe('a password grant refused', () => {
  const grant = (status: number, body: string, challenge?: string) =>
    diagnose(
      createExchange({
        request: {
          method: 'POST',
          url: 'https://id.example.test/oauth/token',
          ...form('grant_type=password&client_id=app&username=ada&password=wrong-0001'),
        },
        response: {
          status,
          headers: headers(challenge ? { 'WWW-Authenticate': challenge } : {}),
          body,
        },
      }),
    );

  it("the user's password (invalid_grant, Keycloak's words): login-rejected", () => {
    const failure = grant(
      401,
      '{"error":"invalid_grant","error_description":"Invalid user credentials"}',
    );
    expect(ids(failure)).toContain('login-rejected');
  });

  it('the client (invalid_client): not login-rejected', () => {
    const failure = grant(401, '{"error":"invalid_client"}', 'Basic error="invalid_client"');
    expect(ids(failure)).toContain('oauth-client-auth-failed');
    expect(ids(failure)).not.toContain('login-rejected');
  });
});

describe('outside captures: refused refreshes', () => {
  const refresh = (token: string, status: number, body: string, time: number) =>
    createExchange({
      request: {
        method: 'POST',
        url: 'https://tenant.auth0.example/oauth/token',
        time,
        ...form(`grant_type=refresh_token&client_id=spa&refresh_token=${token}`),
      },
      response: { status, body, headers: headers({ 'Content-Type': 'application/json' }) },
    });
  const ok = (at: string, rt: string) =>
    `{"access_token":"${at}","refresh_token":"${rt}","expires_in":86400,"token_type":"Bearer"}`;
  const AUTH0_REFUSED =
    '{"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}';

  it('Auth0 answers a reused refresh token with 403 invalid_grant: refresh-token-reused on it', () => {
    const t0 = Date.UTC(2026, 0, 1);
    const failure = afterHistory(
      [
        refresh(
          'rt-one-0123456789abcdef',
          200,
          ok('at-two-0123456789abcdef', 'rt-two-0123456789abcdef'),
          t0,
        ),
      ],
      refresh('rt-one-0123456789abcdef', 403, AUTH0_REFUSED, t0 + 5000),
    );
    expect(firstId(failure)).toBe('refresh-token-reused');
    expect(JSON.stringify(failure)).not.toContain('rt-one-0123456789abcdef');
  });

  it('an Auth0 403 on a refresh token never exchanged here: refresh-failed, captured by default', () => {
    const result = analyzeHar({
      log: {
        entries: [
          {
            startedDateTime: '2026-01-01T00:00:00Z',
            time: 10,
            request: {
              method: 'POST',
              url: 'https://tenant.auth0.example/oauth/token',
              headers: [],
              postData: {
                mimeType: 'application/x-www-form-urlencoded',
                text: 'grant_type=refresh_token&client_id=spa&refresh_token=rt-old-0123456789abcdef',
              },
            },
            response: {
              status: 403,
              headers: [],
              content: { mimeType: 'application/json', text: AUTH0_REFUSED },
            },
          },
        ],
      },
    });
    expect(result.ok && result.report.failures[0]?.diagnoses[0]?.id).toBe('refresh-failed');
  });

  it('an access token no recorded answer issued: says the answers were recorded, only not its own', () => {
    const t0 = Date.UTC(2026, 0, 1);
    const api = createExchange({
      request: {
        url: 'https://api.example.test/me',
        time: t0 + 5000,
        headers: headers({ Authorization: 'Bearer at-from-before-0123456789' }),
      },
    });
    const refused = refresh('rt-old-0123456789abcdef', 400, AUTH0_REFUSED, t0);
    const withAnswer = find(afterHistory([refused], api), 'refresh-failed')?.evidence.join('\n');
    expect(withAnswer).toContain('the one token endpoint answer recorded here did not issue it');
    expect(withAnswer).not.toContain('cannot read');
    // The extension sees no bodies: then it says the answers are not in the capture.
    delete refused.response.body;
    const without = find(afterHistory([refused], api), 'refresh-failed')?.evidence.join('\n');
    expect(without).toContain("the token endpoint's answers are not in this capture");
  });

  it('a refused refresh more than half an hour before does not explain a 401', () => {
    const t0 = Date.UTC(2026, 0, 1);
    const failure = afterHistory(
      [refresh('rt-old-0123456789abcdef', 400, '{"error":"invalid_grant"}', t0)],
      createExchange({
        request: {
          url: 'https://api.example.test/me',
          time: t0 + 31 * 60_000,
          headers: headers({ Authorization: 'Bearer at-some-0123456789abcdef' }),
        },
      }),
    );
    expect(ids(failure)).not.toContain('refresh-failed');
  });

  it('a successful sign-in after the refused refresh ends its explanation', () => {
    const t0 = Date.UTC(2026, 0, 1);
    const signIn = createExchange({
      request: {
        method: 'POST',
        url: 'https://tenant.auth0.example/oauth/token',
        time: t0 + 1000,
        ...form('grant_type=authorization_code&code=code-0123456789&client_id=spa'),
      },
      response: { status: 200, body: ok('at-new-0123456789abcdef', 'rt-new-0123456789abcdef') },
    });
    const failure = afterHistory(
      [refresh('rt-old-0123456789abcdef', 400, '{"error":"invalid_grant"}', t0), signIn],
      createExchange({
        request: {
          url: 'https://api.example.test/me',
          time: t0 + 2000,
          headers: headers({ Authorization: 'Bearer at-new-0123456789abcdef' }),
        },
      }),
    );
    expect(ids(failure)).not.toContain('refresh-failed');
  });
});

describe('RFC 6749 §2.3.1: what the Basic password shows about form-urlencoding', () => {
  it('raw characters that decoding changes', () => {
    expect(formEncodingOf('Abcd+1234')).toEqual({ state: 'raw', characters: ['+'] });
    expect(formEncodingOf('a/b=c').characters).toEqual(['/', '=']);
    expect(formEncodingOf('pass word').characters).toEqual(['spaces']);
    expect(formEncodingOf('pässword').characters).toEqual(['non-ASCII characters']);
    expect(formEncodingOf('100%').state).toBe('raw');
  });

  it('encoded (AppAuth #337: z%2FtZ9...%3D) and plain', () => {
    expect(formEncodingOf('z%2FtZ9VwFZqApmIQ%2BZH1I5pLk%2FuB4ud%3AX2').state).toBe('encoded');
    expect(formEncodingOf('plain-secret_0123.x').state).toBe('plain');
  });
});

// RFC 9470 §3 and RFC 9449 §7.1, §9 give these answers as examples.
describe('step-up-required (RFC 9470)', () => {
  it('insufficient_user_authentication with acr_values: first, with the level asked for', () => {
    const failure = diagnose(
      createExchange({
        request: { headers: headers({ Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' }) },
        response: {
          headers: headers({
            'WWW-Authenticate':
              'Bearer error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="myACR"',
          }),
        },
      }),
    );
    expect(firstId(failure)).toBe('step-up-required');
    const found = find(failure, 'step-up-required');
    expect(found?.evidence.join('\n')).toContain('myACR');
    expect(found?.fixes[0]).toContain('acr_values=myACR');
  });

  it('max_age: says how old the sign-in was (auth_time)', () => {
    const authTime = Math.floor(Date.UTC(2026, 0, 1) / 1000) - 600;
    const token = fakeJwt({ sub: 'a', auth_time: authTime, exp: authTime + 3600 });
    const failure = diagnose(
      createExchange({
        request: { headers: headers({ Authorization: `Bearer ${token}` }) },
        response: {
          headers: headers({
            'WWW-Authenticate':
              'Bearer error="insufficient_user_authentication", error_description="More recent authentication is required", max_age="5"',
          }),
        },
      }),
    );
    expect(firstId(failure)).toBe('step-up-required');
    const evidence = find(failure, 'step-up-required')?.evidence.join('\n') ?? '';
    expect(evidence).toContain('max_age=5');
    expect(evidence).toContain('10 min');
  });
});

describe('dpop-proof-required (RFC 9449)', () => {
  it('use_dpop_nonce with a DPoP-Nonce header: retry with the nonce', () => {
    const failure = diagnose(
      createExchange({
        request: {
          headers: headers({
            Authorization: 'DPoP Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU',
            DPoP: fakeJwt(
              {
                jti: 'e1j3V_bKic8-LAEB',
                htm: 'GET',
                htu: 'https://api.example.test/resource',
                iat: 1562262618,
              },
              {
                typ: 'dpop+jwt',
                alg: 'ES256',
                jwk: {
                  kty: 'EC',
                  crv: 'P-256',
                  x: 'l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs',
                  y: '9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA',
                },
              },
            ),
          }),
        },
        response: {
          headers: headers({
            'WWW-Authenticate':
              'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
            'DPoP-Nonce': 'eyJ7S_zG.eyJH0-Z.HX4w-7v',
          }),
        },
      }),
    );
    expect(firstId(failure)).toBe('dpop-proof-required');
    expect(find(failure, 'dpop-proof-required')?.fixes[0]).toContain('nonce');
  });

  it('a DPoP-bound token (cnf.jkt) sent as Bearer, answered with a DPoP challenge', () => {
    const token = fakeJwt({
      sub: 'a',
      exp: Math.floor(Date.UTC(2026, 0, 1) / 1000) + 600,
      cnf: { jkt: '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I' },
    });
    const failure = diagnose(
      createExchange({
        request: { headers: headers({ Authorization: `Bearer ${token}` }) },
        response: { headers: headers({ 'WWW-Authenticate': 'DPoP algs="ES256 PS256"' }) },
      }),
    );
    expect(firstId(failure)).toBe('dpop-proof-required');
    expect(find(failure, 'dpop-proof-required')?.evidence.join('\n')).toContain(
      'sent with the Bearer scheme',
    );
  });

  it('Authorization: DPoP without a DPoP proof header', () => {
    const failure = diagnose(
      createExchange({
        request: { headers: headers({ Authorization: 'DPoP abcdefghijklmnopqrstuvwxyz0123' }) },
        response: {
          headers: headers({ 'WWW-Authenticate': 'DPoP error="invalid_token", algs="ES256"' }),
        },
      }),
    );
    expect(firstId(failure)).toBe('dpop-proof-required');
  });

  it('a plain Bearer token that is not bound: no DPoP diagnosis', () => {
    const failure = diagnose(
      createExchange({
        request: { headers: headers({ Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' }) },
        response: { headers: headers({ 'WWW-Authenticate': 'Bearer error="invalid_token"' }) },
      }),
    );
    expect(ids(failure)).not.toContain('dpop-proof-required');
  });
});

describe('RFC 9728: a challenge resource_metadata followed to the token endpoint', () => {
  // The documents and challenge of RFC 9728 §3.2 and §5.1 (the example's second server has
  // its RFC 8414 metadata seen; the first does not).
  const t0 = Date.UTC(2026, 0, 1);
  const PR_URL = 'https://resource.example.com/.well-known/oauth-protected-resource';
  const doc = (url: string, body: object, time: number) =>
    createExchange({
      request: { url, time },
      response: {
        status: 200,
        body: JSON.stringify(body),
        headers: headers({ 'Content-Type': 'application/json' }),
      },
    });
  const resourceDoc = doc(
    PR_URL,
    {
      resource: 'https://resource.example.com',
      authorization_servers: ['https://as1.example.com', 'https://as2.example.net'],
      bearer_methods_supported: ['header', 'body'],
      scopes_supported: ['profile', 'email', 'phone'],
    },
    t0,
  );
  const serverDoc = doc(
    'https://as2.example.net/.well-known/oauth-authorization-server',
    {
      issuer: 'https://as2.example.net',
      authorization_endpoint: 'https://as2.example.net/authorize',
      token_endpoint: 'https://as2.example.net/token',
    },
    t0 + 1000,
  );
  const failure = createExchange({
    request: { url: 'https://resource.example.com/resource', time: t0 + 2000 },
    response: {
      status: 401,
      headers: headers({ 'WWW-Authenticate': `Bearer resource_metadata="${PR_URL}"` }),
    },
  });
  const evidenceOf = (history: Exchange[]) =>
    afterHistory(history, failure)?.diagnoses[0]?.evidence.join('\n') ?? '';

  it('both documents seen (in either order): the evidence names the token endpoint', () => {
    for (const history of [
      [resourceDoc, serverDoc],
      [serverDoc, resourceDoc],
    ]) {
      const evidence = evidenceOf(history);
      expect(evidence).toContain(
        'its authorization server https://as2.example.net has the token endpoint https://as2.example.net/token',
      );
      expect(evidence).toContain('no token request was seen');
    }
  });

  it('only the resource document seen: says the server metadata was not seen', () => {
    expect(evidenceOf([resourceDoc])).toContain(
      'https://as1.example.com, https://as2.example.net, whose metadata was not seen',
    );
  });

  it('the resource document not seen: nothing is claimed', () => {
    expect(evidenceOf([serverDoc])).not.toContain('resource_metadata (RFC 9728)');
  });

  it('the chain in the context: a POST to that endpoint is then a token request', () => {
    const context = createContext();
    recordExchange(context, resourceDoc);
    recordExchange(context, serverDoc);
    recordExchange(context, failure);
    expect(tokenEndpointOfResource(context.oauth, PR_URL)).toEqual({
      issuer: 'https://as2.example.net',
      tokenEndpoint: 'https://as2.example.net/token',
    });
    const post = createExchange({
      request: { method: 'POST', url: 'https://as2.example.net/token', time: t0 + 3000 },
      response: { status: 400 },
    });
    expect(isTokenEndpointRequest(post, context)).toBe(true);
    expect(resourceMetadataOf(failure)).toBe(PR_URL);
  });
});

describe('recorded from oidc-provider: access token expired, refresh and retry (oauth-refresh-and-retry.har)', () => {
  const har = readHar('oauth-refresh-and-retry');

  it('the flow goes on after the 401: the refresh, then the retry that worked', () => {
    const failures = analysed(har).failures;
    // The retry succeeded: the expired call is the only failure.
    expect(failures.map(({ failure }) => failure.status)).toEqual([401]);
    const flow = failures[0]?.failure.flow ?? [];
    expect(flow.slice(-3).map((s) => `${s.kind}${s.current ? '*' : ''}:${s.status}`)).toEqual([
      'failure*:401',
      'token:200',
      'api:200',
    ]);
    expect(flow.at(-2)?.note).toBe('refresh_token → 200');
    const text = JSON.stringify(flow);
    for (const secret of secretsOf(har)) expect(text).not.toContain(secret);
  });

  it('without response bodies (what the extension sees) the refresh and retry still follow', () => {
    const flow = analysed(withoutBodies(har)).failures[0]?.failure.flow ?? [];
    expect(flow.slice(-3).map((s) => s.kind)).toEqual(['failure', 'token', 'api']);
  });
});

describe('recorded from oidc-provider: a refused code exchange named (oauth-pkce-mismatch.har, oauth-redirect-uri-mismatch.har)', () => {
  // oidc-provider answers both with the same words ("grant request is invalid"): what went
  // wrong is read from the capture, against the authorize request of the same flow.
  const cases = [
    {
      file: 'oauth-pkce-mismatch',
      note: "authorization_code → 400 invalid_grant (code_verifier does not match the authorize request's code_challenge)",
      evidence:
        "its code_verifier does not answer the authorize request's code_challenge (RFC 7636 S256, computed here)",
      not: "is not the authorize request's",
    },
    {
      file: 'oauth-redirect-uri-mismatch',
      note: /^authorization_code → 400 invalid_grant \(redirect_uri is not the authorize request's http:\/\/127\.0\.0\.1:\d+\/callback\)$/,
      evidence:
        /its redirect_uri http:\/\/127\.0\.0\.1:\d+\/callback\/ is not the authorize request's http:\/\/127\.0\.0\.1:\d+\/callback, and RFC 6749 §4\.1\.3/,
      not: 'code_verifier does not',
    },
  ];

  for (const { file, note, evidence, not } of cases) {
    const har = readHar(file);

    it(`${file}: the flow view names the 400 at the token endpoint, before the 401`, () => {
      const failures = analysed(har).failures;
      // The 400 is the token endpoint's; the failure listed is the API's 401 after it.
      expect(failures.map(({ failure }) => failure.status)).toEqual([401]);
      const flow = failures[0]?.failure.flow ?? [];
      expect(flow.slice(-2).map((s) => `${s.kind}${s.current ? '*' : ''}:${s.status}`)).toEqual([
        'token:400',
        'failure*:401',
      ]);
      expect(flow.at(-2)?.note).toMatch(note);
      expect(flow.at(-2)?.note).not.toContain(not);
      const text = JSON.stringify(flow);
      for (const secret of secretsOf(har)) expect(text).not.toContain(secret);
    });

    it(`${file}: the 401's first diagnosis says why the code exchange was refused`, () => {
      const failure = topOf(har, '/api/profile');
      expect(firstId(failure ?? null)).toBe('no-credentials');
      const lines = failure?.diagnoses[0]?.evidence.join('\n') ?? '';
      expect(lines).toMatch(evidence);
      expect(lines).not.toContain(not);
    });

    it(`${file}: without response bodies (the extension) it is named the same`, () => {
      const failure = topOf(withoutBodies(har), '/api/profile');
      expect(failure?.flow?.at(-2)?.note).toMatch(
        typeof note === 'string' ? note.replace(' invalid_grant', '') : /redirect_uri is not/,
      );
      expect(failure?.diagnoses[0]?.evidence.join('\n')).toMatch(evidence);
    });
  }

  it('a code exchange whose verifier and redirect_uri match is not said to mismatch', () => {
    // RFC 7636 Appendix B's pair; the exchange is refused for another reason (an old code).
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    const callback = 'https://app.example.test/callback';
    const context = createContext();
    const t0 = Date.UTC(2026, 0, 1);
    recordExchange(
      context,
      createExchange({
        request: {
          url: `https://login.example.test/authorize?client_id=spa&response_type=code&redirect_uri=${encodeURIComponent(callback)}&state=s-0123&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256`,
          time: t0,
        },
        response: { status: 302 },
      }),
    );
    const exchangeCode = (body: string, time: number) =>
      createExchange({
        request: { method: 'POST', url: TOKEN_URL, time, ...form(body) },
        response: {
          status: 400,
          body: '{"error":"invalid_grant"}',
          headers: headers({ 'Content-Type': 'application/json' }),
        },
      });
    const base = `grant_type=authorization_code&client_id=spa&code=code-0123456789abcdef&redirect_uri=${encodeURIComponent(callback)}`;
    recordExchange(context, exchangeCode(`${base}&code_verifier=${verifier}`, t0 + 1000));
    expect(context.oauth?.tokenRequests.at(-1)?.authorizeMismatch).toBeUndefined();
    expect(context.oauth?.steps.at(-1)?.note).toBe('authorization_code → 400 invalid_grant');
    // No verifier at all for a challenge: said so.
    recordExchange(context, exchangeCode(base, t0 + 2000));
    expect(context.oauth?.tokenRequests.at(-1)?.authorizeMismatch).toEqual({
      codeVerifier: 'missing',
    });
    // The stored trace of the exchange keeps no verifier, raw or hashed.
    expect(JSON.stringify(context)).not.toContain(verifier);
  });
});

describe('flow view: the refresh and retry after the failure', () => {
  const t0 = Date.UTC(2026, 0, 1);
  const TOKEN = 'https://login.example.test/oauth/token';
  const ok = (at: string, rt: string) =>
    `{"access_token":"${at}","refresh_token":"${rt}","expires_in":300,"token_type":"Bearer"}`;
  const tokenCall = (id: number, body: string, answer: string, time: number) =>
    createExchange({
      id: String(id),
      request: { method: 'POST', url: TOKEN, time, ...form(body) },
      response: {
        status: 200,
        body: answer,
        headers: headers({ 'Content-Type': 'application/json' }),
      },
    });
  const api = (id: number, at: string, status: number, time: number) =>
    createExchange({
      id: String(id),
      request: {
        url: 'https://api.example.test/me',
        time,
        headers: headers({ Authorization: `Bearer ${at}` }),
      },
      response: {
        status,
        headers:
          status === 401
            ? headers({
                'WWW-Authenticate': 'Bearer error="invalid_token", error_description="expired"',
              })
            : headers({}),
      },
    });
  const run = (exchanges: Exchange[]) => {
    const failures: Failure[] = [];
    const analyzer = createHarAnalyzer(undefined, (_i, failure) => failures.push(failure));
    for (const e of exchanges) analyzer.add(e);
    analyzer.finish();
    return failures;
  };
  const signIn = tokenCall(
    0,
    'grant_type=authorization_code&code=code-0123456789abcdef&client_id=spa',
    ok('at-one-0123456789abcdef', 'rt-one-0123456789abcdef'),
    t0,
  );
  const refresh = tokenCall(
    3,
    'grant_type=refresh_token&refresh_token=rt-one-0123456789abcdef&client_id=spa',
    ok('at-two-0123456789abcdef', 'rt-two-0123456789abcdef'),
    t0 + 301_000,
  );

  it('failure → refresh → retry: the steps after the failure follow it', () => {
    const [failure] = run([
      signIn,
      api(1, 'at-one-0123456789abcdef', 200, t0 + 1000),
      api(2, 'at-one-0123456789abcdef', 401, t0 + 300_000),
      refresh,
      api(4, 'at-two-0123456789abcdef', 200, t0 + 302_000),
      api(5, 'at-two-0123456789abcdef', 200, t0 + 303_000),
    ]);
    const flow = failure?.flow ?? [];
    expect(flow.map((s) => `${s.kind}${s.current ? '*' : ''}:${s.status}`)).toEqual([
      'token:200',
      'api:200',
      'failure*:401',
      'token:200',
      'api:200',
    ]);
    expect(flow[3]?.note).toContain('refresh_token');
    expect(JSON.stringify(flow)).not.toContain('rt-one-0123456789abcdef');
  });

  it('no refresh after the failure: the flow ends with it', () => {
    const [failure] = run([
      signIn,
      api(2, 'at-one-0123456789abcdef', 401, t0 + 300_000),
      api(3, 'at-one-0123456789abcdef', 200, t0 + 301_000),
    ]);
    expect(failure?.flow?.at(-1)?.current).toBe(true);
  });

  it('a refresh long after the failure is not its refresh', () => {
    const late = { ...refresh, request: { ...refresh.request, time: t0 + 600_000 } };
    const [failure] = run([signIn, api(2, 'at-one-0123456789abcdef', 401, t0 + 300_000), late]);
    expect(failure?.flow?.at(-1)?.current).toBe(true);
  });
});
