import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeHar } from '../../../src/core/har/analyze-har';
import { importHar } from '../../../src/core/har/import-har';
import { buildHar } from './build-har';

describe('HAR import', () => {
  it('maps entries to exchanges: headers in order with duplicates, times, index', () => {
    const har = buildHar([
      { url: 'https://a.test/x', status: 200, response: { 'Set-Cookie': 'a=1' } },
      {
        url: 'https://a.test/y',
        status: 401,
        time: '2026-01-01T00:00:05.000Z',
        request: { Accept: '*/*' },
        response: { 'WWW-Authenticate': 'Bearer' },
      },
    ]);
    const result = importHar(JSON.stringify(har));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const second = result.value.exchanges[1];
    expect(second?.id).toBe('1');
    expect(second?.request.time).toBe(Date.UTC(2026, 0, 1, 0, 0, 5));
    expect(second?.response.headers).toEqual([{ name: 'WWW-Authenticate', value: 'Bearer' }]);
  });

  it('links redirect hops into the chain of the entry that follows', () => {
    const har = buildHar([
      {
        url: 'http://localhost:4001/api/me',
        status: 307,
        request: { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz01' },
        response: { Location: 'http://127.0.0.1:4002/api/me' },
        redirectURL: 'http://127.0.0.1:4002/api/me',
      },
      {
        url: 'http://127.0.0.1:4002/api/me',
        status: 401,
        response: { 'WWW-Authenticate': 'Bearer realm="api"' },
      },
    ]);
    const result = analyzeHar(har);
    expect(result.ok && result.report.failures[0]?.diagnoses[0]?.id).toBe(
      'redirect-dropped-credentials',
    );
  });

  it.each([
    ['', 'empty'],
    ['{', 'not valid JSON'],
    ['[]', 'no "log" object'],
    ['{"log":{}}', '"log.entries" is missing'],
    ['{"log":{"entries":{}}}', '"log.entries" is missing'],
  ])('broken input %j gives a clear error', (text, message) => {
    const result = importHar(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it('hostile entries are skipped or read defensively, never thrown on', () => {
    const text = JSON.stringify({
      log: {
        entries: [
          null,
          42,
          { request: 'x', response: {} },
          {
            request: { url: 7, headers: 'nope', method: null },
            response: { status: '401', headers: [null, { name: 5 }, { name: 'Server', value: 3 }] },
          },
          {
            request: {
              url: 'https://a.test/',
              headers: [
                { name: '__proto__', value: 'x' },
                { name: 'constructor', value: 'y' },
              ],
            },
            response: { status: 401, headers: [], content: { text: 'AAAA', encoding: 'base64' } },
          },
        ],
      },
    });
    const result = analyzeHar(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.entries).toBe(5);
    expect(result.report.failures.map((f) => f.index)).toEqual([3, 4]);
    expect(result.report.warnings?.join(' ')).toContain('skipped');
  });

  it('deeply nested JSON does not crash', () => {
    const deep = `${'['.repeat(100000)}${']'.repeat(100000)}`;
    const result = importHar(deep);
    expect(result.ok).toBe(false);
  });

  it('a HAR with every secret header stripped (Chrome "sanitized" export) still analyses and says so', () => {
    const har = buildHar(
      [
        {
          url: 'https://a.test/api',
          status: 401,
          response: { 'WWW-Authenticate': 'Bearer realm="api"' },
        },
      ],
      'WebInspector',
    );
    const result = analyzeHar(har);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.warnings?.join(' ')).toContain('sanitized');
    const failure = result.report.failures[0];
    expect(failure?.notes?.join(' ')).toContain('removed');
    expect(failure?.diagnoses.find((d) => d.id === 'no-credentials')?.evidence.join(' ')).toContain(
      'sanitized',
    );
  });

  it('a successful request never yields a failure', () => {
    const har = buildHar([
      { url: 'https://a.test/ok', status: 200, request: { Authorization: 'Bearer undefined' } },
      { url: 'https://a.test/redirect', status: 302, response: { Location: '/ok' } },
    ]);
    const result = analyzeHar(har);
    expect(result.ok && result.report.failures).toEqual([]);
  });

  it('403s about auth are reported by default, other 403s only when asked for', () => {
    const har = buildHar([
      {
        url: 'https://a.test/admin',
        status: 403,
        request: { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' },
      },
      { url: 'https://a.test/static/page', status: 403 },
      {
        url: 'https://a.test/challenged',
        status: 403,
        response: { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' },
      },
    ]);
    const plain = analyzeHar(har);
    expect(plain.ok && plain.report.failures.map((f) => f.index)).toEqual([0, 2]);
    expect(plain.ok && plain.report.failures[0]?.diagnoses[0]?.id).toBe(
      'forbidden-not-unauthorized',
    );
    const all = analyzeHar(har, { statuses: new Set([401, 403, 407]) });
    expect(all.ok && all.report.failures.map((f) => f.index)).toEqual([0, 1, 2]);
  });
});

describe("HAR flavours (hand-built in each browser's export shape)", () => {
  it('Firefox: startedDateTime with a UTC offset, cookies arrays, content text', () => {
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'Firefox', version: '153.0' },
        browser: { name: 'Firefox', version: '153.0' },
        pages: [
          {
            startedDateTime: '2026-01-01T01:00:00.000+01:00',
            id: 'page_1',
            title: 'x',
            pageTimings: {},
          },
        ],
        entries: [
          {
            pageref: 'page_1',
            startedDateTime: '2026-01-01T01:00:00.000+01:00',
            request: {
              bodySize: 0,
              method: 'GET',
              url: 'https://api.example.test/me',
              httpVersion: 'HTTP/2',
              headers: [
                { name: 'Host', value: 'api.example.test' },
                { name: 'Authorization', value: 'Bearer undefined' },
              ],
              cookies: [],
              queryString: [],
              headersSize: 120,
            },
            response: {
              status: 401,
              statusText: 'Unauthorized',
              httpVersion: 'HTTP/2',
              headers: [{ name: 'www-authenticate', value: 'Bearer realm="api"' }],
              cookies: [],
              content: { mimeType: 'application/json', size: 2, text: '{}' },
              redirectURL: '',
              headersSize: 90,
              bodySize: 2,
            },
            cache: {},
            timings: { blocked: 0, dns: 0, connect: 0, ssl: 0, send: 0, wait: 10, receive: 0 },
            time: 10,
            _securityState: 'secure',
            serverIPAddress: '127.0.0.1',
            connection: '443',
          },
        ],
      },
    };
    const result = analyzeHar(JSON.stringify(har));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.failures[0]?.failure.time).toBe(Date.UTC(2026, 0, 1));
    expect(result.report.failures[0]?.diagnoses[0]?.id).toBe('placeholder-token');
  });

  it('Chrome DevTools: cookies listed in request.cookies, _initiator, _resourceType, base64 body', () => {
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'WebInspector', version: '537.36' },
        pages: [],
        entries: [
          {
            _initiator: { type: 'script', url: 'http://localhost:4000/app.js' },
            _resourceType: 'fetch',
            startedDateTime: '2026-01-01T00:00:00.000Z',
            time: 5,
            request: {
              method: 'GET',
              url: 'http://127.0.0.1:4001/api/me',
              httpVersion: 'http/1.1',
              headers: [
                { name: 'Authorization', value: 'Bearer Bearer abcdefghijklmnopqrstuvwxyz012345' },
              ],
              queryString: [],
              cookies: [
                {
                  name: 'sid',
                  value: 'FAKE-0123456789',
                  path: '/',
                  domain: '127.0.0.1',
                  expires: null,
                  httpOnly: true,
                  secure: false,
                },
              ],
              headersSize: -1,
              bodySize: 0,
            },
            response: {
              status: 401,
              statusText: 'Unauthorized',
              httpVersion: 'http/1.1',
              headers: [{ name: 'WWW-Authenticate', value: 'Bearer realm="api"' }],
              cookies: [],
              content: {
                size: 20,
                mimeType: 'application/json',
                text: Buffer.from('{"error":"invalid_token"}').toString('base64'),
                encoding: 'base64',
              },
              redirectURL: '',
              headersSize: -1,
              bodySize: -1,
              _transferSize: 300,
              _error: null,
            },
            cache: {},
            timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 3, receive: 1 },
          },
        ],
      },
    };
    const imported = importHar(har);
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    const exchange = imported.value.exchanges[0];
    expect(exchange?.request.type).toBe('fetch');
    expect(exchange?.request.initiator).toBe('http://localhost:4000/app.js');
    expect(exchange?.request.headers.find((h) => h.name === 'Cookie')?.value).toBe(
      'sid=FAKE-0123456789',
    );
    expect(exchange?.response.body).toBe('{"error":"invalid_token"}');
    expect(imported.value.secretsStripped).toBe(false);
    const result = analyzeHar(har);
    expect(result.ok && result.report.failures[0]?.diagnoses[0]?.id).toBe('duplicated-scheme');
  });

  it('Playwright: the recorded fixtures import with their redirect chains', () => {
    const result = importHar(
      readFileSync(new URL('../../fixtures/har/express-cross-origin.har', import.meta.url), 'utf8'),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.creator).toBe('Playwright');
    const redirected = result.value.exchanges.find((e) => e.request.redirectChain.length > 0);
    expect(redirected?.request.redirectChain[0]?.status).toBe(307);
  });
});
