// Which failures deserve a desktop notification, and how they are grouped. Pure, so the rate
// limit is unit-tested; notifications.ts shows what this plans.
import { DIAGNOSIS_KINDS } from '../core/diagnosis-kinds';
import { endpointOf } from '../core/url-parts';
import type { StoredFailure } from '../storage/failures';

/** At most one notification per failing endpoint per this window. */
export const ENDPOINT_WINDOW_MS = 60_000;

export interface PlannedNotification {
  tabId: number;
  title: string;
  message: string;
  /** The failures it covers (suppressed repeats included in the counts). */
  count: number;
}

/** The title of the record's most likely diagnosis. */
function topTitle(record: StoredFailure): string | undefined {
  const top = record.diagnoses[0];
  return top && DIAGNOSIS_KINDS[top.id]?.title;
}

export function createNotifyPlanner(windowMs = ENDPOINT_WINDOW_MS) {
  const lastShown = new Map<string, number>();
  const suppressed = new Map<string, number>();

  return {
    /**
     * One notification for a burst of failures (or none): endpoints notified less than a
     * minute ago are left out and counted towards their next notification.
     */
    plan(burst: readonly StoredFailure[], now: number): PlannedNotification | undefined {
      const fresh = new Map<string, { record: StoredFailure; count: number }>();
      for (const record of burst) {
        const endpoint = endpointOf(record.method, record.url);
        const last = lastShown.get(endpoint);
        if (last !== undefined && now - last < windowMs && !fresh.has(endpoint)) {
          suppressed.set(endpoint, (suppressed.get(endpoint) ?? 0) + 1);
          continue;
        }
        const entry = fresh.get(endpoint);
        if (entry) entry.count++;
        else fresh.set(endpoint, { record, count: 1 + (suppressed.get(endpoint) ?? 0) });
      }
      if (fresh.size === 0) return undefined;
      for (const endpoint of fresh.keys()) {
        lastShown.set(endpoint, now);
        suppressed.delete(endpoint);
      }
      const entries = [...fresh.entries()];
      const count = entries.reduce((sum, [, e]) => sum + e.count, 0);
      const first = entries[0]?.[1].record as StoredFailure;
      const line = ([endpoint, { record, count: n }]: (typeof entries)[number]) =>
        `${record.status} ${endpoint}${n > 1 ? ` (×${n})` : ''}: ${topTitle(record) ?? 'authentication failed'}`;
      return {
        tabId: first.tabId,
        title:
          count === 1
            ? `401 Doctor: ${first.status} ${endpointOf(first.method, first.url)}`
            : `401 Doctor: ${count} auth failures`,
        message:
          count === 1
            ? (topTitle(first) ?? 'Authentication failed')
            : entries.slice(0, 4).map(line).join('\n') +
              (entries.length > 4 ? `\n… and ${entries.length - 4} more endpoints` : ''),
        count,
      };
    },
  };
}
