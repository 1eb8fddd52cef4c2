import { describe, expect, test } from 'vitest';
import { createCapture } from '../../src/background/capture';
import type { Exchange } from '../../src/core/exchange';

interface Seen {
  tabId: number;
  exchange: Exchange;
  failure: boolean;
}

function setup(statuses?: ReadonlySet<number>) {
  const seen: Seen[] = [];
  const navigations: number[] = [];
  const capture = createCapture(
    {
      onExchange: (tabId, exchange, failure) => seen.push({ tabId, exchange, failure }),
      onNavigation: (tabId) => navigations.push(tabId),
    },
    statuses,
  );
  const failures = () => seen.filter((s) => s.failure).map((s) => s.exchange);
  return { capture, seen, failures, navigations };
}

type Headers = { name: string; value?: string }[];
const sent = (requestId: string, requestHeaders: Headers = [], extra = {}) => ({
  requestId,
  method: 'GET',
  tabId: 3,
  type: 'xmlhttprequest' as const,
  timeStamp: 1000,
  url: `https://api.example.test/${requestId}`,
  requestHeaders,
  ...extra,
});
const completed = (
  requestId: string,
  statusCode: number,
  responseHeaders: Headers = [],
  extra = {},
) => ({
  requestId,
  tabId: 3,
  type: 'xmlhttprequest' as const,
  timeStamp: 1250,
  url: `https://api.example.test/${requestId}`,
  method: 'GET',
  statusCode,
  statusLine: `HTTP/1.1 ${statusCode} Something`,
  responseHeaders,
  ...extra,
});

