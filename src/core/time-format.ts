/** Times for people: UTC timestamps and "3 h ago" style durations. Pure; never reads the clock. */

/**
 * The last texts formatUtc made, by the second they name: the rules format the same few times
 * (a token's expiry, a cookie's, the request's, which falls in the same second as its
 * neighbours') for failure after failure. Cleared when full, so it stays small; times are no
 * secret.
 */
const UTC_TEXTS = new Map<number, string>();
const UTC_TEXTS_MAX = 512;
/** 10000-01-01T00:00:00Z: before it (and from 1970) the text is `YYYY-MM-DD hh:mm:ss UTC`. */
const YEAR_10000 = 253_402_300_800_000;

/** `2026-01-01 10:00:00 UTC` for ms since the epoch; `unknown time` when not finite. */
export function formatUtc(ms: number): string {
  // The text names the second of the Date made from `ms` (which drops any fraction of a ms);
  // in 1970-9999 that second is floor(trunc(ms) / 1000), exact in doubles (an integer below
  // 2^48 divided by 1000: no quotient rounds up to the next whole number).
  const second = ms >= 0 && ms < YEAR_10000 ? Math.floor(Math.trunc(ms) / 1000) : undefined;
  if (second !== undefined) {
    const known = UTC_TEXTS.get(second);
    if (known !== undefined) return known;
  }
  if (!Number.isFinite(ms)) return 'unknown time';
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return 'unknown time';
  const text = `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  if (second !== undefined) {
    if (UTC_TEXTS.size >= UTC_TEXTS_MAX) UTC_TEXTS.clear();
    UTC_TEXTS.set(second, text);
  }
  return text;
}

/** A duration in ms as `2 d 3 h`, `3 h 5 min`, `4 min 10 s`, `12 s`, `250 ms`. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (!Number.isFinite(abs)) return 'an unknown time';
  if (abs < 1000) return `${Math.round(abs)} ms`;
  const s = Math.floor(abs / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return sec > 0 ? `${m} min ${sec} s` : `${m} min`;
  return `${sec} s`;
}

/**
 * `when` relative to `now`: `3 h ago` / `in 5 min` (both in ms since the epoch).
 * `at the same time` within one second.
 */
export function formatRelative(when: number, now: number): string {
  const delta = when - now;
  if (!Number.isFinite(delta)) return 'at an unknown time';
  if (Math.abs(delta) < 1000) return 'at the same time';
  return delta < 0 ? `${formatDuration(delta)} ago` : `in ${formatDuration(delta)}`;
}

/** `when` compared with a reference event: `3 h before the request`, `5 min after the request`. */
export function formatOffset(when: number, reference: number, referenceName: string): string {
  const delta = when - reference;
  if (!Number.isFinite(delta)) return `at an unknown time relative to ${referenceName}`;
  if (Math.abs(delta) < 1000) return `at the moment of ${referenceName}`;
  return `${formatDuration(delta)} ${delta < 0 ? 'before' : 'after'} ${referenceName}`;
}
