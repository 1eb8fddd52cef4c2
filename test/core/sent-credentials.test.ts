// The credentials a request carried and their fingerprints: the fast paths (names told apart
// without lower-casing, fingerprints read in place, their texts cached) give what the plain
// definitions give.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint, isSessionCookieName, sentCredentials } from '../../src/core/sent-credentials';
import { createExchange } from './support/build';

/** The definition: FNV-1a over the first 16 and last 48 characters past 64, with the length. */
function reference(value: string): string {
  const sample = value.length <= 64 ? value : `${value.slice(0, 16)}${value.slice(-48)}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < sample.length; i++) {
    hash ^= sample.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${(hash >>> 0).toString(16).padStart(8, '0')}:${value.length}`;
}

describe('fingerprint', () => {
  it('is the definition, for short, long and non-ASCII values, asked once or again', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ minLength: 60, maxLength: 200 }),
          fc.string({ unit: 'binary' }),
        ),
        (value) => {
          expect(fingerprint(value)).toBe(reference(value));
          expect(fingerprint(`${value}x`)).toBe(reference(`${value}x`));
          expect(fingerprint(value)).toBe(reference(value));
        },
      ),
    );
  });

  it('two values whose texts share a cache slot each get their own', () => {
    // Found by search: same slot in the text cache, different hash.
    for (const value of ['vwxk', 'v107o', 'vwxk', 'v107o'])
      expect(fingerprint(value)).toBe(reference(value));
    expect(fingerprint('vwxk')).not.toBe(fingerprint('v107o'));
    // Found by search: same length and slot, hashes differing only in their top two bits.
    for (const value of ['t00si2r', 't013080', 't00si2r', 't013080'])
      expect(fingerprint(value)).toBe(reference(value));
    expect(fingerprint('t00si2r')).not.toBe(fingerprint('t013080'));
    // The empty value (its hash is FNV's offset basis, not a 32-bit product).
    expect(fingerprint('')).toBe(reference(''));
    expect(fingerprint('')).toBe(reference(''));
  });
});

describe('sentCredentials header names', () => {
  const send = (name: string, value: string) =>
    sentCredentials(createExchange({ request: { headers: [{ name, value }] } }));

  /** The kind as the header's lower-cased name says. */
  function kindOf(name: string): string | undefined {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'proxy-authorization' || lower === 'cookie')
      return lower;
    return undefined;
  }

  it('tells Authorization, Proxy-Authorization and Cookie apart in any case', () => {
    const names = [
      'authorization',
      'proxy-authorization',
      'cookie',
      'x-api-token',
      'accept',
      'cookies',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        (name, upper) => {
          const cased = [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
          const kinds = send(cased, 'sid=abc; Bearer').map((c) => c.kind);
          const kind = kindOf(cased);
          if (kind) expect(new Set(kinds)).toEqual(new Set([kind]));
          else expect(kinds.every((k) => k === 'header')).toBe(true);
        },
      ),
    );
  });

  it('beyond ASCII, a name is what lower-casing makes of it', () => {
    // The Kelvin sign lower-cases to 'k'; a dotted capital I does not become 'i'.
    expect(send('Coo\u212Aie', 'sid=abc').map((c) => c.kind)).toEqual(['cookie']);
    expect(send('Author\u0130zation', 'Bearer abc').map((c) => c.kind)).toEqual([]);
    expect(send('authorizatio\u00f1', 'Bearer abc').map((c) => c.kind)).toEqual([]);
    expect(send('AUTHORIZATION', 'Bearer abc')).toMatchObject([
      { kind: 'authorization', name: 'authorization', label: 'Authorization header' },
    ]);
  });
});

describe('sentCredentials session cookies', () => {
  it('keeps the cookies whose names look like sessions, names asked again and again', () => {
    // More names than the name memo keeps, each asked twice in a row (other values: not the
    // Cookie header read last), in Cookie headers of 1 to 3 pairs.
    const names = Array.from({ length: 1500 }, (_, i) =>
      i % 3 === 0 ? `sid_${i}` : i % 3 === 1 ? `theme${i}` : `x${i}_token`,
    );
    for (let i = 0; i < names.length; i += 1 + (i % 3))
      for (const round of [0, 1]) {
        const pairs = names.slice(i, i + 1 + (i % 3)).map((name) => `${name}=v${round}`);
        const sent = sentCredentials(
          createExchange({ request: { headers: [{ name: 'Cookie', value: pairs.join('; ') }] } }),
          { sessionCookiesOnly: true, describe: false },
        );
        expect(sent.map((c) => c.name)).toEqual(
          pairs.map((pair) => pair.split('=')[0] ?? '').filter(isSessionCookieName),
        );
      }
  });
});
