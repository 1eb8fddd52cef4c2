// Catalogue family "Expected 401s (everyday browsing)": public captures and reconstructions
// first (test/fixtures/public/README.md says where each comes from), then hand-built cases for
// the limits (named so).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createContext, recordExchange } from '../../../src/core/context';
import { diagnose } from '../../../src/core/diagnose';
import { diagnoseCompact } from '../../../src/core/engine';
import { expectFollowUp, followUp } from '../../../src/core/follow-up';
import { analyzeHar } from '../../../src/core/har/analyze-har';
import { isSessionCheckPath, ntlmMessageType } from '../../../src/core/rules/expected-401s';
import { buildHar } from '../har/build-har';
import {
  afterHistory,
  createExchange,
  DEFAULT_TEST_TIME,
  failed,
  find,
  firstId,
  headers,
  ids,
} from '../support/build';

function analysedPublic(name: string) {
  const text = readFileSync(new URL(`../../fixtures/public/${name}.har`, import.meta.url), 'utf8');
  const result = analyzeHar(text);
  if (!result.ok) throw new Error(result.error);
  return result;
}

describe('expected-401s: public captures', () => {
  it('signed-out-probe: the Auth0 Next.js sample asks /api/me on load, signed out', () => {
    const { failures } = analysedPublic('signed-out-probe-nextjs-auth0');
    expect(failures).toHaveLength(1);
    const failure = failures[0]?.failure ?? null;
    expect(firstId(failure)).toBe('signed-out-probe');
    expect(failure?.diagnoses[0]?.severity).toBe('info');
    // The generic "no credentials" error is explained by the probe, not listed next to it.
    expect(ids(failure)).not.toContain('no-credentials');
    expect(ids(failure)).not.toContain('auth-required');
    expect(find(failure, 'signed-out-probe')?.evidence.join('\n')).toContain('/api/me');
    // The sign-in link it then followed confirms it (a later entry, see core/follow-up.ts).
    expect(find(failure, 'signed-out-probe')?.evidence.at(-1)).toMatch(
      /went to a sign-in page: http:\/\/localhost:3000\/api\/login/,
    );
    expect(find(failure, 'signed-out-probe')?.confidence).toBe(0.95);
    // Its words are added once: the catalogue's fixes are not repeated by the relabel.
    expect(find(failure, 'signed-out-probe')?.fixes).toHaveLength(3);
  });

  it('signed-out-probe in a capture that may have lost its cookies: said, with less confidence', () => {
    const failure = analysedPublic('signed-out-probe-chemotion').failures[0]?.failure ?? null;
    const probe = find(failure, 'signed-out-probe');
    expect(probe?.confidence).toBeLessThan(0.6);
    expect(probe?.evidence.join('\n')).toContain('removed');
    expect(failure?.diagnoses.every((d) => d.severity === 'info')).toBe(true);
  });

  it("signed-out-probe: an allauth SPA asks for its session carrying only Django's csrftoken", () => {
    const failure =
      analysedPublic('allauth-headless-session-signed-out').failures[0]?.failure ?? null;
    expect(firstId(failure)).toBe('signed-out-probe');
    expect(find(failure, 'signed-out-probe')?.confidence).toBe(0.92);
    expect(ids(failure)).not.toContain('no-credentials');
  });

  it('signed-out-probe: ng-token-auth asks devise_token_auth to validate a token it does not have', () => {
    const result = analysedPublic('devise-token-auth-validate-token-signed-out');
    const failure = result.failures[0]?.failure ?? null;
    expect(firstId(failure)).toBe('signed-out-probe');
    // Its "Invalid login credentials" is the fixed text of any failed token check, not a
    // refused password; and the file, with no cookie anywhere, lost no header to an export.
    expect(ids(failure)).not.toContain('login-rejected');
    expect(find(failure, 'signed-out-probe')?.confidence).toBe(0.92);
    expect(result.report.warnings).toBeUndefined();
  });

  it('signed-out-probe: Laravel gives every visitor a session; the guest asks /api/user', () => {
    const failure =
      analysedPublic('laravel-sanctum-guest-session-probe').failures[0]?.failure ?? null;
    expect(firstId(failure)).toBe('signed-out-probe');
    // The guest session and the X-XSRF-TOKEN header are no credential: nothing was refused.
    expect(ids(failure)).not.toContain('credentials-rejected');
    expect(ids(failure)).not.toContain('api-key-rejected');
    expect(find(failure, 'signed-out-probe')?.evidence.join('\n')).toMatch(
      /laravel_session is a guest session: http:\/\/app\.cheer\.test\/ set it/,
    );
  });

  it('negotiate-handshake: curl against NTLM, both 401s of the completed handshake', () => {
    const { failures } = analysedPublic('ntlm-handshake-sharpwebserver');
    expect(failures.map((f) => f.failure.diagnoses[0]?.id)).toEqual([
      'negotiate-handshake',
      'negotiate-handshake',
    ]);
    // The first 401 was "not answered" until the next entry showed the answer.
    const first = failures[0]?.failure ?? null;
    expect(ids(first)).not.toContain('negotiate-not-answered');
    expect(find(first, 'negotiate-handshake')?.evidence.join('\n')).toContain('next request');
    expect(find(failures[1]?.failure ?? null, 'negotiate-handshake')?.evidence.join('\n')).toMatch(
      /type 1 message[\s\S]*type 2 message/,
    );
    for (const { failure } of failures)
      expect(failure.diagnoses.every((d) => d.severity === 'info')).toBe(true);
  });

  it('negotiate-not-answered: IIS asks for Windows authentication, nothing answers; the fixes name each browser policy', () => {
    const failure = analysedPublic('negotiate-not-answered-iis').failures[0]?.failure ?? null;
    expect(firstId(failure)).toBe('negotiate-not-answered');
    const fixes = find(failure, 'negotiate-not-answered')?.fixes.join('\n') ?? '';
    expect(fixes).toContain('intranet.corp.example');
    expect(fixes).toContain('AuthServerAllowlist');
    expect(fixes).toContain('network.negotiate-auth.trusted-uris');
    expect(fixes).toMatch(/Windows[\s\S]*macOS[\s\S]*Linux/);
    expect(ids(failure)).not.toContain('no-credentials');
  });
});

