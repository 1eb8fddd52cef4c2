import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose';
import { headersFromLines, headerValue, headerValues } from '../../src/core/exchange';
import { exchangeFromWebRequest } from '../../src/core/exchange-from-web-request';
import { exchangeFromHarEntry } from '../../src/core/har/import-har';
import { createExchange } from '../support/exchange';

describe('exchange model', () => {
  it('keeps header order and duplicates; lookups are case-insensitive', () => {
    const headers = headersFromLines(['Set-Cookie: a=1', 'set-cookie: b=2', 'X: y', 'broken line']);
    expect(headers).toEqual([
      { name: 'Set-Cookie', value: 'a=1' },
      { name: 'set-cookie', value: 'b=2' },
      { name: 'X', value: 'y' },
    ]);
    expect(headerValues(headers, 'SET-COOKIE')).toEqual(['a=1', 'b=2']);
    expect(headerValue(headers, 'x')).toBe('y');
  });

  it('createExchange: a fixed request time, never the clock', () => {
    expect(createExchange().request.time).toBe(Date.UTC(2026, 0, 1));
    expect(createExchange({ request: { time: 5 } }).response.time).toBe(25);
  });

  it('survives JSON (messages between extension contexts are JSON)', () => {
    const exchange = createExchange({ request: { headers: [{ name: 'A', value: 'b' }] } });
    expect(JSON.parse(JSON.stringify(exchange))).toEqual(exchange);
  });

  it('from webRequest events: redirect hops, status line, initiator; a hidden Cookie is said, not guessed', () => {
    const exchange = exchangeFromWebRequest(
      {
        requestId: '42',
        method: 'get',
        url: 'https://api2.example.test/me',
        timeStamp: Date.UTC(2026, 0, 1),
        type: 'xmlhttprequest',
        initiator: 'https://app.example.test',
        requestHeaders: [{ name: 'Accept', value: '*/*' }],
      },
      {
        statusCode: 401,
        statusLine: 'HTTP/1.1 401 Unauthorized',
        timeStamp: Date.UTC(2026, 0, 1) + 30,
        responseHeaders: [{ name: 'WWW-Authenticate', value: 'Bearer realm="api"' }],
      },
      [
        {
          url: 'https://api.example.test/me',
          statusCode: 307,
          requestHeaders: [{ name: 'Authorization', value: 'Bearer abcdefghijklmnopqrstuvwxyz' }],
        },
      ],
      { extraHeaders: false },
    );
    expect(exchange.id).toBe('42');
    expect(exchange.request.method).toBe('GET');
    expect(exchange.response.statusText).toBe('Unauthorized');
    const failure = diagnose(exchange);
    expect(failure?.diagnoses[0]?.id).toBe('redirect-dropped-credentials');
    expect(failure?.notes.join(' ')).toContain('cookie');
  });

  it('from a DevTools HAR entry (network.onRequestFinished)', () => {
    const exchange = exchangeFromHarEntry({
      startedDateTime: '2026-01-01T00:00:00Z',
      request: {
        method: 'GET',
        url: 'https://a.test/',
        headers: [{ name: 'Authorization', value: 'Bearer null' }],
      },
      response: { status: 401, headers: [] },
    });
    expect(exchange?.request.redirectChain).toEqual([]);
    expect(diagnose(exchange ?? createExchange())?.diagnoses[0]?.id).toBe('placeholder-token');
    expect(exchangeFromHarEntry('nope')).toBeUndefined();
  });
});

describe('header lookups compare names as toLowerCase would', () => {
  // The lookups fold ASCII in place instead of lower-casing every name: they must find
  // exactly what `name.toLowerCase() === wanted` finds, Unicode case mappings included
  // (the Kelvin sign lower-cases to "k", a dotted capital I to two characters).
  const reference = (headers: { name: string; value: string }[], name: string) =>
    headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value);
  const chars = fc.constantFrom(...'aAkKzZ-_1\u212a\u0130i\u0307\u017fsS\u00e9\u00c9'.split(''));
  const name = fc.string({ unit: chars, minLength: 0, maxLength: 4 });

  it('on names made of ASCII letters, case pairs and Unicode special cases', () => {
    fc.assert(
      fc.property(fc.array(name, { maxLength: 6 }), name, (names, wanted) => {
        const headers = names.map((n, i) => ({ name: n, value: String(i) }));
        const expected = reference(headers, wanted);
        expect(headerValues(headers, wanted)).toEqual(expected);
        expect(headerValue(headers, wanted)).toBe(expected[0]);
      }),
      { numRuns: 2000 },
    );
    expect(headerValue([{ name: '\u212aey', value: 'kelvin' }], 'key')).toBe('kelvin');
    expect(headerValue([{ name: 'X-\u0130D', value: 'v' }], 'x-i\u0307d')).toBe('v');
    expect(headerValue([{ name: 'Authorization', value: 'v' }], 'AUTHORIZATION')).toBe('v');
  });
});
