/** Times for people: UTC timestamps and "3 h ago" style durations. Pure; never reads the clock. */

/**
 * The last texts formatUtc made, by timestamp: the rules format the same few times (the
 * request's, a cookie's, a credential's last success) for failure after failure. Cleared when
 * full, so it stays small; timestamps are no secret.
 */
const UTC_TEXTS = new Map<number, string>();
const UTC_TEXTS_MAX = 512;

/** `2026-01-01 10:00:00 UTC` for ms since the epoch; `unknown time` when not finite. */
export function formatUtc(ms: number): string {
  const known = UTC_TEXTS.get(ms);
  if (known !== undefined) return known;
  if (!Number.isFinite(ms)) return 'unknown time';
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return 'unknown time';
  const text = `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  if (UTC_TEXTS.size >= UTC_TEXTS_MAX) UTC_TEXTS.clear();
  UTC_TEXTS.set(ms, text);
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
