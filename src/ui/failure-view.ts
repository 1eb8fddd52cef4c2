// One failure as the panel and the report page show it, whatever it came from: a record the
// background stored (masked values only), a DevTools HAR entry, or an imported HAR file (raw
// values, kept in this page's memory only).

import type { Diagnosis, Failure } from '../core/diagnose';
import type { Exchange } from '../core/exchange';
import { PLATFORMS, type PlatformId, withPlatformInfo } from '../core/platforms';
import type { FailureRecord } from '../storage/failures';

export type FailureSource = 'capture' | 'devtools' | 'har';

export interface FailureView {
  /** Unique within a list. */
  key: string;
  source: FailureSource;
  tabId?: number;
  /** The HAR entry index (imported files), else the position in the list it came from. */
  index: number;
  method: string;
  /** Key-like query parameters masked. */
  url: string;
  status: number;
  statusText?: string;
  /** Request time, ms since the epoch. */
  time: number;
  /** Credential kinds carried: authorization, proxy-authorization, cookie, api-key. */
  carried: string[];
  /** Most likely first. */
  diagnoses: Diagnosis[];
  /** Platform ids. */
  platforms: string[];
  /** The core's full view (challenges, masked credentials with JWT claims, notes), when known. */
  failure?: Failure;
  /**
   * The exchange as the page saw it, raw values included (DevTools entry, imported file). Lives
   * in this page's memory only: never stored, never sent.
   */
  exchange?: Exchange;
  /**
   * The request body the source kept (HAR `postData.text`: DevTools entry, imported file), for
   * the replay editor. Raw: this page's memory only, never stored, shown masked until revealed.
   */
  requestBody?: string;
  /** Set on a replay the user sent: which list entry it replays, and how it was sent. */
  replay?: FailureRecord['replay'];
}

export function viewFromRecord(record: FailureRecord, index = 0): FailureView {
  const view: FailureView = {
    key: `capture:${record.tabId}:${record.id}`,
    source: 'capture',
    tabId: record.tabId,
    index,
    method: record.method,
    url: record.url,
    status: record.status,
    time: record.time,
    carried: record.carried ?? [],
    diagnoses: record.diagnoses ?? [],
    platforms: record.platforms ?? [],
  };
  if (record.statusText) view.statusText = record.statusText;
  if (record.replay) view.replay = record.replay;
  // Records written before the details were stored have none of these.
  if (record.challenges || record.credentials || record.notes) {
    view.failure = {
      ...failureOf(view),
      challenges: record.challenges ?? [],
      credentials: record.credentials ?? [],
      notes: record.notes ?? [],
      ...(record.flow ? { flow: record.flow } : {}),
    };
  }
  return view;
}

export function viewFromFailure(
  failure: Failure,
  exchange: Exchange | undefined,
  source: FailureSource,
  index: number,
  carried: string[],
): FailureView {
  const view: FailureView = {
    key: `${source}:${index}:${failure.id ?? ''}`,
    source,
    index,
    method: failure.method,
    url: failure.url,
    status: failure.status,
    time: failure.time,
    carried,
    diagnoses: failure.diagnoses,
    platforms: failure.platforms.map((p) => p.id),
    failure,
  };
  if (failure.statusText) view.statusText = failure.statusText;
  if (exchange) view.exchange = exchange;
  return view;
}

/** Platform ids with their names and notes (unknown ids, from a newer version, left out). */
function platformMatches(ids: readonly string[]): Failure['platforms'] {
  return ids.flatMap((id) =>
    Object.hasOwn(PLATFORMS, id) ? [withPlatformInfo({ id: id as PlatformId, evidence: [] })] : [],
  );
}

/** The core Failure behind a view (built from the record's fields when it has none). */
export function failureOf(view: FailureView): Failure {
  if (view.failure) return view.failure;
  return {
    status: view.status,
    ...(view.statusText ? { statusText: view.statusText } : {}),
    method: view.method,
    url: view.url,
    time: view.time,
    diagnoses: view.diagnoses,
    platforms: platformMatches(view.platforms),
    challenges: [],
    credentials: [],
    notes: [],
  };
}

/** Newest first, then by key so the order is stable. */
export function newestFirst(a: FailureView, b: FailureView): number {
  return b.time - a.time || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
