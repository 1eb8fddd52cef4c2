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

  it('403s are reported only when asked for', () => {
    const har = buildHar([
      {
        url: 'https://a.test/admin',
        status: 403,
        request: { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' },
      },
    ]);
    const plain = analyzeHar(har);
    expect(plain.ok && plain.report.failures.length).toBe(0);
    const all = analyzeHar(har, { statuses: new Set([401, 403, 407]) });
    expect(all.ok && all.report.failures[0]?.diagnoses[0]?.id).toBe('forbidden-not-unauthorized');
  });
});
