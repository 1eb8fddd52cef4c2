// Failure history, per tab, in storage.session: memory only (never written to disk), shared by
// the background and the extension pages, and it outlives the MV3 service worker, which the
// browser may stop at any moment (BROWSER-NOTES: "The MV3 worker stops after ~30 s idle").
import type { CredentialKind } from '../core/credential-kinds';
import type { Diagnosis, Failure } from '../core/diagnose';
import type { Storage } from '../platform/browser';

/**
 * One captured auth failure, as shown by the popup. Holds no secret: credential kinds, and
 * diagnoses whose evidence the core has already masked.
 */
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
  /** Most likely first. */
  diagnoses: Diagnosis[];
  /** Platform ids the response points to (nginx, express, ...). */
  platforms: string[];
  /**
   * What the report page shows in detail, as the core gave it: masked credentials (a JWT's
   * header and claims, never its signature), the server's challenges, notes on missing data.
   */
  statusText?: string;
  challenges?: Failure['challenges'];
  credentials?: Failure['credentials'];
  notes?: Failure['notes'];
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

/** Failures that arrive within this window are written together (bursts are common: retries). */
export const FLUSH_DELAY_MS = 50;

export function createStore(area: Storage.StorageArea, limits: StoreLimits = DEFAULT_LIMITS) {
  // Read-modify-write steps run one after the other: webRequest events arrive faster than
  // storage answers, and two interleaved updates of one tab would lose a record.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = queue.then(step, step);
    queue = next.catch(() => undefined);
    return next;
  };

  // Records wait here for the next flush, which reads and writes each tab once for the batch.
  let pending: {
    record: FailureRecord;
    done: (tab: TabFailures) => void;
    fail: (e: unknown) => void;
  }[] = [];
  let flushScheduled = false;
  // Records in storage across all tabs; counted once per worker life, then kept up to date.
  let total: number | undefined;

  async function readTabs(tabIds: number[]): Promise<Map<number, TabFailures>> {
    const stored = await area.get(tabIds.map(keyOf));
    const tabs = new Map<number, TabFailures>();
    for (const tabId of tabIds) {
      const value = stored[keyOf(tabId)];
      tabs.set(tabId, isTabFailures(value) ? value : { tabId, failures: [], sinceNavigation: 0 });
    }
    return tabs;
  }

  async function countAll(): Promise<number> {
    return tabsFromSnapshot(await area.get(null)).reduce(
      (sum, tab) => sum + tab.failures.length,
      0,
    );
  }

  /** Drops the oldest records of any tab until the total fits. Rare: reads everything. */
  async function enforceTotal(): Promise<void> {
    const tabs = tabsFromSnapshot(await area.get(null));
    let count = tabs.reduce((sum, tab) => sum + tab.failures.length, 0);
    const changed = new Set<TabFailures>();
    while (count > limits.total) {
      let oldest: TabFailures | undefined;
      for (const tab of tabs) {
        const first = tab.failures[0];
        if (first && (!oldest || first.time < (oldest.failures[0]?.time ?? Infinity))) oldest = tab;
      }
      if (!oldest) break;
      oldest.failures.shift();
      changed.add(oldest);
      count--;
    }
    const update: Record<string, TabFailures> = {};
    for (const tab of changed) update[keyOf(tab.tabId)] = tab;
    if (changed.size) await area.set(update);
    total = count;
  }

  async function flush(): Promise<void> {
    const batch = pending;
    pending = [];
    flushScheduled = false;
    try {
      total ??= await countAll();
      const tabs = await readTabs([...new Set(batch.map(({ record }) => record.tabId))]);
      for (const { record } of batch) {
        const tab = tabs.get(record.tabId);
        if (!tab) continue;
        tab.failures.push(record);
        tab.sinceNavigation++;
        total++;
      }
      const update: Record<string, TabFailures> = {};
      for (const tab of tabs.values()) {
        const over = tab.failures.length - limits.perTab;
        if (over > 0) {
          tab.failures.splice(0, over);
          total -= over;
        }
        update[keyOf(tab.tabId)] = tab;
      }
      await area.set(update);
      if (total > limits.total) await enforceTotal();
      for (const { record, done } of batch) {
        const tab = tabs.get(record.tabId);
        if (tab) done(tab);
      }
    } catch (error) {
      total = undefined;
      for (const { fail } of batch) fail(error);
    }
  }

  return {
    /**
     * Adds a failure to its tab; resolves with the tab's history once written. Failures that
     * arrive within FLUSH_DELAY_MS of each other are written in one step.
     */
    add(record: FailureRecord): Promise<TabFailures> {
      return new Promise((done, fail) => {
        pending.push({ record, done, fail });
        if (!flushScheduled) {
          flushScheduled = true;
          setTimeout(() => void serial(flush), FLUSH_DELAY_MS);
        }
      });
    },

    /** A top-level navigation started in the tab: the badge count starts again. */
    navigated(tabId: number): Promise<TabFailures> {
      return serial(async () => {
        const tab = (await readTabs([tabId])).get(tabId) as TabFailures;
        if (tab.sinceNavigation !== 0) {
          tab.sinceNavigation = 0;
          await area.set({ [keyOf(tabId)]: tab });
        }
        return tab;
      });
    },

    /** Forgets the failures of one tab, or of every tab; returns the tabs it cleared. */
    clear(tabId?: number): Promise<TabFailures[]> {
      return serial(async () => {
        const tabs = tabsFromSnapshot(await area.get(null)).filter(
          (tab) => tabId === undefined || tab.tabId === tabId,
        );
        await area.remove(tabs.map((tab) => keyOf(tab.tabId)));
        total = undefined;
        return tabs;
      });
    },

    removeTab(tabId: number): Promise<void> {
      return serial(async () => {
        await area.remove(keyOf(tabId));
        total = undefined;
      });
    },

    all(): Promise<TabFailures[]> {
      return serial(async () => tabsFromSnapshot(await area.get(null)));
    },
  };
}

export type Store = ReturnType<typeof createStore>;
