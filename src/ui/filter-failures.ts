import { hostOf } from '../core/url-parts';
import type { FailureView } from './failure-view';

export interface FailureFilter {
  /** '' for any. */
  status: string;
  host: string;
  diagnosis: string;
  /** Free text, matched case-insensitively against method, URL, status, diagnosis ids and titles. */
  text: string;
}

export const NO_FILTER: FailureFilter = { status: '', host: '', diagnosis: '', text: '' };

/** What the filter reads: a view, or a stored record (the popup). */
export type Filterable = Pick<
  FailureView,
  'method' | 'url' | 'status' | 'statusText' | 'diagnoses' | 'platforms'
>;

const searchText = new WeakMap<Filterable, string>();
const hosts = new WeakMap<Filterable, string>();

function haystack(view: Filterable): string {
  let text = searchText.get(view);
  if (text === undefined) {
    text = [
      view.method,
      view.url,
      String(view.status),
      view.statusText ?? '',
      ...view.diagnoses.flatMap((d) => [d.id, d.title]),
      ...view.platforms,
    ]
      .join('\n')
      .toLowerCase();
    searchText.set(view, text);
  }
  return text;
}

/** The host of a view's URL, computed once per view. */
export function viewHost(view: Filterable): string {
  let host = hosts.get(view);
  if (host === undefined) {
    host = hostOf(view.url);
    hosts.set(view, host);
  }
  return host;
}

/** True when the failure passes every filter that is set (the popup sets only `text`). */
export function matchesFilter(view: Filterable, filter: FailureFilter): boolean {
  if (filter.status && String(view.status) !== filter.status) return false;
  if (filter.host && viewHost(view) !== filter.host) return false;
  if (filter.diagnosis && !view.diagnoses.some((d) => d.id === filter.diagnosis)) return false;
  const words = filter.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length > 0) {
    const text = haystack(view);
    for (const word of words) if (!text.includes(word)) return false;
  }
  return true;
}

/** The views that pass the filter, order kept. Linear; the cached search text makes it cheap. */
export function filterFailures(
  views: readonly FailureView[],
  filter: FailureFilter,
): FailureView[] {
  if (!filter.status && !filter.host && !filter.diagnosis && !filter.text.trim())
    return views as FailureView[];
  return views.filter((view) => matchesFilter(view, filter));
}

export interface Facets {
  statuses: string[];
  hosts: string[];
  diagnoses: string[];
}

/** The values each filter can take in `views`, sorted. */
export function facetsOf(views: readonly FailureView[]): Facets {
  const statuses = new Set<string>();
  const hostSet = new Set<string>();
  const diagnoses = new Set<string>();
  for (const view of views) {
    statuses.add(String(view.status));
    const host = viewHost(view);
    if (host) hostSet.add(host);
    for (const d of view.diagnoses) diagnoses.add(d.id);
  }
  return {
    statuses: [...statuses].sort(),
    hosts: [...hostSet].sort(),
    diagnoses: [...diagnoses].sort(),
  };
}
