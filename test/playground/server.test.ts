// The playground server over real HTTP: each scenario's endpoint, requested with exactly what the
// page would send (read from the plan the page embeds), answers with the status and headers the
// scenario is about. What browsers add on top (Origin, preflights) is added here by hand.
import { request as httpRequest } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scenarios } from '../../playground/scenarios';
import {
  ECHOED_SECRETS,
  PLAN_ELEMENT_ID,
  type PlannedFetch,
  type PlannedScenario,
  type Playground,
  startPlayground,
} from '../../playground/server';
import { failureRecord } from '../../src/background/diagnosis';
import { createContext } from '../../src/core/context';
import { diagnose } from '../../src/core/diagnose';
import { createExchange } from '../support/exchange';

let playground: Playground;
let pageOrigin: string;
let plan: PlannedScenario[];

beforeAll(async () => {
  playground = await startPlayground({ port: 0 });
  pageOrigin = new URL(playground.url).origin;
  const html = await (await fetch(playground.url)).text();
  const json = new RegExp(
    `<script type="application/json" id="${PLAN_ELEMENT_ID}">([^<]*)</script>`,
  ).exec(html)?.[1];
  plan = JSON.parse(json ?? 'null');
});
afterAll(async () => {
  await playground?.close();
});

const planned = (id: string): PlannedScenario => {
  const found = plan.find((scenario) => scenario.id === id);
  if (!found) throw new Error(`no planned scenario ${id}`);
  return found;
};

/** Sends what the page sends, plus the Origin header a browser adds to cross-origin requests. */
function sendAsPage(fetchPlan: PlannedFetch, extraHeaders: Record<string, string> = {}) {
  const crossOrigin = new URL(fetchPlan.url).origin !== pageOrigin;
  return fetch(`${fetchPlan.url}?n=1`, {
    method: fetchPlan.method,
    headers: {
      ...fetchPlan.headers,
      ...(crossOrigin ? { origin: pageOrigin } : {}),
      ...extraHeaders,
    },
  });
}

const decodeJwtPart = (part: string | undefined) =>
  JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));

/**
 * A raw GET through node:http: fetch does not let one set Host, and (as the Fetch standard says
 * for a request without a window) turns any 407 into a network error.
 */
