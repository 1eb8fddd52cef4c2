import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUtc } from '../../src/core/time-format';

/** What formatUtc computes, without its cache. */
function uncached(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown time';
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return 'unknown time';
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

describe('formatUtc', () => {
  it('writes UTC to the second', () => {
    expect(formatUtc(Date.UTC(2026, 0, 1, 10, 0, 0, 999))).toBe('2026-01-01 10:00:00 UTC');
    expect(formatUtc(Number.NaN)).toBe('unknown time');
    expect(formatUtc(Number.POSITIVE_INFINITY)).toBe('unknown time');
    // Finite, but outside what Date can hold.
    expect(formatUtc(8.64e15 + 1)).toBe('unknown time');
    expect(formatUtc(-0)).toBe(formatUtc(0));
    // A fraction of a ms is dropped toward zero, and the second is the one it falls in.
    expect(formatUtc(-0.5)).toBe('1970-01-01 00:00:00 UTC');
    expect(formatUtc(-1)).toBe('1969-12-31 23:59:59 UTC');
    expect(formatUtc(1999.9)).toBe('1970-01-01 00:00:01 UTC');
    expect(formatUtc(2000)).toBe('1970-01-01 00:00:02 UTC');
    expect(formatUtc(253_402_300_799_999.5)).toBe('9999-12-31 23:59:59 UTC');
    expect(formatUtc(253_402_300_800_000)).toBe(uncached(253_402_300_800_000));
    for (const ms of [253_402_300_799_000 - 1 / 32, 200_000_000_000_000 - 1 / 32, 1e15 - 0.125])
      expect(formatUtc(ms)).toBe(uncached(ms));
  });

  it('gives the same text from its cache as without it, past the cache size and back', () => {
    // Many distinct times (the cache clears when full) drawn from a few hundred, so some
    // repeat: repeats come from the cache, and after a clear are computed again.
    const times = fc.oneof(
      fc.integer({ min: 0, max: 300 }).map((i) => 1_767_261_000_000 + i * 1000),
      // Times in the same seconds, with fractions, and around the ends of the cached range.
      fc.integer({ min: 0, max: 3000 }).map((i) => 1_767_261_000_000 + i * 0.75),
      fc.double({ min: -3000, max: 3000 }),
      fc.double({ min: 253_402_300_798_000, max: 253_402_300_802_000 }),
      fc.double({ noNaN: false }),
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
    );
    fc.assert(
      fc.property(fc.array(times, { minLength: 1, maxLength: 1500 }), (list) => {
        for (const ms of list) expect(formatUtc(ms)).toBe(uncached(ms));
        for (const ms of list) expect(formatUtc(ms)).toBe(uncached(ms));
      }),
      { numRuns: 20 },
    );
  });
});