describe('capture of webRequest events', () => {
  test('a 401 and a 407 become exchanges with both sides headers and the send time', () => {
    const { capture, failures } = setup();
    capture.onSendHeaders(sent('a', [{ name: 'Authorization', value: 'Bearer x' }]));
    capture.onCompleted(completed('a', 401, [{ name: 'WWW-Authenticate', value: 'Bearer' }]));
    capture.onSendHeaders(sent('b', [{ name: 'Proxy-Authorization', value: 'Basic eA==' }]));
    capture.onCompleted(completed('b', 407));
    const [a, b] = failures();
    expect(a?.request).toMatchObject({
      method: 'GET',
      url: 'https://api.example.test/a',
      time: 1000,
      headers: [{ name: 'Authorization', value: 'Bearer x' }],
    });
    expect(a?.response).toMatchObject({
      status: 401,
      statusText: 'Something',
      time: 1250,
      headers: [{ name: 'WWW-Authenticate', value: 'Bearer' }],
    });
    expect(b?.response.status).toBe(407);
    expect(capture.inFlightCount).toBe(0);
  });

  test('a 200, a 403 that is not about auth, 500 or 302 is no failure by default', () => {
    const { capture, failures } = setup();
    for (const [id, status] of [
      ['ok', 200],
      ['forbidden', 403],
      ['error', 500],
      ['redirect', 302],
    ] as const) {
      capture.onSendHeaders(sent(id));
      capture.onCompleted(completed(id, status));
    }
    expect(failures()).toEqual([]);
  });

  test('successes are passed on only when later diagnoses need them', () => {
    const { capture, seen } = setup();
    capture.onSendHeaders(sent('plain'));
    capture.onCompleted(completed('plain', 200));
    capture.onSendHeaders(sent('token', [{ name: 'Authorization', value: 'Bearer x' }]));
    capture.onCompleted(completed('token', 200));
    capture.onSendHeaders(sent('login'));
    capture.onCompleted(completed('login', 200, [{ name: 'Set-Cookie', value: 'sid=1' }]));
    capture.onSendHeaders(sent('cors'));
    capture.onCompleted(
      completed('cors', 204, [{ name: 'Access-Control-Allow-Credentials', value: 'true' }]),
    );
    expect(seen.map((s) => [s.exchange.id, s.failure])).toEqual([
      ['token', false],
      ['login', false],
      ['cors', false],
    ]);
  });

  test('403 is a failure when the statuses include it', () => {
    const { capture, failures } = setup(new Set([401, 403, 407]));
    capture.onSendHeaders(sent('f'));
    capture.onCompleted(completed('f', 403));
    expect(failures().map((f) => f.response.status)).toEqual([403]);
  });

  test('a redirected request keeps its chain: the hop before carried Authorization, the last did not', () => {
    const { capture, failures } = setup();
    capture.onSendHeaders(sent('r', [{ name: 'Authorization', value: 'Bearer x' }]));
    capture.onBeforeRedirect({
      requestId: 'r',
      url: 'https://api.example.test/r',
      statusCode: 307,
    });
    capture.onSendHeaders(sent('r', [], { timeStamp: 1100, url: 'https://other.example.test/r' }));
    capture.onCompleted(completed('r', 401, [], { url: 'https://other.example.test/r' }));
    const [failure] = failures();
    expect(failure?.request).toMatchObject({
      url: 'https://other.example.test/r',
      headers: [],
      time: 1100,
    });
    expect(failure?.request.redirectChain).toEqual([
      {
        method: 'GET',
        url: 'https://api.example.test/r',
        status: 307,
        requestHeaders: [{ name: 'Authorization', value: 'Bearer x' }],
      },
    ]);
  });

  test('forgets requests that end in a network error', () => {
    const { capture, failures } = setup();
    capture.onSendHeaders(sent('e'));
    capture.onErrorOccurred({ requestId: 'e' });
    expect(capture.inFlightCount).toBe(0);
    expect(failures()).toEqual([]);
  });

  test('a failure whose send event was missed (worker just started) is still passed on', () => {
    const { capture, failures } = setup();
    capture.onCompleted(completed('late', 401));
    expect(failures()[0]?.request).toMatchObject({ time: 1250, headers: [] });
  });

  test('a top-level document load is a navigation of its tab', () => {
    const { capture, navigations } = setup();
    capture.onSendHeaders(sent('doc', [], { type: 'main_frame', tabId: 8 }));
    capture.onSendHeaders(sent('frame', [], { type: 'sub_frame', tabId: 8 }));
    capture.onSendHeaders(sent('bg', [], { type: 'main_frame', tabId: -1 }));
    expect(navigations).toEqual([8]);
  });

  test('in-flight bookkeeping stays bounded when requests never finish', () => {
    const { capture } = setup();
    for (let i = 0; i < 6000; i++) capture.onSendHeaders(sent(`n${i}`));
    expect(capture.inFlightCount).toBeLessThanOrEqual(5000);
  });

  test('403s about auth are failures by default: a challenge, a vendor auth error, credentials sent', () => {
    const { capture, failures } = setup();
    capture.onSendHeaders(sent('challenged'));
    capture.onCompleted(
      completed('challenged', 403, [
        { name: 'WWW-Authenticate', value: 'Bearer error="insufficient_scope", scope="admin"' },
      ]),
    );
    capture.onSendHeaders(sent('aws'));
    capture.onCompleted(
      completed('aws', 403, [{ name: 'x-amzn-ErrorType', value: 'InvalidSignatureException' }]),
    );
    capture.onSendHeaders(sent('carried', [{ name: 'Authorization', value: 'Bearer abc' }]));
    capture.onCompleted(completed('carried', 403));
    capture.onSendHeaders(sent('session', [{ name: 'Cookie', value: 'theme=dark; sid=abc' }]));
    capture.onCompleted(completed('session', 403));
    capture.onSendHeaders(sent('analytics', [{ name: 'Cookie', value: '_ga=GA1.1.1' }]));
    capture.onCompleted(completed('analytics', 403));
    capture.onSendHeaders(sent('waf'));
    capture.onCompleted(completed('waf', 403, [{ name: 'Server', value: 'cloudflare' }]));
    expect(failures().map((f) => f.id)).toEqual(['challenged', 'aws', 'carried', 'session']);
  });

  test('a token request keeps its form as fingerprints only, and reaches the core', () => {
    const { capture, seen } = setup();
    const refreshToken = 'rt-0123456789abcdefghijklmnop';
    capture.onBeforeRequest({
      requestId: 't',
      method: 'POST',
      url: 'https://id.example.test/oauth/token',
      requestBody: {
        formData: {
          grant_type: ['refresh_token'],
          refresh_token: [refreshToken],
          client_id: ['spa'],
        },
      },
    });
    capture.onSendHeaders(
      sent('t', [], { method: 'POST', url: 'https://id.example.test/oauth/token' }),
    );
    capture.onCompleted(
      completed('t', 400, [], { method: 'POST', url: 'https://id.example.test/oauth/token' }),
    );
    expect(seen).toHaveLength(1);
    const tokenRequest = seen[0]?.exchange.request.tokenRequest;
    expect(tokenRequest?.grantType).toBe('refresh_token');
    expect(tokenRequest?.clientId).toBe('spa');
    expect(tokenRequest?.refreshToken?.display).toBe('rt-0…mnop');
    expect(JSON.stringify(seen)).not.toContain(refreshToken);
    expect(seen[0]?.failure).toBe(false);
  });

  test('other bodies are not kept: no grant_type, not POST, not a form', () => {
    const { capture, seen } = setup();
    capture.onBeforeRequest({
      requestId: 'login',
      method: 'POST',
      url: 'https://a.test/login',
      requestBody: { formData: { user: ['alice'], password: ['secret-password'] } },
    });
    capture.onBeforeRequest({
      requestId: 'raw',
      method: 'POST',
      url: 'https://a.test/x',
      requestBody: {},
    });
    capture.onBeforeRequest({ requestId: 'get', method: 'GET', url: 'https://a.test/x' });
    for (const id of ['login', 'raw', 'get']) {
      capture.onSendHeaders(sent(id));
      capture.onCompleted(completed(id, 200));
    }
    expect(seen).toEqual([]);
  });

  test('flow steps without credentials reach the context: discovery, authorize, callback', () => {
    const { capture, seen } = setup();
    const urls = [
      'https://id.example.test/.well-known/openid-configuration',
      'https://id.example.test/authorize?response_type=code&client_id=spa&state=s1',
      'https://app.example.test/callback?code=abc&state=s1',
    ];
    urls.forEach((url, i) => {
      capture.onSendHeaders(sent(`f${i}`, [], { url }));
      capture.onCompleted(completed(`f${i}`, 200, [], { url }));
    });
    expect(seen.map((s) => s.exchange.request.url)).toEqual(urls);
  });
});
describe('third-party frames', () => {
  test('a failure made inside a frame of another site names that site; the top page and same-site frames do not', async () => {
    const { thirdPartyFrameOf } = await import('../../src/background/capture');
    const top = 'https://news.example/article';
    // Chrome: frameId and initiator (the frame's origin); the top URL the capture remembered.
    expect(
      thirdPartyFrameOf(
        {
          type: 'xmlhttprequest',
          url: 'https://api.ads.test/bid',
          frameId: 4,
          initiator: 'https://widget.ads.test',
        },
        top,
      ),
    ).toBe('ads.test');
    // Firefox: documentUrl and frameAncestors (top last), no remembered top needed.
    expect(
      thirdPartyFrameOf(
        {
          type: 'xmlhttprequest',
          url: 'https://api.embed.test/me',
          frameId: 7,
          documentUrl: 'https://player.embed.test/v/1',
          frameAncestors: [{ url: top, frameId: 0 }],
        },
        undefined,
      ),
    ).toBe('embed.test');
    // The embedded document itself, refused.
    expect(thirdPartyFrameOf({ type: 'sub_frame', url: 'https://login.partner.test/' }, top)).toBe(
      'partner.test',
    );
    expect(
      thirdPartyFrameOf(
        { type: 'xmlhttprequest', url: 'https://api.other.test/x', frameId: 0 },
        top,
      ),
    ).toBeUndefined();
    expect(
      thirdPartyFrameOf(
        {
          type: 'xmlhttprequest',
          url: 'https://x.test/',
          frameId: 3,
          initiator: 'https://static.news.example',
        },
        top,
      ),
    ).toBeUndefined();
    expect(
      thirdPartyFrameOf(
        { type: 'xmlhttprequest', url: 'https://x.test/', frameId: 3, initiator: 'https://a.test' },
        undefined,
      ),
    ).toBeUndefined();
  });

  test('the capture remembers the tab top document and passes the frame site with failures', () => {
    const seen: Array<string | undefined> = [];
    const capture = createCapture({
      onExchange: (_tabId, _exchange, failure, frame) => {
        if (failure) seen.push(frame);
      },
      onNavigation: () => undefined,
    });
    capture.onSendHeaders({ ...sent('top'), type: 'main_frame', url: 'https://news.example/' });
    capture.onSendHeaders({ ...sent('ad'), frameId: 2 } as ReturnType<typeof sent>);
    capture.onCompleted({ ...completed('ad', 401), frameId: 2, initiator: 'https://ads.test' });
    capture.onSendHeaders(sent('own'));
    capture.onCompleted(completed('own', 401));
    expect(seen).toEqual(['ads.test', undefined]);
  });
});
