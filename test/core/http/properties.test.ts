/**
 * Properties every parser keeps, whatever the input: it never throws, it is linear in the
 * input, and (for challenges) what we serialise parses back to the same thing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChallenges, serializeChallenges } from '../../../src/core/http/parse-challenges';
import { parseCookieHeader, parseSetCookie } from '../../../src/core/http/parse-cookies';
import { parseCredentials } from '../../../src/core/http/parse-credentials';
import type { Challenge } from '../../../src/core/http/types';
import { decodeJwt, isJwtShaped } from '../../../src/core/jwt/decode-jwt';

const PARSERS: [string, (s: string) => unknown][] = [
  ['parseChallenges', parseChallenges],
  ['parseCredentials', parseCredentials],
  ['decodeJwt', decodeJwt],
  ['isJwtShaped', isJwtShaped],
  ['parseSetCookie', parseSetCookie],
  ['parseCookieHeader', parseCookieHeader],
];

/** Characters that steer the scanners into every branch. */
const GRAMMAR_CHARS = [...' \t,;="\\\'/+-._~:@{}[]<>$%\r\n\u0000\u007f\u00e4\ud83d\ude00aZ09eyJ.'];
const grammarish = fc
  .array(fc.constantFrom(...GRAMMAR_CHARS, 'Basic ', 'Bearer ', 'Digest ', 'realm=', 'eyJ'), {
    maxLength: 60,
  })
  .map((parts) => parts.join(''));

describe('no parser throws', () => {
  for (const [name, parse] of PARSERS) {
    it(`${name}: arbitrary strings, grammar-shaped strings, lone surrogates`, () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({ unit: 'binary' }),
            grammarish,
            fc.string({ unit: 'grapheme-composite' }),
          ),
          (s) => {
            expect(() => parse(s)).not.toThrow();
          },
        ),
        { numRuns: 400 },
      );
    });
    it(`${name}: values that are not strings at all`, () => {
      for (const v of [undefined, null, 42, {}, [], ['a'], Symbol.iterator]) {
        expect(() => parse(v as unknown as string)).not.toThrow();
      }
    });
  }

  it('parseChallenges: several field lines', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(grammarish, fc.string())), (lines) => {
        expect(() => parseChallenges(lines)).not.toThrow();
      }),
    );
  });

  it('results survive JSON (messages are data)', () => {
    fc.assert(
      fc.property(grammarish, (s) => {
        const r = parseChallenges(s);
        expect(JSON.parse(JSON.stringify(r))).toEqual(JSON.parse(JSON.stringify(r)));
        expect(r.problems.length).toBeLessThanOrEqual(64);
      }),
    );
  });
});

const TCHARS = "!#$%&'*+-.^_`|~abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const token = fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength: 12 });
const token68 = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...'-._~+/aZ09'), minLength: 1, maxLength: 20 }),
    fc.constantFrom('', '=', '=='),
  )
  .map(([t, pad]) => t + pad);
/** Anything a quoted-string can carry: HTAB, SP, VCHAR, obs-text (RFC 9110 §5.6.4). */
const quotable = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\t', ' ', '"', '\\', ',', '=', 'ä', 'ÿ'),
    fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  ),
  maxLength: 20,
});
const challenge: fc.Arbitrary<Challenge> = fc
  .tuple(
    token.filter((t) => !/^(basic|bearer|digest|dpop|negotiate|ntlm|hoba|mutual)$/i.test(t)),
    fc.oneof(
      token68.map((t) => ({ token68: t })),
      fc
        .dictionary(
          token.map((t) => t.toLowerCase()),
          quotable,
          { maxKeys: 4 },
        )
        .map((params) => ({ params })),
    ),
  )
  .map(([scheme, rest]) => {
    const params = Object.create(null) as Record<string, string>;
    if ('params' in rest) Object.assign(params, rest.params);
    return 'token68' in rest ? { scheme, token68: rest.token68, params } : { scheme, params };
  });

describe('round trip', () => {
  it('serializeChallenges -> parseChallenges gives the same challenges, without errors', () => {
    fc.assert(
      fc.property(fc.array(challenge, { minLength: 1, maxLength: 4 }), (challenges) => {
        const { challenges: back, problems } = parseChallenges(serializeChallenges(challenges));
        expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
        expect(back.map((c) => [c.scheme, c.token68, { ...c.params }])).toEqual(
          challenges.map((c) => [c.scheme, c.token68, { ...c.params }]),
        );
      }),
      { numRuns: 500 },
    );
  });
});

/** Hostile inputs: the shapes that make naive parsers (or regexes) go quadratic. */
const HOSTILE: [string, (n: number) => string][] = [
  ['commas', (n) => ','.repeat(n)],
  ['equals', (n) => '='.repeat(n)],
  ['spaces then junk', (n) => `Basic ${' '.repeat(n)}@`],
  ['open quote', (n) => `Basic realm="${'\\"'.repeat(n / 2)}`],
  ['many params', (n) => `Basic ${'a=b, '.repeat(n / 5)}`],
  ['many duplicate params', (n) => `X ${'a="b",'.repeat(n / 6)}`],
  ['many challenges', (n) => 'A, '.repeat(n / 3)],
  ['junk values', (n) => `X ${'a=b c'.repeat(n / 5)}`],
  ['token68-like', (n) => `Bearer ${'a'.repeat(n)}=`],
  ['dots', (n) => `Bearer eyJ${'.'.repeat(n)}`],
  ['semicolons', (n) => `a=b${';'.repeat(n)}`],
  ['attributes without =', (n) => `a=b${'; Secure'.repeat(n / 8)}`],
  ['backslashes', (n) => `Basic realm="${'\\'.repeat(n)}`],
];

/** The best of 3 runs, in ms: the minimum shrugs off GC pauses and a busy machine. */
/**
 * Best of 5 runs, in milliseconds of this process's CPU time (user + system), not wall time:
 * on a loaded 2-core machine wall time counts the other processes' turns too, and the ratio
 * below then says more about the machine than about the parser.
 */
function time(fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 5; k++) {
    const t0 = process.cpuUsage();
    fn();
    const spent = process.cpuUsage(t0);
    best = Math.min(best, (spent.user + spent.system) / 1000);
  }
  return best;
}

describe('linear time', () => {
  for (const [name, make] of HOSTILE) {
    it(`${name}: 1 MB in well under a second, about 10x the cost of 100 KB`, () => {
      const small = make(100_000);
      const big = make(1_000_000);
      for (const [, parse] of PARSERS) {
        parse(small); // warm up
        const tSmall = Math.max(
          time(() => parse(small)),
          1,
        );
        const tBig = time(() => parse(big));
        expect(tBig).toBeLessThan(500);
        // Linear gives ~10; quadratic would give ~100. Loose for a loaded 2-core machine.
        expect(tBig / tSmall).toBeLessThan(40);
      }
    });
  }
});