describe('expected-401s: limits (hand-built)', () => {
  const probe = (path = '/api/me', more: Record<string, string> = {}) =>
    failed(more, {}, { request: { url: `https://app.example.test${path}` } });

  it('session-check paths, and ones that are not', () => {
    for (const path of [
      '/me',
      '/api/me',
      '/api/v1/users/current',
      '/whoami',
      '/auth/session',
      '/api/auth/check',
      '/session.json',
      '/user/',
      '/auth/validate_token',
      '/api/v1/auth/validate_token',
    ])
      expect(isSessionCheckPath(path), path).toBe(true);
    for (const path of ['/api/orders', '/media/me.png', '/users', '/api/message', '/home'])
      expect(isSessionCheckPath(path), path).toBe(false);
  });

  it('a resource endpoint without credentials stays no-credentials', () => {
    expect(firstId(diagnose(probe('/api/orders')))).toBe('no-credentials');
  });

  it('a page that was signed in is not probing: the token it sent before is missing', () => {
    const earlier = createExchange({
      request: {
        url: 'https://app.example.test/api/orders',
        headers: headers({ Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123' }),
      },
      response: { status: 200 },
    });
    const failure = afterHistory([earlier], probe());
    expect(ids(failure)).not.toContain('signed-out-probe');
    expect(firstId(failure)).toBe('credentials-not-forwarded');
  });

  it('a session cookie the host set earlier and that was not sent: not a probe', () => {
    const login = createExchange({
      request: { url: 'https://app.example.test/login', method: 'POST' },
      response: {
        status: 200,
        headers: headers({ 'Set-Cookie': 'sessionid=abc123def456; Path=/; Secure; HttpOnly' }),
      },
    });
    expect(ids(afterHistory([login], probe()))).not.toContain('signed-out-probe');
  });

  it('a probe that carried its session cookie is a refused session, not a probe', () => {
    expect(ids(diagnose(probe('/api/me', { Cookie: 'sessionid=abc123def456' })))).not.toContain(
      'signed-out-probe',
    );
  });

  it('a sign-in attempt (POST /session) is not a probe', () => {
    const exchange = failed(
      {},
      {},
      { request: { url: 'https://app.example.test/session', method: 'POST' } },
    );
    expect(ids(diagnose(exchange))).not.toContain('signed-out-probe');
  });

  it('an analytics cookie does not make a request signed in', () => {
    expect(firstId(diagnose(probe('/api/me', { Cookie: '_ga=GA1.1.1.1; theme=dark' })))).toBe(
      'signed-out-probe',
    );
  });

  it('anti-CSRF cookies do not make a request signed in, sent or set earlier', () => {
    expect(
      firstId(
        diagnose(probe('/api/me', { Cookie: 'csrftoken=abc123def456; XSRF-TOKEN=abc123def456' })),
      ),
    ).toBe('signed-out-probe');
    const page = createExchange({
      request: { url: 'https://app.example.test/' },
      response: {
        status: 200,
        headers: headers({ 'Set-Cookie': 'next-auth.csrf-token=abc123def456; Path=/; HttpOnly' }),
      },
    });
    expect(
      firstId(
        afterHistory([page], probe('/api/me', { Cookie: 'next-auth.csrf-token=abc123def456' })),
      ),
    ).toBe('signed-out-probe');
  });

  it('an anti-CSRF header is no API key: the probe stands, no key was refused', () => {
    const failure = diagnose(
      probe('/api/user', {
        'X-XSRF-TOKEN': 'eyJpdiI6IkZBS0UtaXYiLCJ2YWx1ZSI6IkZBS0UifQ==',
        'Postman-Token': 'c05239b1-4f6f-4efb-b888-4deefa391a31',
      }),
    );
    expect(firstId(failure)).toBe('signed-out-probe');
    expect(ids(failure)).not.toContain('api-key-rejected');
  });

  describe('guest sessions (a session cookie the host gives every visitor)', () => {
    const T = DEFAULT_TEST_TIME;
    const page = (setCookie: string, time = T, more: Record<string, string> = {}) =>
      createExchange({
        request: { url: 'https://app.example.test/', headers: headers(more), time },
        response: { status: 200, headers: headers({ 'Set-Cookie': setCookie }) },
      });
    const probeAt = (cookie: string, time = T + 2000) =>
      failed({ Cookie: cookie }, {}, { request: { url: 'https://app.example.test/api/me', time } });

    it('set on a page load that identified no one, sent back: still a probe', () => {
      const failure = afterHistory(
        [page('PHPSESSID=guest0123456789; Path=/')],
        probeAt('PHPSESSID=guest0123456789'),
      );
      expect(firstId(failure)).toBe('signed-out-probe');
      expect(ids(failure)).not.toContain('credentials-rejected');
    });

    it('re-set with every answer (new values), earlier requests carrying it: still a probe', () => {
      const config = createExchange({
        request: {
          url: 'https://app.example.test/api/config',
          headers: headers({ Cookie: 'laravel_session=guest-value-0001' }),
          time: T + 1000,
        },
        response: {
          status: 200,
          headers: headers({ 'Set-Cookie': 'laravel_session=guest-value-0002; Path=/' }),
        },
      });
      const failure = afterHistory(
        [page('laravel_session=guest-value-0001; Path=/'), config],
        probeAt('laravel_session=guest-value-0002'),
      );
      expect(firstId(failure)).toBe('signed-out-probe');
    });

    it('a sign-in after it (the same cookie kept, PHP without regeneration): not a probe', () => {
      const signIn = createExchange({
        request: {
          url: 'https://app.example.test/login',
          method: 'POST',
          passwordField: true,
          headers: headers({ Cookie: 'PHPSESSID=guest0123456789' }),
          time: T + 1000,
        },
        response: { status: 302 },
      });
      const failure = afterHistory(
        [page('PHPSESSID=guest0123456789; Path=/'), signIn],
        probeAt('PHPSESSID=guest0123456789'),
      );
      expect(ids(failure)).not.toContain('signed-out-probe');
    });

    it('set by a sign-in, or by the return from an identity provider: a session, not a probe', () => {
      const signIn = createExchange({
        request: { url: 'https://app.example.test/session', method: 'POST', time: T },
        response: { status: 200, headers: headers({ 'Set-Cookie': '_app_session=s0123456789' }) },
      });
      expect(ids(afterHistory([signIn], probeAt('_app_session=s0123456789')))).not.toContain(
        'signed-out-probe',
      );
      const callback = createExchange({
        request: {
          url: 'https://app.example.test/auth/callback?code=c0123456789&state=s1',
          time: T,
        },
        response: { status: 302, headers: headers({ 'Set-Cookie': 'sessionid=s0123456789' }) },
      });
      expect(ids(afterHistory([callback], probeAt('sessionid=s0123456789')))).not.toContain(
        'signed-out-probe',
      );
    });

    it('set in answer to a request that carried a token, or a session from before: not a probe', () => {
      const withToken = page('sessionid=s0123456789; Path=/', T, {
        Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123',
      });
      expect(ids(afterHistory([withToken], probeAt('sessionid=s0123456789')))).not.toContain(
        'signed-out-probe',
      );
      const withSession = page('sessionid=s0123456789; Path=/', T, {
        Cookie: 'remember_user_token=r0123456789',
      });
      expect(ids(afterHistory([withSession], probeAt('sessionid=s0123456789')))).not.toContain(
        'signed-out-probe',
      );
    });

    it('a guest session the host set and the request did not send back: not a probe (something kept it)', () => {
      const failure = afterHistory(
        [page('laravel_session=guest-value-0001; Path=/')],
        failed({}, {}, { request: { url: 'https://app.example.test/api/me', time: T + 2000 } }),
      );
      expect(ids(failure)).not.toContain('signed-out-probe');
    });

    it('a session cookie with another value than the guest one: not a probe', () => {
      const failure = afterHistory(
        [page('PHPSESSID=guest0123456789; Path=/')],
        probeAt('PHPSESSID=other0123456789'),
      );
      expect(ids(failure)).not.toContain('signed-out-probe');
    });
  });

  it('a Negotiate answer that is refused (no next token) is not called a handshake', () => {
    const exchange = failed(
      { Authorization: 'Negotiate YIIGFAYJKoZIhvcSAQICAQBuggYDMIIF' },
      { 'WWW-Authenticate': 'Negotiate' },
    );
    expect(ids(diagnose(exchange))).not.toContain('negotiate-handshake');
    expect(ids(diagnose(exchange))).not.toContain('negotiate-not-answered');
  });

  it('a Bearer sent where only Negotiate is offered is a scheme mismatch, not "not answered"', () => {
    const exchange = failed(
      { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123' },
      { 'WWW-Authenticate': 'Negotiate' },
    );
    expect(ids(diagnose(exchange))).not.toContain('negotiate-not-answered');
    expect(firstId(diagnose(exchange))).toBe('scheme-mismatch');
  });

  it('NTLM message types from their base64 prefix', () => {
    expect(ntlmMessageType('TlRMTVNTUAABAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=')).toBe(1);
    expect(ntlmMessageType('TlRMTVNTUAACAAAABgAGADgAAAAFAomi')).toBe(2);
    expect(ntlmMessageType('TlRMTVNTUAADAAAAGAAYAHAAAAAYABgA')).toBe(3);
    expect(ntlmMessageType('YIIGFAYJKoZIhvcSAQICAQBuggYDMIIF')).toBeUndefined();
  });
});

describe('expected-401s: later requests relabel an earlier failure', () => {
  it('a probe retried at once with a credential was a race, not a signed-out page', () => {
    const har = buildHar([
      { url: 'https://app.example.test/api/me', status: 401, time: '2026-01-01T00:00:00.000Z' },
      {
        url: 'https://app.example.test/api/me',
        status: 200,
        time: '2026-01-01T00:00:00.800Z',
        request: { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123' },
      },
    ]);
    const result = analyzeHar(har);
    if (!result.ok) throw new Error(result.error);
    const failure = result.failures[0]?.failure ?? null;
    expect(firstId(failure)).toBe('no-credentials');
    expect(ids(failure)).not.toContain('signed-out-probe');
    expect(find(failure, 'no-credentials')?.evidence.join('\n')).toContain('same request again');
    expect(find(failure, 'no-credentials')?.explanation.length).toBeGreaterThan(20);
  });

  it('a guest probe asked again with the same guest session stays a probe', () => {
    const browser = { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64)' };
    const guest = { ...browser, Cookie: 'PHPSESSID=guest0123456789' };
    const har = buildHar([
      {
        url: 'https://app.example.test/',
        status: 200,
        time: '2026-01-01T00:00:00.000Z',
        request: browser,
        response: { 'Set-Cookie': 'PHPSESSID=guest0123456789; Path=/' },
      },
      {
        url: 'https://app.example.test/api/me',
        status: 401,
        time: '2026-01-01T00:00:01.000Z',
        request: guest,
      },
      {
        url: 'https://app.example.test/api/me',
        status: 401,
        time: '2026-01-01T00:00:01.800Z',
        request: guest,
      },
    ]);
    const result = analyzeHar(har);
    if (!result.ok) throw new Error(result.error);
    expect(result.failures.map((f) => firstId(f.failure))).toEqual([
      'signed-out-probe',
      'signed-out-probe',
    ]);
  });

  it('a probe followed by a sign-in and then a signed-in call stays a probe', () => {
    const har = buildHar([
      { url: 'https://app.example.test/api/me', status: 401, time: '2026-01-01T00:00:00.000Z' },
      {
        url: 'https://app.example.test/api/login',
        method: 'POST',
        status: 200,
        time: '2026-01-01T00:00:02.000Z',
        response: { 'Set-Cookie': 'session=abcdef123456; Path=/; HttpOnly' },
      },
      {
        url: 'https://app.example.test/api/me',
        status: 200,
        time: '2026-01-01T00:00:02.500Z',
        request: { Cookie: 'session=abcdef123456' },
      },
    ]);
    const result = analyzeHar(har);
    if (!result.ok) throw new Error(result.error);
    expect(firstId(result.failures[0]?.failure ?? null)).toBe('signed-out-probe');
  });

  it('a retry after the window is another request: the probe stands', () => {
    const context = createContext();
    const first = probeExchange(0);
    const failure = diagnoseCompact(first, context);
    if (!failure) throw new Error('no failure');
    expect(expectFollowUp(context, failure, 'r1')).toBe(true);
    recordExchange(context, first);
    const late = createExchange({
      request: {
        url: 'https://app.example.test/api/me',
        time: first.request.time + 60_000,
        headers: headers({ Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123' }),
      },
      response: { status: 200 },
    });
    expect(followUp(context, late)).toEqual([]);
    expect(context.awaiting).toEqual([]);
  });

  it('the context stays plain JSON with awaiting failures in it', () => {
    const context = createContext();
    const failure = diagnoseCompact(probeExchange(0), context);
    if (!failure) throw new Error('no failure');
    expectFollowUp(context, failure, 'r1');
    expect(JSON.parse(JSON.stringify(context))).toEqual(context);
  });
});

function probeExchange(offset: number) {
  return createExchange({
    request: { url: 'https://app.example.test/api/me', time: Date.UTC(2026, 0, 1) + offset },
    response: { status: 401 },
  });
}
