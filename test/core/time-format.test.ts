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
  });

  it('gives the same text from its cache as without it, past the cache size and back', () => {
    // Many distinct times (the cache clears when full) drawn from a few hundred, so some
    // repeat: repeats come from the cache, and after a clear are computed again.
    const times = fc.oneof(
      fc.integer({ min: 0, max: 300 }).map((i) => 1_767_261_000_000 + i * 1000),
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
