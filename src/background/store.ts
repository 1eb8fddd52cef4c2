// Failure history, per tab, in storage.session: memory only (never written to disk), shared by
// the background and the extension pages, and it outlives the MV3 service worker, which the
// browser may stop at any moment (docs/browser-notes.md#worker-lifetime).
//
// Layout: one key per failure (`f:<tab>:<id>`) and a small index per tab (`tab:<tab>`: the
// badge count and the ids in order). A new failure writes itself and its tab's index, never
// the tab's whole history: rewriting hundreds of detailed records on every burst was the
// largest cost of the extension while browsing (bench/overhead.ts).

import { expandDiagnosis } from '../core/compact-diagnosis';
import type { CredentialKind } from '../core/credential-kinds';
import type { CompactDiagnosis, Diagnosis, Failure } from '../core/diagnose';
import type { Severity } from '../core/diagnosis-kinds';
import type { Storage } from '../platform/browser';

/**
 * One captured auth failure, as shown by the popup. Holds no secret: credential kinds, and
 * diagnoses whose evidence the core has already masked. The background writes it with compact
 * diagnoses (`StoredFailure`, no catalogue words); pages read it back with the words
 * (`FailureRecord`).
 */
export interface FailureRecord<D extends CompactDiagnosis = Diagnosis> {
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
  diagnoses: D[];
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

/** A failure as the background writes it. */
export type StoredFailure = FailureRecord<CompactDiagnosis>;

export interface TabFailures {
  tabId: number;
  /** Oldest first. */
  failures: FailureRecord[];
  /** Failures since the tab's last top-level navigation: the badge. */
  sinceNavigation: number;
}

/** One failure in a tab's index: its id, request time and top severity (for the badge). */
export type IndexEntry = [id: string, time: number, severity: Severity];

/** What is stored under `tab:<id>`: enough for the badge and to find the records. */
export interface TabIndex {
  tabId: number;
  /** Failures since the tab's last top-level navigation: the badge. */
  sinceNavigation: number;
  /** Oldest first. */
  entries: IndexEntry[];
}

export interface StoreLimits {
  perTab: number;
  total: number;
}

export const DEFAULT_LIMITS: StoreLimits = { perTab: 200, total: 1000 };

const INDEX = 'tab:';
const RECORD = 'f:';
/** The ids of the tabs that have an index, so a page can read the indexes without the records. */
const DIRECTORY = 'tabs';
const indexKey = (tabId: number) => `${INDEX}${tabId}`;
const recordKey = (tabId: number, id: string) => `${RECORD}${tabId}:${id}`;

export function isTabIndex(value: unknown): value is TabIndex {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as TabIndex).tabId === 'number' &&
    Array.isArray((value as TabIndex).entries)
  );
}

function isRecord(value: unknown): value is StoredFailure {
  return (
    typeof value === 'object' && value !== null && typeof (value as StoredFailure).id === 'string'
  );
}

/** A stored record with its diagnoses' words (compact-diagnosis.ts). */
function fromStored(stored: StoredFailure): FailureRecord {
  return { ...stored, diagnoses: (stored.diagnoses ?? []).map(expandDiagnosis) };
}

function assemble(index: TabIndex, records: Record<string, unknown>): TabFailures {
  const failures: FailureRecord[] = [];
  for (const [id] of index.entries) {
    const record = records[recordKey(index.tabId, id)];
    if (isRecord(record)) failures.push(fromStored(record));
  }
  return { tabId: index.tabId, failures, sinceNavigation: index.sinceNavigation };
}

/** Every tab's failures from a storage snapshot (`storage.session.get(null)`). */
export function tabsFromSnapshot(snapshot: Record<string, unknown>): TabFailures[] {
  const tabs: TabFailures[] = [];
  for (const [key, value] of Object.entries(snapshot)) {
    if (key.startsWith(INDEX) && isTabIndex(value)) tabs.push(assemble(value, snapshot));
  }
  return tabs;
}

