// The memo of buildFacts (src/core/rules/facts-memo.ts): a value parsed before gives the facts
// a fresh parse gives, on every recorded capture; the memo stays bounded; the shared answers
// are frozen so no failure can change another's; forgetRememberedValues empties it.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../../../src/core/bounded-memo';
import { createContext, type DiagnosisContext, recordExchange } from '../../../src/core/context';
import { PROVIDER_KNOWLEDGE } from '../../../src/core/diagnose';
import { isDiagnosedFailure } from '../../../src/core/engine';
import type { Exchange } from '../../../src/core/exchange';
import { importHar } from '../../../src/core/har/import-har';
import { forgetRememberedValues, rememberedValueCount } from '../../../src/core/remembered-values';
import { buildFacts, type Facts } from '../../../src/core/rules/facts';
import { FIXTURES, harFiles } from '../har/fixture-files';
import { createExchange, DEFAULT_TEST_TIME, fakeJwt, headers } from '../support/build';

/** Everything the rules read, as JSON (the context and the exchange are the inputs). */
function comparable(facts: Facts): string {
  const { context: _context, exchange: _exchange, ...rest } = facts;
  return JSON.stringify(rest);
}

/** The facts read with nothing remembered (the memo emptied first). */
function unmemoised(exchange: Exchange, context: DiagnosisContext): Facts {
  forgetRememberedValues();
  return buildFacts(exchange, context, undefined, PROVIDER_KNOWLEDGE);
}

function exchangesOf(file: string): Exchange[] {
  const result = importHar(readFileSync(file, 'utf8'));
  return result.ok ? result.value.exchanges : [];
}

describe('buildFacts with its memo', () => {
  it('gives what a fresh parse gives, failure after failure, on every recorded capture', () => {
    let failures = 0;
    for (const file of harFiles(FIXTURES)) {
      const context = createContext();
      for (const exchange of exchangesOf(file)) {
        if (isDiagnosedFailure(exchange, undefined, context)) {
          failures++;
          const first = buildFacts(exchange, context, undefined, PROVIDER_KNOWLEDGE);
          // The second time every header value comes from the memo.
          const again = buildFacts(exchange, context, undefined, PROVIDER_KNOWLEDGE);
          const read = unmemoised(exchange, context);
          expect(comparable(again), file).toBe(comparable(read));
          expect(comparable(first), file).toBe(comparable(read));
        }
        recordExchange(context, exchange);
      }
    }
    expect(failures).toBeGreaterThan(100);
  });

  it('hands out frozen parses: the same token, challenge and page read twice are the same objects', () => {
    const token = fakeJwt({ sub: 'u1', exp: 1 });
    const exchange = (id: string) =>
      createExchange({
        id,
        request: {
          method: 'GET',
          url: 'https://api.example.test/resource',
          headers: headers({ Authorization: `Bearer ${token}`, Referer: 'https://app.test/x' }),
          time: DEFAULT_TEST_TIME,
          redirectChain: [],
        },
        response: {
          status: 401,
          headers: headers({ 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token"' }),
          time: DEFAULT_TEST_TIME,
        },
      });
    const context = createContext();
    const a = buildFacts(exchange('1'), context);
    const b = buildFacts(exchange('2'), context);
    expect(b.authorizations[0]?.credentials).toBe(a.authorizations[0]?.credentials);
    expect(b.challenges).toBe(a.challenges);
    const jwt = a.jwts[0]?.jwt;
    expect(jwt?.payload).toEqual({ sub: 'u1', exp: 1 });
    expect(Object.isFrozen(jwt?.payload)).toBe(true);
    expect(Object.isFrozen(a.challenges[0]?.params)).toBe(true);
    expect(Object.isFrozen(a.authorizations[0]?.problems)).toBe(true);
    expect(() => {
      (jwt?.payload as Record<string, unknown>).sub = 'someone else';
    }).toThrow(TypeError);
    expect(b.jwts[0]?.jwt?.payload?.sub).toBe('u1');
    // Once the memo is emptied the values are read afresh (and kept again).
    forgetRememberedValues();
    expect(rememberedValueCount()).toBe(0);
    const c = buildFacts(exchange('3'), createContext());
    expect(rememberedValueCount()).toBeGreaterThan(0);
    expect(c.authorizations[0]?.credentials).not.toBe(a.authorizations[0]?.credentials);
    expect(c.authorizations[0]?.credentials).toEqual(a.authorizations[0]?.credentials);
  });

  it('a page candidate that is no URL is remembered as none, and still skipped', () => {
    const context = createContext();
    const exchange = createExchange({
      request: {
        method: 'GET',
        url: 'https://api.example.test/resource',
        headers: headers({ Origin: 'not a url', Referer: 'https://app.test/page' }),
        time: DEFAULT_TEST_TIME,
        redirectChain: [],
      },
    });
    for (let k = 0; k < 2; k++)
      expect(buildFacts(exchange, context).pageOrigin).toBe('https://app.test');
  });
});

describe('BoundedMemo', () => {
  it('keeps at most its limit, dropping the oldest entry first', () => {
    const memo = new BoundedMemo<number>(3);
    for (const [k, v] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      memo.set(k, v);
    memo.set('d', 4);
    expect(memo.size).toBe(3);
    expect(memo.get('a')).toBeUndefined();
    expect([memo.get('b'), memo.get('c'), memo.get('d')]).toEqual([2, 3, 4]);
    // Setting a key it holds drops nothing.
    memo.set('b', 20);
    expect(memo.size).toBe(3);
    expect([memo.get('b'), memo.get('c'), memo.get('d')]).toEqual([20, 3, 4]);
    for (let i = 0; i < 1000; i++) memo.set(`k${i}`, i);
    expect(memo.size).toBe(3);
    expect(memo.get('k999')).toBe(999);
    expect(memo.get('k996')).toBeUndefined();
  });

  it('holds what a map that drops its oldest key holds, whatever the sets, gets and clears', () => {
    const op = fc.oneof(
      fc.record({ set: fc.constantFrom('', 'a', 'b', 'c', 'd', 'e', 'f'), value: fc.nat(9) }),
      fc.constant({ clear: true }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 40 }), (limit, ops) => {
        const memo = new BoundedMemo<number>(limit);
        const model = new Map<string, number>();
        for (const o of ops) {
          if ('clear' in o) {
            memo.clear();
            model.clear();
            continue;
          }
          if (!model.has(o.set) && model.size >= limit)
            model.delete(model.keys().next().value as string);
          model.set(o.set, o.value);
          memo.set(o.set, o.value);
          expect(memo.size).toBe(model.size);
          for (const key of ['', 'a', 'b', 'c', 'd', 'e', 'f'])
            expect(memo.get(key)).toBe(model.get(key));
        }
      }),
      { numRuns: 300 },
    );
  });
});