function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the page', () => {
  test('is served on 127.0.0.1 with its script, and the second origin is localhost', async () => {
    expect(playground.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(playground.crossOrigin).toMatch(/^http:\/\/localhost:\d+$/);
    expect(new URL(playground.crossOrigin).port).not.toBe(new URL(playground.url).port);

    const page = await fetch(playground.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<title>401 Doctor playground</title>');
    expect(html).toContain('data-run-all');
    expect(html).toContain('<script src="/app.js"></script>');
    expect(page.headers.get('content-security-policy')).toContain(
      `connect-src 'self' ${playground.crossOrigin}`,
    );

    const script = await fetch(`${pageOrigin}/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const source = await script.text();
    expect(source).toContain('dataset.scenario');
    expect(source).not.toContain('innerHTML');
  });

  test('embeds a plan with one entry per scenario, in table order', () => {
    expect(plan.map((s) => s.id)).toEqual(scenarios.map((s) => s.id));
    for (const scenario of plan) {
      expect(scenario.request.method).toBe('GET');
      expect(new URL(scenario.request.url).pathname).toBe(`/api/${scenario.id}`);
    }
  });

  test('the table has the scenarios the walking skeleton needs, with known diagnosis ids', () => {
    const ids = scenarios.map((s) => s.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'ok',
        'no-credentials',
        'bearer-undefined',
        'expired-jwt',
        'basic-wrong-password',
        'basic-not-base64',
        'preflight-401',
        'cookie-cross-site',
        'api-key-wrong',
        'proxy-407',
        'forbidden-403',
      ]),
    );
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of scenarios) expect(s.id).toMatch(/^[a-z0-9-]+$/);
  });

  test('a page requested as localhost is sent to 127.0.0.1; foreign host names get nothing', async () => {
    const port = new URL(playground.url).port;
    const asLocalhost = await rawGet(playground.url, { host: `localhost:${port}` });
    expect(asLocalhost.status).toBe(308);
    expect(asLocalhost.headers.location).toBe(`${pageOrigin}/`);
    expect((await rawGet(playground.url, { host: `rebound.example:${port}` })).status).toBe(421);
    expect((await rawGet(`${playground.crossOrigin}/`, { host: 'rebound.example' })).status).toBe(
      421,
    );
  });

  test('listens on loopback only', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
    if (!external) return; // no other interface on this machine: nothing to try
    const port = new URL(playground.url).port;
    await expect(fetch(`http://${external}:${port}/`)).rejects.toThrow();
  });
});

describe('expected 401s', () => {
  test('negotiate-not-answered: nothing sent → 401 WWW-Authenticate: Negotiate, diagnosed as expected', async () => {
    const { request } = planned('negotiate-not-answered');
    expect(request.headers).toEqual({});
    const response = await sendAsPage(request);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Negotiate');
    const failure = diagnose(
      createExchange({
        request: { url: request.url },
        response: { status: 401, headers: [{ name: 'WWW-Authenticate', value: 'Negotiate' }] },
      }),
    );
    expect(failure?.diagnoses[0]?.id).toBe('negotiate-not-answered');
  });

  test('the signed-out page asks /session/me, which answers 401 without a credential and 200 with one', async () => {
    const page = await fetch(`${playground.url}signed-out`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<script src="/signed-out.js"></script>');
    const script = await (await fetch(`${playground.url}signed-out.js`)).text();
    expect(script).toContain("fetch('/session/me");
    const signedOut = await fetch(`${playground.url}session/me?n=1`);
    expect(signedOut.status).toBe(401);
    const token = planned('ok').request.headers.authorization ?? '';
    const signedIn = await fetch(`${playground.url}session/me?n=2`, {
      headers: { authorization: token },
    });
    expect(signedIn.status).toBe(200);
    const failure = diagnose(
      createExchange({
        request: { url: `${playground.url}session/me?n=1`, type: 'fetch' },
        response: {
          status: 401,
          headers: [
            { name: 'WWW-Authenticate', value: signedOut.headers.get('www-authenticate') ?? '' },
          ],
        },
      }),
    );
    expect(failure?.diagnoses[0]?.id).toBe('signed-out-probe');
  });
});

describe('same-origin scenarios', () => {
  test('vendor-header-login-denied: Basic sent → 401 with X-Seraph-LoginReason and no body; the background names login-rejected first', async () => {
    const { request } = planned('vendor-header-login-denied');
    expect(request.headers.authorization).toMatch(/^Basic /);
    expect(request.credentials).toBe('omit');
    const response = await sendAsPage(request);
    expect(response.status).toBe(401);
    expect(response.headers.get('x-seraph-loginreason')).toBe('AUTHENTICATION_DENIED');
    expect(await response.text()).toBe('');
    // What webRequest gives the background: the headers, never the body.
    const record = failureRecord(
      1,
      createExchange({
        source: 'capture',
        request: {
          url: request.url,
          headers: Object.entries(request.headers).map(([name, value]) => ({ name, value })),
        },
        response: {
          status: 401,
          headers: [...response.headers].map(([name, value]) => ({ name, value })),
        },
      }),
      createContext(),
      { statuses: new Set([401]) },
    );
    expect(record?.diagnoses[0]?.id).toBe('login-rejected');
  });

  test('ok: a valid HS256 JWT → 200', async () => {
    const { request } = planned('ok');
    const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
    expect(decodeJwtPart(token.split('.')[0])).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decodeJwtPart(token.split('.')[1]).exp).toBeGreaterThan(Date.now() / 1000);
    const response = await sendAsPage(request);
    expect(response.status).toBe(200);
    expect(response.headers.get('www-authenticate')).toBeNull();
  });

  test('no-credentials: nothing sent → 401 with a plain Bearer challenge', async () => {
    const { request } = planned('no-credentials');
    expect(request.headers).toEqual({});
    const response = await sendAsPage(request);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="playground"');
  });

  test('bearer-undefined: "Bearer undefined" → 401 invalid_token', async () => {
    const { request } = planned('bearer-undefined');
    expect(request.headers).toEqual({ authorization: 'Bearer undefined' });
    const response = await sendAsPage(request);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="playground", error="invalid_token", error_description="The access token is malformed"',
    );
  });

  test('expired-jwt: a signed token whose exp has passed → 401 "The access token expired"', async () => {
    const { request } = planned('expired-jwt');
    const [header, payload, signature] = (request.headers.authorization ?? '')
      .replace(/^Bearer /, '')
      .split('.');
    expect(decodeJwtPart(header)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwtPart(payload);
    expect(claims.exp).toBeLessThan(Date.now() / 1000);
    expect(claims.iat).toBeLessThan(claims.exp);
    expect(claims.sub).toBe('alice');
    expect(Buffer.from(signature ?? '', 'base64url')).toHaveLength(32);
    const response = await sendAsPage(request);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="playground", error="invalid_token", error_description="The access token expired"',
    );
  });

  test('expired-jwt: the server really checks exp (the same claims, unexpired, are accepted)', async () => {
    // The valid token of the control differs from the expired one only in iat/exp.
    const okClaims = decodeJwtPart(planned('ok').request.headers.authorization?.split('.')[1]);
    const expiredClaims = decodeJwtPart(
      planned('expired-jwt').request.headers.authorization?.split('.')[1],
    );
    const { iat: _a, exp: _b, ...okRest } = okClaims;
    const { iat: _c, exp: _d, ...expiredRest } = expiredClaims;
    expect(expiredRest).toEqual(okRest);
  });

  test('basic-wrong-password: well-formed Basic, wrong password, credentials omit → 401 Basic', async () => {
    const { request } = planned('basic-wrong-password');
    const encoded = request.headers.authorization?.replace(/^Basic /, '') ?? '';
    expect(Buffer.from(encoded, 'base64').toString()).toBe('alice:wrong-password');
    // 'omit' is what keeps Chromium from opening its login dialog (measured).
    expect(request.credentials).toBe('omit');
    const response = await sendAsPage(request);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="playground"');
  });

  test('basic-not-base64: "Basic user:pass" → 401 Basic', async () => {
    const { request } = planned('basic-not-base64');
    expect(request.headers).toEqual({ authorization: 'Basic user:pass' });
    expect(request.credentials).toBe('omit');
    const response = await sendAsPage(request);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="playground"');
  });

  test('basic-prompt: no credentials against Basic → 401; the right pair would pass', async () => {
    const scenario = planned('basic-prompt');
    expect(scenario.requiresPrompt).toBe(true);
    expect(scenario.request.headers).toEqual({});
    const response = await sendAsPage(scenario.request);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="playground"');
    const right = `Basic ${Buffer.from('alice:correct-horse').toString('base64')}`;
    expect((await sendAsPage(scenario.request, { authorization: right })).status).toBe(200);
  });

  test('secret-echoed: an unknown token → 401 whose body repeats the token and the session header', async () => {
    const response = await sendAsPage(planned('secret-echoed').request);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const body = await response.text();
    expect(body).toContain(ECHOED_SECRETS.token);
    expect(body).toContain(ECHOED_SECRETS.session);
  });

  test('api-key-wrong: an unknown x-api-key → 401', async () => {
    const { request } = planned('api-key-wrong');
    expect(request.headers['x-api-key']).toMatch(/^pg-[0-9a-f]{32}$/);
    const response = await sendAsPage(request);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('ApiKey realm="playground"');
    expect(await response.json()).toMatchObject({ error: 'invalid_api_key' });
  });

  test('proxy-407: the origin answers 407 with a Basic proxy challenge', async () => {
    const { request } = planned('proxy-407');
    expect(request.headers).toEqual({});
    const response = await rawGet(`${request.url}?n=1`);
    expect(response.status).toBe(407);
    expect(response.headers['proxy-authenticate']).toBe('Basic realm="proxy"');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  test('forbidden-403: a valid token refused with 403 and no challenge', async () => {
    const { request } = planned('forbidden-403');
    expect(request.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const response = await sendAsPage(request);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBeNull();
  });

  test('token-revoked: the token works once on /me, then the same token gets a bare 401', async () => {
    const { request, setup } = planned('token-revoked');
    expect(setup?.headers.authorization).toBe(request.headers.authorization);
    expect((await sendAsPage(setup as PlannedFetch)).status).toBe(200);
    const response = await sendAsPage(request);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="playground"');
  });

  test('redirect-drops-auth: 307 to the same path on the second origin, which wants a token', async () => {
    const { request } = planned('redirect-drops-auth');
    const hop = await fetch(`${request.url}?n=1`, { headers: request.headers, redirect: 'manual' });
    expect(hop.status).toBe(307);
    const location = new URL(hop.headers.get('location') ?? '');
    expect(location.origin).not.toBe(pageOrigin);
    expect(location.pathname).toBe('/api/redirect-drops-auth');
    // Without the header (the browser drops it on the cross-origin hop): 401.
    const target = await fetch(location, { headers: { origin: pageOrigin } });
    expect(target.status).toBe(401);
    expect(target.headers.get('access-control-allow-origin')).toBe(pageOrigin);
    // With it, the target would have answered.
    expect((await fetch(location, { headers: request.headers })).status).toBe(200);
  });

  test('every scenario answers with its expected status and is never cached', async () => {
    for (const scenario of plan) {
      if (scenario.id === 'preflight-401') continue; // its status is the preflight's, below
      if (scenario.id === 'proxy-407') continue; // fetch cannot see a 407, checked above
      if (scenario.setup) await sendAsPage(scenario.setup);
      const response = await sendAsPage(scenario.request);
      expect({ id: scenario.id, status: response.status }).toEqual({
        id: scenario.id,
        status: scenario.expectedStatus,
      });
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('cross-origin scenarios (second origin)', () => {
  const preflight = (url: string, origin: string) =>
    fetch(`${url}?n=2`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });

  test('preflight-401: the OPTIONS preflight is answered 401 with a Bearer challenge', async () => {
    const { request } = planned('preflight-401');
    expect(new URL(request.url).origin).toBe(playground.crossOrigin);
    expect(Object.keys(request.headers)).toEqual(['authorization']);
    const response = await preflight(request.url, pageOrigin);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="playground"');
    // CORS headers are right: the status alone is what fails the preflight.
    expect(response.headers.get('access-control-allow-origin')).toBe(pageOrigin);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
  });

  test('preflight-401: the GET itself, had it been sent, would pass', async () => {
    const response = await sendAsPage(planned('preflight-401').request);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(pageOrigin);
  });

  test('other cross-origin endpoints answer preflights normally', async () => {
    const response = await preflight(planned('cookie-cross-site').request.url, pageOrigin);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(pageOrigin);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(response.headers.get('vary')).toBe('Origin');
  });

  test('cookie-cross-site: sign-in sets a SameSite=Lax cookie, the cookieless request gets 401', async () => {
    const scenario = planned('cookie-cross-site');
    expect(scenario.request.credentials).toBe('include');
    expect(scenario.setup?.credentials).toBe('include');
    const signIn = await sendAsPage(scenario.setup as PlannedFetch);
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get('access-control-allow-origin')).toBe(pageOrigin);
    expect(signIn.headers.get('access-control-allow-credentials')).toBe('true');
    const cookie = signIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^pg_session=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(cookie).not.toMatch(/Secure/i);

    const failed = await sendAsPage(scenario.request);
    expect(failed.status).toBe(401);
    expect(failed.headers.get('access-control-allow-origin')).toBe(pageOrigin);
    expect(failed.headers.get('access-control-allow-credentials')).toBe('true');

    // With the cookie (what a same-site request would carry) the same endpoint says 200.
    const withCookie = await sendAsPage(scenario.request, { cookie: cookie.split(';')[0] ?? '' });
    expect(withCookie.status).toBe(200);
  });

  test('CORS is granted to the page origin only', async () => {
    const response = await sendAsPage(planned('cookie-cross-site').request, {
      origin: 'http://evil.example',
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test('each endpoint lives on its own origin only', async () => {
    expect((await fetch(`${playground.crossOrigin}/api/no-credentials`)).status).toBe(404);
    expect((await fetch(`${pageOrigin}/api/preflight-401`)).status).toBe(404);
    expect((await fetch(`${pageOrigin}/api/no-such-scenario`)).status).toBe(404);
  });
});

test('close() stops both origins', async () => {
  const other = await startPlayground();
  await fetch(other.url);
  await other.close();
  await expect(fetch(other.url)).rejects.toThrow();
  await expect(fetch(`${other.crossOrigin}/`)).rejects.toThrow();
});
