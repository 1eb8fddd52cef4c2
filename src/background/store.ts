// The failure store's writer: the background is the only one (src/storage/failures.ts holds
// the schema and the readers the pages use). A new failure writes itself and its tab's index,
// never the tab's whole history: rewriting hundreds of detailed records on every burst was the
// largest cost of the extension while browsing (bench/overhead.ts).

import type { StorageArea } from '../platform/api';
import { DEFAULT_SETTINGS, type Settings } from '../settings/settings';
import { addEvicted } from '../storage/counted';
import {
  DIRECTORY,
  INDEX,
  type IndexEntry,
  indexEntry,
  indexKey,
  isRecord,
  isTabIndex,
  keptSinceNavigation,
  recordKey,
  type StoredFailure,
  type TabIndex,
} from '../storage/failures';

export interface StoreLimits {
  perTab: number;
  total: number;
}

/** The history limits the settings ask for (src/settings/settings.ts holds the defaults). */
export const limitsOf = (settings: Settings): StoreLimits => ({
  perTab: settings.historyPerTab,
  total: settings.historyTotal,
});

/** Failures that arrive within this window are written together (bursts are common: retries). */
export const FLUSH_DELAY_MS = 50;

export function createStore(area: StorageArea, limits: StoreLimits = limitsOf(DEFAULT_SETTINGS)) {
  // Steps run one after the other: webRequest events arrive faster than storage answers.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = queue.then(step, step);
    queue = next.catch(() => undefined);
    return next;
  };

  // The background is the only writer, so the indexes are read once per worker life and then
  // kept here (pages ask it to clear, see messages.ts).
  let indexes: Map<number, TabIndex> | undefined;
  let directorySize = -1;
  async function loadIndexes(): Promise<Map<number, TabIndex>> {
    if (!indexes) {
      indexes = new Map();
      for (const [key, value] of Object.entries(await area.get(null)))
        if (key.startsWith(INDEX) && isTabIndex(value)) indexes.set(value.tabId, value);
    }
    return indexes;
  }
  const indexOf = (all: Map<number, TabIndex>, tabId: number): TabIndex => {
    let index = all.get(tabId);
    if (!index) {
      index = { tabId, sinceNavigation: 0, entries: [] };
      all.set(tabId, index);
    }
    return index;
  };

  /** One more evicted failure since the last navigation, for the badge. */
  const counted = (index: TabIndex, entry: IndexEntry): void => {
    index.evicted ??= [];
    addEvicted(index.evicted, entry);
  };
  /**
   * Takes the oldest `count` entries out of a tab's index, but not those in `spare` (replays
   * just sent: they sit before the badge's window, so they would go first); those since its
   * last navigation go to its evicted groups, so the badge still counts them
   * (storage/failures.ts, EvictedGroup).
   */
  const evict = (index: TabIndex, count: number, spare?: ReadonlySet<string>): IndexEntry[] => {
    const firstSince = index.entries.length - keptSinceNavigation(index);
    if (!spare?.size) {
      const gone = index.entries.splice(0, count);
      for (let i = Math.max(0, firstSince); i < gone.length; i++)
        counted(index, gone[i] as IndexEntry);
      return gone;
    }
    const gone: IndexEntry[] = [];
    const left: IndexEntry[] = [];
    for (const [i, entry] of index.entries.entries()) {
      if (gone.length < count && !spare?.has(entry[0])) {
        gone.push(entry);
        if (i >= firstSince) counted(index, entry);
      } else left.push(entry);
    }
    index.entries = left;
    return gone;
  };

  let pending: {
    record: StoredFailure;
    done: (tab: TabIndex) => void;
    fail: (e: unknown) => void;
  }[] = [];
  let flushScheduled = false;

  async function flush(): Promise<void> {
    const batch = pending;
    pending = [];
    flushScheduled = false;
    try {
      const all = await loadIndexes();
      const write: Record<string, unknown> = {};
      const drop: string[] = [];
      const changed = new Set<TabIndex>();
      const replays = new Set<string>();
      for (const { record } of batch) {
        const index = indexOf(all, record.tabId);
        if (record.replay) {
          // Replays are the user's own checks: listed, but kept out of the badge's window
          // (its last `keptSinceNavigation` entries). Pages order the list by time.
          replays.add(record.id);
          index.entries.splice(
            index.entries.length - keptSinceNavigation(index),
            0,
            indexEntry(record),
          );
        } else {
          index.entries.push(indexEntry(record));
          index.sinceNavigation++;
        }
        write[recordKey(record.tabId, record.id)] = record;
        changed.add(index);
      }
      for (const index of changed) {
        const over = index.entries.length - limits.perTab;
        if (over > 0)
          for (const [id] of evict(index, over, replays)) drop.push(recordKey(index.tabId, id));
      }
      let total = 0;
      for (const index of all.values()) total += index.entries.length;
      while (total > limits.total) {
        // Drop the oldest failure of all tabs.
        let oldest: TabIndex | undefined;
        for (const index of all.values()) {
          const first = index.entries[0];
          if (first && (!oldest || first[1] < (oldest.entries[0]?.[1] ?? Infinity))) oldest = index;
        }
        const entry = oldest && evict(oldest, 1, replays)[0];
        if (!oldest || !entry) break;
        drop.push(recordKey(oldest.tabId, entry[0]));
        changed.add(oldest);
        total--;
      }
      for (const index of changed) write[indexKey(index.tabId)] = index;
      if (all.size !== directorySize) {
        write[DIRECTORY] = [...all.keys()];
        directorySize = all.size;
      }
      for (const key of drop) delete write[key];
      await area.set(write);
      if (drop.length) await area.remove(drop);
      for (const { record, done } of batch) done(indexOf(all, record.tabId));
    } catch (error) {
      indexes = undefined;
      for (const { fail } of batch) fail(error);
    }
  }

  async function forget(all: Map<number, TabIndex>, index: TabIndex): Promise<void> {
    all.delete(index.tabId);
    await area.remove([
      indexKey(index.tabId),
      ...index.entries.map(([id]) => recordKey(index.tabId, id)),
    ]);
    await area.set({ [DIRECTORY]: [...all.keys()] });
    directorySize = all.size;
  }

  return {
    /**
     * Adds a failure to its tab; resolves with the tab's index once written. Failures that
     * arrive within FLUSH_DELAY_MS of each other are written in one step.
     */
    add(record: StoredFailure): Promise<TabIndex> {
      return new Promise((done, fail) => {
        pending.push({ record, done, fail });
        if (!flushScheduled) {
          flushScheduled = true;
          setTimeout(() => void serial(flush), FLUSH_DELAY_MS);
        }
      });
    },

    /**
     * Rewrites a stored failure (a later request settled its diagnosis, core/follow-up.ts, or
     * its OAuth flow went on); resolves with its tab's index, or undefined when the record is
     * gone (or not written yet: its add then resolves with the index).
     */
    update(
      tabId: number,
      id: string,
      change: (record: StoredFailure) => StoredFailure,
    ): Promise<TabIndex | undefined> {
      // Not written yet (it arrived less than FLUSH_DELAY_MS ago): change it before it is.
      const waiting = pending.find((p) => p.record.tabId === tabId && p.record.id === id);
      if (waiting) {
        waiting.record = change(waiting.record);
        return new Promise((done, fail) => {
          const { done: before, fail: failBefore } = waiting;
          waiting.done = (tab) => {
            before(tab);
            done(tab);
          };
          waiting.fail = (error) => {
            failBefore(error);
            fail(error);
          };
        });
      }
      return serial(async () => {
        // Added since this update was asked for (both came in one task: the record's own
        // diagnosis and a later exchange waited on the same context read), not written yet:
        // changed before it is; its own add updates the badge.
        const late = pending.find((p) => p.record.tabId === tabId && p.record.id === id);
        if (late) {
          late.record = change(late.record);
          return undefined;
        }
        const all = await loadIndexes();
        const index = all.get(tabId);
        const position = index?.entries.findIndex(([entryId]) => entryId === id) ?? -1;
        if (!index || position < 0) return undefined;
        const key = recordKey(tabId, id);
        const stored = (await area.get(key))[key];
        if (!isRecord(stored)) return undefined;
        const record = change(stored);
        index.entries[position] = indexEntry(record);
        await area.set({ [key]: record, [indexKey(tabId)]: index });
        return index;
      });
    },

    /** Every tab's index (to show the badges again when what they count changes). */
    indexes(): Promise<TabIndex[]> {
      return serial(async () => [...(await loadIndexes()).values()]);
    },

    /** A top-level navigation started in the tab: the badge count starts again. */
    navigated(tabId: number): Promise<TabIndex> {
      return serial(async () => {
        const all = await loadIndexes();
        const index = all.get(tabId) ?? { tabId, sinceNavigation: 0, entries: [] };
        if (index.sinceNavigation !== 0 || index.evicted) {
          index.sinceNavigation = 0;
          delete index.evicted;
          await area.set({ [indexKey(tabId)]: index });
        }
        return index;
      });
    },

    /** Forgets the failures of one tab, or of every tab; returns the indexes it cleared. */
    clear(tabId?: number): Promise<TabIndex[]> {
      return serial(async () => {
        const all = await loadIndexes();
        const cleared = [...all.values()].filter(
          (index) => tabId === undefined || index.tabId === tabId,
        );
        for (const index of cleared) await forget(all, index);
        return cleared;
      });
    },

    removeTab(tabId: number): Promise<void> {
      return serial(async () => {
        const all = await loadIndexes();
        const index = all.get(tabId);
        if (index) await forget(all, index);
      });
    },
  };
}
