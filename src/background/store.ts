// Failure history, per tab, in storage.session: memory only (never written to disk), shared by
// the background and the extension pages, and it outlives the MV3 service worker, which the
// browser may stop at any moment (BROWSER-NOTES: "The MV3 worker stops after ~30 s idle").
import type { CredentialKind } from '../core/credential-kinds';
import type { Storage } from '../platform/browser';

/** One captured auth failure. Holds no secret: credential kinds, never values. */
export interface FailureRecord {
  id: string;
  tabId: number;
  method: string;
  url: string;
  status: number;
  /** When the request was sent, ms since the epoch. */
  time: number;
  /** webRequest resource type: xmlhttprequest, main_frame, image, ... */
  type: string;
  carried: CredentialKind[];
}

export interface TabFailures {
  tabId: number;
  /** Oldest first. */
  failures: FailureRecord[];
  /** Failures since the tab's last top-level navigation: the badge. */
  sinceNavigation: number;
}

export interface StoreLimits {
  perTab: number;
  total: number;
}

export const DEFAULT_LIMITS: StoreLimits = { perTab: 200, total: 1000 };

const PREFIX = 'tab:';
const keyOf = (tabId: number) => `${PREFIX}${tabId}`;

export function isTabFailures(value: unknown): value is TabFailures {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as TabFailures).tabId === 'number' &&
    Array.isArray((value as TabFailures).failures)
  );
}

/** Every tab's failures from a storage snapshot (`storage.session.get(null)`). */
export function tabsFromSnapshot(snapshot: Record<string, unknown>): TabFailures[] {
  const tabs: TabFailures[] = [];
  for (const [key, value] of Object.entries(snapshot)) {
    if (key.startsWith(PREFIX) && isTabFailures(value)) tabs.push(value);
  }
  return tabs;
}

export function createStore(area: Storage.StorageArea, limits: StoreLimits = DEFAULT_LIMITS) {
  // Read-modify-write steps run one after the other: webRequest events arrive faster than
  // storage answers, and two interleaved updates of one tab would lose a record.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = queue.then(step, step);
    queue = next.catch(() => undefined);
    return next;
  };

  async function readTab(tabId: number): Promise<TabFailures> {
    const key = keyOf(tabId);
    const stored = (await area.get(key))[key];
    return isTabFailures(stored) ? stored : { tabId, failures: [], sinceNavigation: 0 };
  }

  async function enforceTotal(): Promise<void> {
    const tabs = tabsFromSnapshot(await area.get(null));
    let total = tabs.reduce((sum, tab) => sum + tab.failures.length, 0);
    if (total <= limits.total) return;
    const changed = new Set<TabFailures>();
    while (total > limits.total) {
      // Drop the oldest record of all tabs.
      let oldest: TabFailures | undefined;
      for (const tab of tabs) {
        const first = tab.failures[0];
        if (first && (!oldest || first.time < (oldest.failures[0]?.time ?? Infinity))) oldest = tab;
      }
      if (!oldest) break;
      oldest.failures.shift();
      changed.add(oldest);
      total--;
    }
    const update: Record<string, TabFailures> = {};
    for (const tab of changed) update[keyOf(tab.tabId)] = tab;
    await area.set(update);
  }

  return {
    /** Adds a failure to its tab; returns the tab's updated history. */
    add(record: FailureRecord): Promise<TabFailures> {
      return serial(async () => {
        const tab = await readTab(record.tabId);
        tab.failures.push(record);
        if (tab.failures.length > limits.perTab)
          tab.failures.splice(0, tab.failures.length - limits.perTab);
        tab.sinceNavigation++;
        await area.set({ [keyOf(record.tabId)]: tab });
        await enforceTotal();
        return tab;
      });
    },

    /** A top-level navigation started in the tab: the badge count starts again. */
    navigated(tabId: number): Promise<TabFailures> {
      return serial(async () => {
        const tab = await readTab(tabId);
        if (tab.sinceNavigation !== 0) {
          tab.sinceNavigation = 0;
          await area.set({ [keyOf(tabId)]: tab });
        }
        return tab;
      });
    },

    removeTab(tabId: number): Promise<void> {
      return serial(() => area.remove(keyOf(tabId)));
    },

    all(): Promise<TabFailures[]> {
      return serial(async () => tabsFromSnapshot(await area.get(null)));
    },
  };
}

export type Store = ReturnType<typeof createStore>;
