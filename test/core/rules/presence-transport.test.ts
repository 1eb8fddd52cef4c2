// Catalogue family "Presence and transport" (docs/diagnoses.md). Hand-built exchanges; the
// recorded browser ones (cookies across two origins, redirects) are in test/core/har/.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/core/diagnose';
import { readTokenRequestBody } from '../../../src/core/oauth/token-request';
import {
  afterHistory,
  createExchange,
  failed,
  fakeJwt,
  find,
  firstId,
  headers,
  ids,
} from '../support/build';

const T = Date.UTC(2026, 0, 1);

describe('presence-transport', () => {
  it('no-credentials: nothing identifies the caller (the missing Authorization header)', () => {
    const failure = diagnose(
      failed({ Accept: 'application/json' }, { 'WWW-Authenticate': 'Bearer realm="api"' }),
    );
    expect(firstId(failure)).toBe('no-credentials');
    const d = find(failure, 'no-credentials');
    expect(d?.evidence).toContain('No Authorization header');
    expect(d?.fixes[0]).toContain('Authorization: Bearer');
  });

  it('a token request carries its credentials in the body: never no-credentials', () => {
    // Casdoor / Google / Auth0 style: the client secret, a client assertion or a refresh token in
    // the form body, no Authorization header, no cookie (and a stripped HAR, as those were).
    for (const body of [
      'grant_type=client_credentials&client_id=app&client_secret=s3cr3t-s3cr3t',
      'grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=eyJhbGciOiJSUzI1NiJ9.e30.c2ln',
      'grant_type=refresh_token&client_id=spa&refresh_token=v1.refresh-token-value',
    ]) {
      const tokenRequest = readTokenRequestBody(body);
      const failure = diagnose(
        createExchange({
          request: {
            method: 'POST',
            url: 'https://idp.example.test/oauth/token',
            headers: headers({ 'Content-Type': 'application/x-www-form-urlencoded' }),
            ...(tokenRequest ? { tokenRequest } : {}),
          },
          response: { status: 401, body: '{"error":"invalid_client"}' },
          gaps: { strippedHeaders: ['authorization', 'cookie', 'set-cookie'] },
        }),
      );
      expect(failure, body).not.toBeNull();
      expect(ids(failure), body).not.toContain('no-credentials');
    }
  });

  it('no-credentials with a stripped HAR says so and is less sure', () => {
    const failure = diagnose(
      failed(
        {},
        { 'WWW-Authenticate': 'Bearer realm="api"' },
        { gaps: { strippedHeaders: ['authorization', 'cookie', 'set-cookie'] } },
      ),
    );
    const d = find(failure, 'no-credentials');
    expect(d?.confidence).toBeLessThan(0.85);
    expect(d?.evidence.join('\n')).toContain('sanitized HAR');
    expect(failure?.notes.join('\n')).toContain('removed');
  });

  it('credentials-not-forwarded: login worked, the token is not sent on a later request', () => {
    const token = 'Bearer opaque-0123456789abcdefghijklmnop';
    const ok = createExchange({
      request: {
        url: 'https://api.example.test/me',
        headers: headers({ Authorization: token }),
        time: T,
      },
      response: { status: 200 },
    });
    const later = failed(
      {},
      { 'WWW-Authenticate': 'Bearer realm="api"' },
      { request: { url: 'https://api.example.test/orders', time: T + 5000 } },
    );
    const failure = afterHistory([ok], later);
    expect(firstId(failure)).toBe('credentials-not-forwarded');
    const evidence = find(failure, 'credentials-not-forwarded')?.evidence.join('\n') ?? '';
    expect(evidence).toContain('That credential worked: 200');
    expect(evidence).not.toContain('opaque-0123456789abcdefghijklmnop');
    expect(ids(failure)).toContain('no-credentials');
  });

  it('custom carriers: a header of any name holding a JWT or a long opaque token is a credential', () => {
    for (const [name, value] of [
      ['token', fakeJwt({ sub: 'a' })],
      ['x-token', 'Zk3qP9vL2mX7rT4wB8nC1dF6gH0jK5sQ'],
      ['session-id', 'a8Fk2Lm9Qp3Rs7Tv1Wx5Yz0Bc4De6Gh8'],
      ['x-goog-api-key', 'AIzaSyFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE'],
    ] as const) {
      const failure = diagnose(failed({ [name]: value }, {}));
      expect(ids(failure), name).not.toContain('no-credentials');
      expect(
        failure?.credentials.map((c) => c.where),
        name,
      ).toContain(`${name} header`);
    }
    // A request id looks random but identifies the request, not the caller.
    const traced = diagnose(failed({ 'X-Request-Id': 'Zk3qP9vL2mX7rT4wB8nC1dF6gH0jK5sQ' }, {}));
    expect(ids(traced)).toContain('no-credentials');
  });

  it("a library's product/version header is no carrier (supabase-js's X-Client-Info)", () => {
    for (const value of [
      'supabase-js-web/2.42.0',
      'postgrest-js/1.15.2-rc.1',
      'my_client.sdk/v10.3.12',
    ]) {
      const failure = diagnose(failed({ 'X-Client-Info': value }, {}));
      expect(failure?.credentials.map((c) => c.where) ?? [], value).not.toContain(
        'X-Client-Info header',
      );
      expect(ids(failure), value).toContain('no-credentials');
    }
    // Base64 with a slash is still a token: no dotted version after it.
    const token = diagnose(failed({ 'X-Client-Info': 'Zk3qP9vL2mX7rT4w/B8nC1dF6gH0jK5sQ' }, {}));
    expect(ids(token)).not.toContain('no-credentials');
  });

  it('a carrier header sent empty after it carried a token: empty-credentials, not no-credentials', () => {
    const value = 'Zk3qP9vL2mX7rT4wB8nC1dF6gH0jK5sQ';
    const ok = createExchange({
      request: {
        url: 'https://api.example.test/me',
        headers: headers({ 'x-token': value }),
        time: T,
      },
      response: { status: 200 },
    });
    const later = failed(
      { 'x-token': '' },
      {},
      { request: { url: 'https://api.example.test/orders', time: T + 5000 } },
    );
    const failure = afterHistory([ok], later);
    expect(ids(failure)).not.toContain('no-credentials');
    expect(ids(failure).slice(0, 2)).toEqual(
      expect.arrayContaining(['empty-credentials', 'credentials-not-forwarded']),
    );
    expect(find(failure, 'credentials-not-forwarded')?.evidence.join('\n')).toContain(
      'sends the x-token header empty',
    );
    expect(JSON.stringify(failure)).not.toContain(value);
  });

  it('redirect-dropped-credentials: Authorization lost on a cross-origin 307', () => {
    const failure = diagnose(
      failed(
        {},
        { 'WWW-Authenticate': 'Bearer realm="api"' },
        {
          request: {
            url: 'https://api2.example.test/v1/me',
            redirectChain: [
              {
                method: 'GET',
                url: 'https://api.example.test/v1/me',
                status: 307,
                requestHeaders: headers({ Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123' }),
              },
            ],
          },
        },
      ),
    );
    expect(firstId(failure)).toBe('redirect-dropped-credentials');
  });

  it('redirect-dropped-credentials on the same origin: a client that drops Authorization on every redirect', () => {
    // .NET HttpClient (AllowAutoRedirect) removes Authorization even on a same-origin redirect,
    // such as a trailing-slash one; the earlier request's credential is what the redirect lost.
    const failure = diagnose(
      failed(
        {},
        { 'WWW-Authenticate': 'Bearer realm="api"' },
        {
          request: {
            url: 'https://api.example.test/v1/me/?a=1',
            redirectChain: [
              {
                method: 'GET',
                url: 'https://api.example.test/v1/me?a=1',
                status: 307,
                requestHeaders: headers({ Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' }),
              },
            ],
          },
        },
      ),
    );
    expect(firstId(failure)).toBe('redirect-dropped-credentials');
    const d = find(failure, 'redirect-dropped-credentials');
    expect(d?.confidence).toBeLessThan(0.95);
    expect(d?.evidence.join(' ')).toContain('a trailing slash added');
    expect(d?.evidence.join(' ')).toContain('every redirect');
    expect(d?.fixes[0]).toContain('with the trailing slash');
  });

  it('same-origin redirect-dropped-credentials ranks above credentials-not-forwarded', () => {
    // The redirect as two entries of a file (how HAR exports record hops): the fold sees the
    // first, which carried the header, and the history has it as the origin's credential.
    const first = createExchange({
      request: {
        url: 'http://api.example.test:8090/auth/check/',
        time: T,
        headers: headers({ Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' }),
      },
      response: {
        status: 301,
        headers: headers({ Location: 'http://api.example.test:8090/auth/check' }),
      },
    });
    // The token worked a moment before, and the server asks for Bearer: credentials-not-forwarded
    // alone would be sure (0.95) of a header the code forgot.
    const worked = createExchange({
      request: {
        url: 'http://api.example.test:8090/items',
        time: T - 1000,
        headers: headers({ Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' }),
      },
      response: { status: 200 },
    });
    const failure = afterHistory(
      [worked, first],
      createExchange({
        request: { url: 'http://api.example.test:8090/auth/check', time: T + 1 },
        response: { status: 401, headers: headers({ 'WWW-Authenticate': 'Bearer realm="api"' }) },
      }),
    );
    expect(firstId(failure)).toBe('redirect-dropped-credentials');
    expect(find(failure, 'redirect-dropped-credentials')?.evidence.join(' ')).toContain(
      'the trailing slash removed',
    );
    const notForwarded = find(failure, 'credentials-not-forwarded');
    expect(notForwarded?.confidence ?? 0).toBeLessThan(
      find(failure, 'redirect-dropped-credentials')?.confidence ?? 0,
    );
  });

  it('a same-origin redirect whose follow-up kept Authorization is not redirect-dropped-credentials', () => {
    const failure = diagnose(
      failed(
        { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' },
        {},
        {
          request: {
            url: 'https://api.example.test/v2/me',
            redirectChain: [
              {
                method: 'GET',
                url: 'https://api.example.test/v1/me',
                status: 301,
                requestHeaders: headers({ Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' }),
              },
            ],
          },
        },
      ),
    );
    expect(ids(failure)).not.toContain('redirect-dropped-credentials');
  });

  it('cors-credentials-not-sent: cross-origin fetch without cookies to a cookie-auth host', () => {
    const login = createExchange({
      request: { url: 'http://127.0.0.1:4001/login', method: 'POST', time: T },
      response: {
        status: 200,
        headers: headers({
          'Set-Cookie': 'sid=FAKE-session-0123456789; Path=/; HttpOnly; SameSite=None; Secure',
        }),
      },
    });
    const call = failed(
      { Origin: 'http://localhost:4000', 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'cors' },
      {
        'Access-Control-Allow-Origin': 'http://localhost:4000',
        'Access-Control-Allow-Credentials': 'true',
      },
      { request: { url: 'http://127.0.0.1:4001/api/me', time: T + 1000 } },
    );
    const failure = afterHistory([login], call);
    expect(firstId(failure)).toBe('cors-credentials-not-sent');
    expect(find(failure, 'cors-credentials-not-sent')?.evidence.join('\n')).toContain(
      'set cookie sid',
    );
  });

  it('cookie-blocked: a SameSite=Lax session cookie is not sent on a cross-site fetch', () => {
    const login = createExchange({
      request: { url: 'http://127.0.0.1:4001/login', method: 'POST', time: T },
      response: {
        status: 200,
        headers: headers({
          'Set-Cookie': 'session=FAKE-0123456789; Path=/; HttpOnly; SameSite=Lax',
        }),
      },
    });
    const call = failed(
      { Origin: 'http://localhost:4000', 'Sec-Fetch-Site': 'cross-site' },
      {
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Origin': 'http://localhost:4000',
      },
      { request: { url: 'http://127.0.0.1:4001/api/me', time: T + 1000 } },
    );
    const failure = afterHistory([login], call);
    expect(firstId(failure)).toBe('cookie-blocked');
    expect(find(failure, 'cookie-blocked')?.evidence.join('\n')).toContain('SameSite=Lax');
  });

  it('cookie-blocked: a Secure cookie over plain http to a remote host', () => {
    const login = createExchange({
      request: { url: 'https://app.example.test/login', time: T },
      response: {
        status: 200,
        headers: headers({ 'Set-Cookie': 'sid=FAKE-0123456789; Path=/; Secure' }),
      },
    });
    const failure = afterHistory(
      [login],
      failed({}, {}, { request: { url: 'http://app.example.test/api', time: T + 1000 } }),
    );
    expect(firstId(failure)).toBe('cookie-blocked');
    expect(find(failure, 'cookie-blocked')?.evidence.join('\n')).toContain('Secure');
  });

  it('cookie-blocked: Path does not cover the request', () => {
    const login = createExchange({
      request: { url: 'https://app.example.test/admin/login', time: T },
      response: {
        status: 200,
        headers: headers({ 'Set-Cookie': 'sid=FAKE-0123456789; Path=/admin' }),
      },
    });
    const failure = afterHistory(
      [login],
      failed({}, {}, { request: { url: 'https://app.example.test/api/me', time: T + 1000 } }),
    );
    expect(find(failure, 'cookie-blocked')?.evidence.join('\n')).toContain('Path=/admin');
  });

  it('preflight-unauthorized: OPTIONS with Access-Control-Request-Method answered 401', () => {
    const failure = diagnose(
      createExchange({
        request: {
          method: 'OPTIONS',
          headers: headers({
            Origin: 'http://localhost:4000',
            'Access-Control-Request-Method': 'GET',
            'Access-Control-Request-Headers': 'authorization',
          }),
        },
        response: { status: 401, headers: headers({ 'WWW-Authenticate': 'Bearer realm="api"' }) },
      }),
    );
    expect(firstId(failure)).toBe('preflight-unauthorized');
    expect(ids(failure)).not.toContain('no-credentials');
  });

  it('insecure-transport: credentials over http to a remote host (warning); loopback is fine', () => {
    const remote = diagnose(
      failed(
        { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123' },
        { 'WWW-Authenticate': 'Bearer realm="api"' },
        { request: { url: 'http://api.example.test/x' } },
      ),
    );
    expect(find(remote, 'insecure-transport')?.severity).toBe('warning');
    const local = diagnose(
      failed(
        { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123' },
        {},
        { request: { url: 'http://127.0.0.1:8080/x' } },
      ),
    );
    expect(ids(local)).not.toContain('insecure-transport');
  });

  it('insecure-transport: a token request carries its credentials in the form body; "HTTPS required" makes it the cause', () => {
    // Keycloak answers 403 invalid_request "HTTPS required" to plain http from a non-private
    // address (its realms' Require SSL mode, external requests by default).
    const secret = 's3cr3t-client-secret-value';
    const password = 'hunter2-password-value';
    const body = `grant_type=password&client_id=app&client_secret=${secret}&username=demo&password=${password}`;
    const tokenRequest = readTokenRequestBody(body);
    const exchange = (url: string, answer: string) =>
      createExchange({
        request: {
          method: 'POST',
          url,
          headers: headers({ 'Content-Type': 'application/x-www-form-urlencoded' }),
          ...(tokenRequest ? { tokenRequest } : {}),
        },
        response: {
          status: 403,
          headers: headers({ 'Content-Type': 'application/json' }),
          body: answer,
        },
      });
    const refused = diagnose(
      exchange(
        'http://sso.example.test:8080/realms/demo/protocol/openid-connect/token',
        '{"error":"invalid_request","error_description":"HTTPS required"}',
      ),
    );
    expect(firstId(refused)).toBe('insecure-transport');
    const d = find(refused, 'insecure-transport');
    expect(d?.severity).toBe('error');
    expect(d?.evidence.join(' ')).toContain("the client secret, the user's password");
    expect(d?.evidence.join(' ')).toContain('"HTTPS required"');
    expect(d?.fixes.join(' ')).toContain('Require SSL');
    expect(ids(refused)).toContain('invalid-request');
    expect(JSON.stringify(refused)).not.toContain(secret);
    expect(JSON.stringify(refused)).not.toContain(password);

    // The body's credentials over http are worth a warning even when the server takes them.
    const other = diagnose(
      exchange('http://idp.example.test/oauth/token', '{"error":"invalid_grant"}'),
    );
    expect(find(other, 'insecure-transport')?.severity).toBe('warning');
    expect(find(other, 'insecure-transport')?.evidence.join(' ')).toContain('the client secret');
    // Loopback and https: nothing to say about the transport, even with the same words.
    for (const url of [
      'http://127.0.0.1:8080/realms/demo/protocol/openid-connect/token',
      'https://sso.example.test/realms/demo/protocol/openid-connect/token',
    ])
      expect(
        ids(
          diagnose(exchange(url, '{"error":"invalid_request","error_description":"SSL required"}')),
        ),
        url,
      ).not.toContain('insecure-transport');
  });

  it('hand-built: insecure-transport ranks first when it is the only finding besides the fallback', () => {
    const failure = diagnose(
      failed(
        { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123' },
        { 'WWW-Authenticate': 'Bearer realm="x"' },
        {
          request: { url: 'http://api.example.test/x' },
        },
      ),
    );
    expect(firstId(failure)).toBe('insecure-transport');
  });
});

describe('presence-transport: navigations are not CORS requests', () => {
  it('a cross-site top-level navigation without cookies is not cors-credentials-not-sent', () => {
    const login = createExchange({
      request: { url: 'https://app.example.test/login', time: Date.UTC(2026, 0, 1) },
      response: {
        status: 200,
        headers: headers({ 'Set-Cookie': 'sid=FAKE-0123456789; Path=/; SameSite=Lax' }),
      },
    });
    const navigation = failed(
      {
        Referer: 'https://other.test/',
        'Sec-Fetch-Mode': 'navigate',
        'Sec-Fetch-Site': 'cross-site',
        'Sec-Fetch-Dest': 'document',
      },
      {},
      {
        request: {
          url: 'https://app.example.test/account',
          type: 'document',
          time: Date.UTC(2026, 0, 1) + 1000,
        },
      },
    );
    const failure = afterHistory([login], navigation);
    expect(ids(failure)).not.toContain('cors-credentials-not-sent');
    // Lax allows top-level GET navigations: not the reason either.
    expect(find(failure, 'cookie-blocked')).toBeUndefined();
  });
});
