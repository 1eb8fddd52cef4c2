// Catalogue family "Across requests" (docs/diagnoses.md): the context remembers what came
// before on the same origin. Hand-built sequences.
import { describe, expect, it } from 'vitest';
import { createContext, recordExchange } from '../../../src/core/context';
import { diagnose } from '../../../src/core/diagnose';
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
const token = 'Bearer opaque-0123456789abcdefghijklmnop';

describe('across-requests', () => {
  it('credential-stopped-working: the same token got 200, now 401', () => {
    const ok = createExchange({
      request: { headers: headers({ Authorization: token }), time: T },
      response: { status: 200 },
    });
    const now = failed(
      { Authorization: token },
      { 'WWW-Authenticate': 'Bearer realm="api"' },
      { request: { time: T + 3_600_000 } },
    );
    const failure = afterHistory([ok], now);
    expect(firstId(failure)).toBe('credential-stopped-working');
    expect(find(failure, 'credential-stopped-working')?.evidence.join('\n')).toContain('1 h later');
  });

  it('a different token is not "the same credential"', () => {
    const ok = createExchange({
      request: { headers: headers({ Authorization: token }), time: T },
      response: { status: 200 },
    });
    const now = failed(
      { Authorization: 'Bearer other-0123456789abcdefghijklmnop' },
      {},
      { request: { time: T + 1000 } },
    );
    expect(ids(afterHistory([ok], now))).not.toContain('credential-stopped-working');
  });

  describe('a 403 refusing permission on another path is not "stopped working" (Supabase)', () => {
    const key = { apikey: fakeJwt({ iss: 'supabase-demo', role: 'anon' }) };
    const call = (path: string, status: number, body: string, at: number) =>
      createExchange({
        request: { url: `http://127.0.0.1:54321${path}`, headers: headers(key), time: at },
        response: {
          status,
          headers: headers({ 'Content-Type': 'application/json' }),
          body,
        },
      });
    const ok = call('/rest/v1/profiles', 200, '[]', T);

    it("the anon key worked on /rest/v1, and /auth/v1/admin says 'User not allowed'", () => {
      const failure = afterHistory(
        [ok],
        call(
          '/auth/v1/admin/users',
          403,
          '{"code":403,"error_code":"not_admin","msg":"User not allowed"}',
          T + 1000,
        ),
      );
      expect(ids(failure)).not.toContain('credential-stopped-working');
    });

    it('the same path, a 401, or words about the credential: still stopped working', () => {
      const denied = '{"msg":"User not allowed"}';
      for (const [path, status, body] of [
        ['/rest/v1/profiles', 403, denied],
        ['/auth/v1/admin/users', 401, denied],
        ['/auth/v1/admin/users', 403, '{"msg":"Invalid API key"}'],
      ] as const) {
        const failure = afterHistory([ok], call(path, status, body, T + 1000));
        expect(ids(failure), `${path} ${status} ${body}`).toContain('credential-stopped-working');
      }
    });
  });

  it('session-expired: the session cookie that worked is refused and the server clears it', () => {
    const cookie = 'connect.sid=s%3AFAKE-session-0123456789';
    const ok = createExchange({
      request: { headers: headers({ Cookie: cookie }), time: T },
      response: { status: 200 },
    });
    const now = createExchange({
      request: { headers: headers({ Cookie: cookie }), time: T + 1_800_000 },
      response: {
        status: 401,
        headers: headers({
          'Set-Cookie': 'connect.sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
        }),
      },
    });
    const failure = afterHistory([ok], now);
    expect(firstId(failure)).toBe('session-expired');
    const evidence = find(failure, 'session-expired')?.evidence.join('\n') ?? '';
    expect(evidence).toContain('clears cookie connect.sid');
    expect(evidence).not.toContain('FAKE-session');
  });

  it.each([
    ['sid=; Max-Age=0', 'Max-Age=0'],
    ['sid=; MAX-AGE=0', 'Max-Age=0'],
    ['sid=; Max-Age=-1; Path=/', 'Max-Age=-1'],
    ['sid=; Max-Age= 0', 'Max-Age=0'],
    ['sid=; Max-Age=5; max-age=0', 'Max-Age=0'],
    ['sid=x; EXPIRES=Thu, 01 Jan 1970 00:00:00 GMT', 'Expires 1970-01-01 00:00:00 UTC'],
  ])('session-expired: the response clears the session cookie (%s)', (line, said) => {
    const failure = diagnose(failed({}, { 'Set-Cookie': line }, { request: { time: T } }));
    expect(find(failure, 'session-expired')?.evidence).toContain(
      `This response clears cookie sid: ${said}`,
    );
  });

  it.each([
    'sid=abc; Max-Age=86400',
    'sid=abc; Max-Age=1',
    'sid=abc; Max-Age=9x',
    'sid=abc; Path=/',
    'sid=; Max-Age=5; max-age=60',
  ])('session-expired: a Set-Cookie that keeps the cookie is no clearing (%s)', (line) => {
    const failure = diagnose(failed({}, { 'Set-Cookie': line }, { request: { time: T } }));
    expect(ids(failure)).not.toContain('session-expired');
  });

  // Spring Security's resource server answers a request without a token with
  // `WWW-Authenticate: Bearer` (BearerTokenAuthenticationEntryPoint), and the same app's pages
  // carry its JSESSIONID: a single-page app that forgot to attach the token is not a session
  // that ended.
  describe('a session cookie and a challenge for a header the request did not send', () => {
    const cookie = 'JSESSIONID=FAKE0123456789ABCDEF0123456789AB';
    const accepted = (url: string) =>
      createExchange({
        request: { url, headers: headers({ Cookie: cookie }), time: T },
        response: { status: 200 },
      });
    const refused = (challenge: Record<string, string>) =>
      createExchange({
        request: {
          url: 'https://app.example.test/api/me',
          headers: headers({ Cookie: cookie }),
          time: T + 60_000,
        },
        response: { status: 401, headers: headers(challenge) },
      });

    it('a page that answered 200 with the cookie does not make it session-expired', () => {
      const failure = afterHistory(
        [accepted('https://app.example.test/')],
        refused({ 'WWW-Authenticate': 'Bearer' }),
      );
      expect(ids(failure)).not.toContain('session-expired');
      expect(firstId(failure)).toBe('credentials-rejected');
      expect(find(failure, 'credentials-rejected')?.evidence.join('\n')).toContain(
        'The server asks for Bearer (WWW-Authenticate: Bearer) and the request sent no Authorization header, only cookies',
      );
    });

    it('the cookie alone accepted under the same path (/api): session-expired, as a possibility', () => {
      const failure = afterHistory(
        [accepted('https://app.example.test/api/orders')],
        refused({ 'WWW-Authenticate': 'Bearer' }),
      );
      const found = find(failure, 'session-expired');
      expect(found?.confidence).toBe(0.6);
      expect(found?.evidence.join('\n')).toContain(
        'But the server asks for Bearer, which this request did not send',
      );
    });

    it('without a challenge, the page that accepted the cookie is still evidence', () => {
      const failure = afterHistory([accepted('https://app.example.test/')], refused({}));
      expect(firstId(failure)).toBe('session-expired');
      expect(find(failure, 'credentials-rejected')).toBeUndefined();
    });

    it('a challenge with an unregistered scheme says nothing about a header', () => {
      const failure = afterHistory(
        [accepted('https://app.example.test/')],
        refused({ 'WWW-Authenticate': 'FormBased' }),
      );
      expect(firstId(failure)).toBe('session-expired');
    });
  });

  describe('session-expired from outside captures (test/fixtures/public)', () => {
    const origin = 'https://app.example.test';
    const exchange = (
      path: string,
      status: number,
      request: Record<string, string>,
      response: Record<string, string> = {},
      body = '',
      at = T,
      method = 'GET',
    ) =>
      createExchange({
        request: { method, url: `${origin}${path}`, headers: headers(request), time: at },
        response: {
          status,
          headers: headers(response),
          ...(body ? { body } : {}),
        },
      });

    it('an anti-CSRF cookie accepted earlier is no session (csrftoken, XSRF-TOKEN)', () => {
      for (const cookie of ['csrftoken=FAKE-csrf-0001', 'XSRF-TOKEN=FAKE-xsrf-0001']) {
        const failure = afterHistory(
          [exchange('/api/items', 200, { Cookie: cookie })],
          exchange('/api/items', 401, { Cookie: cookie }, {}, '', T + 60_000),
        );
        expect(ids(failure), cookie).not.toContain('session-expired');
      }
    });

    it('a cookie whose last success also carried the token: the Bearer challenge is about the token', () => {
      const cookie = { Cookie: 'JSESSIONID=FAKE-jsessionid-0001' };
      const failure = afterHistory(
        [
          exchange('/api/user', 200, {
            ...cookie,
            Authorization: 'Bearer opaque-0123456789abcdefghij',
          }),
        ],
        exchange('/api/messages', 401, cookie, { 'WWW-Authenticate': 'Bearer' }, '', T + 1000),
      );
      expect(ids(failure)).not.toContain('session-expired');
      expect(firstId(failure)).toBe('credentials-not-forwarded');
      expect(find(failure, 'credentials-not-forwarded')?.confidence).toBeGreaterThan(0.9);
    });

    it("a 403 that names the CSRF check is not the session's end (DRF)", () => {
      const cookie = { Cookie: 'csrftoken=FAKE-csrf-0002; sessionid=FAKE-django-session-0002' };
      const failure = afterHistory(
        [exchange('/api/snippets/', 200, cookie)],
        exchange(
          '/api/snippets/',
          403,
          cookie,
          {},
          '{"detail":"CSRF Failed: CSRF token missing or incorrect."}',
          T + 5000,
          'POST',
        ),
      );
      expect(ids(failure)).not.toContain('session-expired');
      expect(firstId(failure)).toBe('forbidden-not-unauthorized');
    });

    it('the server cleared the session cookie, and the next call goes without it (NextAuth)', () => {
      const failure = afterHistory(
        [
          exchange('/api/projects', 200, { Cookie: 'next-auth.session-token=FAKE-0002' }),
          exchange(
            '/api/auth/session',
            200,
            { Cookie: 'next-auth.session-token=FAKE-0002' },
            { 'Set-Cookie': 'next-auth.session-token=; Max-Age=0; Path=/; HttpOnly' },
            '{}',
            T + 1000,
          ),
        ],
        exchange('/api/projects', 401, {}, {}, '{"message":"You must be logged in."}', T + 1300),
      );
      expect(ids(failure).slice(0, 2)).toEqual(['session-expired', 'no-credentials']);
      expect(find(failure, 'session-expired')?.evidence.join('\n')).toContain(
        'This request no longer carries next-auth.session-token',
      );
    });

    it('the server says the session expired, to a request with a rotated session cookie only (Devise)', () => {
      const said = '{"error":"Your session expired. Please sign in again to continue."}';
      const cookieOnly = afterHistory(
        [],
        exchange('/orders/poll.json', 401, { Cookie: '_shop_session=FAKE-0003' }, {}, said),
      );
      expect(firstId(cookieOnly)).toBe('session-expired');
      expect(find(cookieOnly, 'session-expired')?.evidence.join('\n')).toContain(
        'to a request that carried only cookies',
      );
      // A sanitized capture keeps the cookie's name; a preference cookie is no session.
      const masked = afterHistory(
        [],
        exchange('/orders/poll.json', 401, { Cookie: '_shop_session=[REDACTED]' }, {}, said),
      );
      expect(firstId(masked)).toBe('session-expired');
      const theme = afterHistory(
        [],
        exchange('/orders/poll.json', 401, { Cookie: 'theme=dark' }, {}, said),
      );
      expect(ids(theme)).not.toContain('session-expired');
      // The same words to a Bearer token are about the token.
      const withToken = afterHistory(
        [],
        exchange(
          '/orders/poll.json',
          401,
          {
            Cookie: '_shop_session=FAKE-0003',
            Authorization: 'Bearer opaque-0123456789abcdefghij',
          },
          {},
          said,
        ),
      );
      expect(ids(withToken)).not.toContain('session-expired');
    });
  });

  describe('masked session cookies (oauth2-proxy, AWS ALB, sanitized captures)', () => {
    const origin = 'https://app.example.test';
    const call = (
      path: string,
      status: number,
      request: Record<string, string>,
      at: number,
      response: Record<string, string> = {},
    ) =>
      createExchange({
        request: { url: `${origin}${path}`, headers: headers(request), time: at },
        response: { status, headers: headers(response) },
      });
    const masked = { Cookie: '_oauth2_proxy=[REDACTED]' };

    it('the same name accepted with cookies only, refused now, nothing set in between: session-expired (0.7)', () => {
      const failure = afterHistory(
        [call('/', 200, masked, T), call('/api/status', 200, masked, T + 1000)],
        call('/api/status', 401, masked, T + 7_500_000),
      );
      expect(firstId(failure)).toBe('session-expired');
      const found = find(failure, 'session-expired');
      expect(found?.confidence).toBe(0.7);
      expect(found?.evidence.join('\n')).toContain(
        'Cookie _oauth2_proxy was accepted at 2026-01-01 00:00:01 UTC (200 for https://app.example.test/api/status) and is refused now',
      );
      expect(find(failure, 'credentials-rejected')).toBeUndefined();
    });

    it('not when a new value was set in between, nor when the success also carried a token', () => {
      const reset = afterHistory(
        [
          call('/api/status', 200, masked, T),
          call('/api/status', 200, masked, T + 1000, {
            'Set-Cookie': '_oauth2_proxy=[REDACTED]; Path=/; HttpOnly',
          }),
        ],
        call('/api/status', 401, masked, T + 60_000),
      );
      expect(ids(reset)).not.toContain('session-expired');
      const withToken = afterHistory(
        [call('/api/status', 200, { ...masked, Authorization: 'Bearer [REDACTED]' }, T)],
        call('/api/status', 401, masked, T + 60_000),
      );
      expect(ids(withToken)).not.toContain('session-expired');
    });

    it('not when the refused request also carries something else, nor for a cookie never accepted', () => {
      const keyToo = afterHistory(
        [call('/api/status', 200, masked, T)],
        call('/api/status', 401, { ...masked, 'X-API-Key': '[REDACTED]' }, T + 60_000),
      );
      expect(ids(keyToo)).not.toContain('session-expired');
      const never = afterHistory(
        [call('/api/status', 401, masked, T)],
        call('/api/status', 401, masked, T + 60_000),
      );
      expect(ids(never)).not.toContain('session-expired');
    });

    it('a Bearer challenge and only a page accepted the cookie: not session-expired', () => {
      const failure = afterHistory(
        [call('/', 200, masked, T)],
        call('/api/status', 401, masked, T + 60_000, { 'WWW-Authenticate': 'Bearer' }),
      );
      expect(ids(failure)).not.toContain('session-expired');
    });
  });

  it('session-expired: status 440 Login Time-out', () => {
    expect(ids(diagnose(createExchange({ response: { status: 440 } })))).toContain(
      'session-expired',
    );
  });

  /** Five refusals one second apart with `authorization`: the last one's diagnosis. */
  const fifthRefusal = (authorization: string) => {
    const context = createContext();
    let last = null;
    for (let i = 0; i < 5; i++) {
      const exchange = failed(
        { Authorization: authorization },
        { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
        { request: { time: T + i * 1000 } },
      );
      last = diagnose(exchange, context);
      recordExchange(context, exchange);
    }
    return last;
  };

  it('retry-storm: 5 refusals within 10 s with the same token', () => {
    const last = fifthRefusal(token);
    expect(ids(last)).toContain('retry-storm');
    expect(find(last, 'retry-storm')?.evidence[0]).toMatch(/^5 refused requests/);
  });

  // A recorded test suite (Polly.JS, VCR) tries several bad tokens in a few seconds, and the
  // recording masks each the same way: nothing shows it was the same credential.
  it.each([
    ['Bearer [REDACTED]', false],
    ['Bearer [Filtered]', false],
    // 401 Doctor's sanitize keeps a JWT's claims: still the same token request after request.
    [`Bearer ${fakeJwt({ sub: 'u1', exp: 1 }).replace(/\.[^.]+$/, '.REDACTED')}`, true],
  ])('retry-storm with a masked credential (%s): %s', (value, storm) => {
    expect(ids(fifthRefusal(value)).includes('retry-storm')).toBe(storm);
  });

  it('hand-built: retry-storm ranks first when the token itself gives no clue', () => {
    const context = createContext();
    let last = null;
    for (let i = 0; i < 6; i++) {
      const exchange = failed(
        { Authorization: token },
        { 'WWW-Authenticate': 'Bearer realm="api"' },
        { request: { time: T + i * 500 } },
      );
      last = diagnose(exchange, context);
      recordExchange(context, exchange);
    }
    expect(firstId(last)).toBe('retry-storm');
  });

  it('four refusals are not a storm', () => {
    const context = createContext();
    let last = null;
    for (let i = 0; i < 4; i++) {
      const exchange = failed({ Authorization: token }, {}, { request: { time: T + i * 1000 } });
      last = diagnose(exchange, context);
      recordExchange(context, exchange);
    }
    expect(ids(last)).not.toContain('retry-storm');
  });

  it('clock-skew: the server Date is 10 min ahead of the request time', () => {
    const failure = diagnose(
      failed(
        { Authorization: token },
        { Date: new Date(T + 600_000).toUTCString(), 'WWW-Authenticate': 'Bearer realm="api"' },
      ),
    );
    expect(firstId(failure)).toBe('clock-skew');
  });

  it('clock-skew: a whole number of hours (± 2 min) is named as a likely time-zone error', () => {
    for (const offset of [3_600_000, -7_200_000 + 90_000, 5 * 3_600_000 - 100_000]) {
      const failure = diagnose(
        failed({ Authorization: token }, { Date: new Date(T + offset).toUTCString() }),
      );
      const skew = find(failure, 'clock-skew');
      expect(skew?.evidence.join('\n'), String(offset)).toContain('time-zone error');
      expect(skew?.fixes[0]).toContain('local time');
    }
    // 1 h 10 min is drift, not a time zone.
    const drift = diagnose(
      failed({ Authorization: token }, { Date: new Date(T + 4_200_000).toUTCString() }),
    );
    expect(find(drift, 'clock-skew')?.evidence.join('\n')).not.toContain('time-zone');
  });

  it('no clock-skew within a minute', () => {
    const failure = diagnose(
      failed({ Authorization: token }, { Date: new Date(T + 30_000).toUTCString() }),
    );
    expect(ids(failure)).not.toContain('clock-skew');
  });

  it('the context holds no secret', () => {
    const context = createContext();
    recordExchange(
      context,
      createExchange({
        request: {
          headers: headers({ Authorization: token, Cookie: 'sid=FAKE-cookie-0123456789' }),
        },
        response: {
          status: 200,
          headers: headers({ 'Set-Cookie': 'sid=FAKE-new-cookie-0123456789; Path=/' }),
        },
      }),
    );
    const text = JSON.stringify(context);
    expect(text).not.toContain('opaque-0123456789abcdefghijklmnop');
    expect(text).not.toContain('FAKE-cookie');
    expect(text).not.toContain('FAKE-new-cookie');
    expect(JSON.parse(text)).toEqual(context);
  });
});
