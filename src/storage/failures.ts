// The failure store's schema and its readers: what the background writes to storage.session
// (src/background/store.ts is the only writer) and the pages read. Memory only (never written
// to disk), shared by the background and the extension pages, and it outlives the MV3 service
// worker, which the browser may stop at any moment (docs/browser-notes.md#worker-lifetime).
//
// Layout: one key per failure (`f:<tab>:<id>`) and a small index per tab (`tab:<tab>`: the
// badge count and the ids in order), plus the directory of tabs (`tabs`).

import { expandDiagnosis } from '../core/compact-diagnosis';
import type { CredentialKind } from '../core/credential-kinds';
import type { CompactDiagnosis, Diagnosis, Failure } from '../core/diagnose';
import type { Severity } from '../core/diagnosis-kinds';
import type { StorageArea } from '../platform/api';
import { severityOf } from './counted';

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
  /**
   * The OAuth flow that led to the failure, up to it (core/oauth/flow.ts), when one did; then
   * the refresh and retry that followed it, added by the background as they come.
   */
  flow?: Failure['flow'];
  /** Diagnoses an expected 401 explained away, for a later relabel (core/follow-up.ts). */
  superseded?: CompactDiagnosis[];
  /** The site of the third-party frame that made the request (ads, embeds, widgets). */
  thirdPartyFrame?: string;
  /**
   * Set on a replay the user sent from the panel or the report page: which list entry it
   * replays and how it was sent. A replay that succeeded is kept too (no diagnoses).
   */
  replay?: { of: string; mode: 'page' | 'extension' };
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

/**
 * One failure in a tab's index: its id, request time, the most severe of its diagnoses
 * (./counted.ts: `info` means expected, not counted), and what decides whether
 * the badge counts it (./counted.ts): method, URL without its query, third-party frame site.
 * Indexes written before the last three existed still read (they count as before).
 */
export type IndexEntry = [
  id: string,
  time: number,
  severity: Severity,
  method?: string,
  url?: string,
  thirdPartyFrame?: string,
];

/** The index entry of a record. */
export function indexEntry(record: StoredFailure): IndexEntry {
  const query = record.url.search(/[?#]/);
  const entry: IndexEntry = [
    record.id,
    record.time,
    severityOf(record.diagnoses),
    record.method,
    query < 0 ? record.url : record.url.slice(0, query),
  ];
  if (record.thirdPartyFrame) entry.push(record.thirdPartyFrame);
  return entry;
}

/**
 * Failures since the tab's last navigation that the history bounds evicted, grouped by what
 * decides whether the badge counts them (./counted.ts): how many, their severity, method,
 * endpoint (origin and path pattern, ids as `*`: settings/mutes.ts) and whether a third-party
 * frame made them (1) or not (0). The badge counts them with the kept ones under the policy of
 * the moment, so a mute or its undo applies to evicted failures too. Method `*` groups failures
 * by origin only (only site mutes apply), and `*` with endpoint '' every other one (no mute
 * applies): what is left when a tab has more than MAX_EVICTED_GROUPS endpoints.
 */
export type EvictedGroup = [
  count: number,
  severity: Severity,
  method: string,
  endpoint: string,
  thirdParty: 0 | 1,
];

/** What is stored under `tab:<id>`: enough for the badge and to find the records. */
export interface TabIndex {
  tabId: number;
  /**
   * Failures since the tab's last top-level navigation, kept or evicted: the badge. The kept
   * ones are the last `keptSinceNavigation(index)` entries.
   */
  sinceNavigation: number;
  /** Oldest first. */
  entries: IndexEntry[];
  /** Failures since the last navigation that the history bounds evicted (none when absent). */
  evicted?: EvictedGroup[];
}

/** How many failures since the last navigation were evicted. */
export function evictedCount(index: TabIndex): number {
  let count = 0;
  for (const [n] of index.evicted ?? []) count += n;
  return count;
}

/**
 * How many of the tab's last entries are failures since its last navigation (replays and
 * older failures come before them).
 */
export function keptSinceNavigation(index: TabIndex): number {
  return Math.max(0, Math.min(index.entries.length, index.sinceNavigation - evictedCount(index)));
}

export const INDEX = 'tab:';
const RECORD = 'f:';
/** The ids of the tabs that have an index, so a page can read the indexes without the records. */
export const DIRECTORY = 'tabs';
export const indexKey = (tabId: number) => `${INDEX}${tabId}`;
export const recordKey = (tabId: number, id: string) => `${RECORD}${tabId}:${id}`;

export function isTabIndex(value: unknown): value is TabIndex {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as TabIndex).tabId === 'number' &&
    Array.isArray((value as TabIndex).entries) &&
    ((value as TabIndex).evicted === undefined || Array.isArray((value as TabIndex).evicted))
  );
}

export function isRecord(value: unknown): value is StoredFailure {
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
export async function readTabs(area: StorageArea, tabId?: number): Promise<TabFailures[]> {
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
 * The newest `limit` failures of `currentTab` and the newest `limit` of the other tabs, with
 * the total count: what the popup shows, read without loading every stored record. The
 * current tab may still be asked for (a promise): the indexes are read meanwhile.
 */
export async function readRecent(
  area: StorageArea,
  currentTab: number | undefined | Promise<number | undefined>,
  limit: number,
): Promise<RecentFailures> {
  const directory = (await area.get(DIRECTORY))[DIRECTORY];
  if (!Array.isArray(directory)) {
    const tabs = await readTabs(area);
    return { tabs, total: tabs.reduce((sum, tab) => sum + tab.failures.length, 0) };
  }
  const stored = await area.get(directory.map((tabId) => indexKey(Number(tabId))));
  const indexes = Object.values(stored).filter(isTabIndex);
  const currentTabId = await currentTab;
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