/** The failures of one tab (`tabId`) or of every tab, read from storage. */
export async function readTabs(area: Storage.StorageArea, tabId?: number): Promise<TabFailures[]> {
  if (tabId === undefined) return tabsFromSnapshot(await area.get(null));
  const key = indexKey(tabId);
  const index = (await area.get(key))[key];
  if (!isTabIndex(index)) return [];
  const records = await area.get(index.entries.map(([id]) => recordKey(tabId, id)));
  return [assemble(index, records)];
}

export interface RecentFailures {
  /** The tabs with only their newest failures loaded. */
  tabs: TabFailures[];
  /** How many failures are stored in all. */
  total: number;
}

/**
 * The newest `limit` failures of `currentTabId` and the newest `limit` of the other tabs, with
 * the total count: what the popup shows, read without loading every stored record.
 */
export async function readRecent(
  area: Storage.StorageArea,
  currentTabId: number | undefined,
  limit: number,
): Promise<RecentFailures> {
  const directory = (await area.get(DIRECTORY))[DIRECTORY];
  if (!Array.isArray(directory)) {
    const tabs = await readTabs(area);
    return { tabs, total: tabs.reduce((sum, tab) => sum + tab.failures.length, 0) };
  }
  const stored = await area.get(directory.map((tabId) => indexKey(Number(tabId))));
  const indexes = Object.values(stored).filter(isTabIndex);
  const newest = (entries: Array<{ tabId: number; entry: IndexEntry }>) =>
    entries.sort((a, b) => b.entry[1] - a.entry[1]).slice(0, limit);
  const all = indexes.flatMap((index) =>
    index.entries.map((entry) => ({ tabId: index.tabId, entry })),
  );
  const picked = [
    ...newest(all.filter((e) => e.tabId === currentTabId)),
    ...newest(all.filter((e) => e.tabId !== currentTabId)),
  ];
  const records = await area.get(picked.map(({ tabId, entry }) => recordKey(tabId, entry[0])));
  const wanted = new Set(picked.map(({ tabId, entry }) => recordKey(tabId, entry[0])));
  const tabs = indexes.map((index) =>
    assemble(
      { ...index, entries: index.entries.filter(([id]) => wanted.has(recordKey(index.tabId, id))) },
      records,
    ),
  );
  return { tabs, total: all.length };
}

/** Whether a storage change touches the failures of `tabId` (or of any tab). */
export function changesFailures(changes: Record<string, unknown>, tabId?: number): boolean {
  if (tabId !== undefined) return indexKey(tabId) in changes;
  return Object.keys(changes).some((key) => key.startsWith(INDEX));
}

/** Failures that arrive within this window are written together (bursts are common: retries). */
export const FLUSH_DELAY_MS = 50;

export function createStore(area: Storage.StorageArea, limits: StoreLimits = DEFAULT_LIMITS) {
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
      for (const { record } of batch) {
        const index = indexOf(all, record.tabId);
        index.entries.push([record.id, record.time, record.diagnoses[0]?.severity ?? 'error']);
        index.sinceNavigation++;
        write[recordKey(record.tabId, record.id)] = record;
        changed.add(index);
      }
      for (const index of changed) {
        const over = index.entries.length - limits.perTab;
        if (over > 0)
          for (const [id] of index.entries.splice(0, over)) drop.push(recordKey(index.tabId, id));
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
        const entry = oldest?.entries.shift();
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

    /** A top-level navigation started in the tab: the badge count starts again. */
    navigated(tabId: number): Promise<TabIndex> {
      return serial(async () => {
        const all = await loadIndexes();
        const index = all.get(tabId) ?? { tabId, sinceNavigation: 0, entries: [] };
        if (index.sinceNavigation !== 0) {
          index.sinceNavigation = 0;
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

export type Store = ReturnType<typeof createStore>;
