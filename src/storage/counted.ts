// Which failures the badge, notifications and the popup count: the ones a developer would act
// on. An expected 401 (all its diagnoses are `info`: a signed-out probe, a handshake step), a muted
// endpoint or site, and a request made by a third-party frame are kept and listed, but not
// counted, unless the options say so. One answer for the badge, the notifier and the popup.
import type { Severity } from '../core/diagnosis-kinds';
import { parseUrl } from '../core/url-parts';
import { mutedBy, pathPattern } from '../settings/mutes';
import type { Settings } from '../settings/settings';
import type { EvictedGroup, IndexEntry } from './failures';

export type CountPolicy = Pick<Settings, 'countExpected' | 'countThirdPartyFrames' | 'mutes'>;

/** Why a failure is not counted; undefined when it is. */
export type NotCounted = 'expected' | 'muted' | 'third-party';

export interface Countable {
  method: string;
  url: string;
  /** The most severe of its diagnoses (`severityOf`). */
  severity: Severity;
  /** The site of the third-party frame that made the request, when one did. */
  thirdPartyFrame?: string;
  /** How many failures this stands for (evicted groups); 1 when absent. */
  times?: number;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * The most severe of a failure's diagnoses: `info` only when every diagnosis is context (an
 * expected 401, a server-side note), whatever their order.
 */
export function severityOf(diagnoses: ReadonlyArray<{ severity: Severity }>): Severity {
  let worst: Severity = diagnoses.length === 0 ? 'error' : 'info';
  for (const { severity } of diagnoses) if (RANK[severity] > RANK[worst]) worst = severity;
  return worst;
}

/** What the count needs of an index entry (failures.ts). */
export function countableOf(entry: IndexEntry): Countable {
  const [, , severity, method = 'GET', url = '', thirdPartyFrame] = entry;
  return thirdPartyFrame ? { method, url, severity, thirdPartyFrame } : { method, url, severity };
}

/**
 * Evicted groups per tab (failures.ts, EvictedGroup): the first 80 keep their endpoint, up to
 * this many their origin, and at most six more (severity × third-party) hold the rest.
 */
export const MAX_EVICTED_GROUPS = 100;
const ENDPOINT_GROUPS = 80;

/**
 * Adds an index entry the history bounds evicted to its tab's groups (failures.ts,
 * EvictedGroup): under its endpoint, or, with many endpoints, under its origin, or else with
 * the failures no mute can reach. Relabels cannot reach an evicted failure: its severity is the
 * one it had when evicted.
 */
export function addEvicted(groups: EvictedGroup[], entry: IndexEntry): void {
  const [, , severity, method = 'GET', url = '', thirdPartyFrame] = entry;
  const thirdParty = thirdPartyFrame ? 1 : 0;
  const parts = parseUrl(url);
  const levels: Array<[method: string, endpoint: string, room: number]> = [];
  if (parts) {
    levels.push([
      method.toUpperCase(),
      `${parts.origin}${pathPattern(parts.path)}`,
      ENDPOINT_GROUPS,
    ]);
    levels.push(['*', `${parts.origin}/`, MAX_EVICTED_GROUPS]);
  }
  levels.push(['*', '', Infinity]);
  for (const [m, endpoint, room] of levels) {
    const group = groups.find(
      (g) => g[1] === severity && g[2] === m && g[3] === endpoint && g[4] === thirdParty,
    );
    if (group) {
      group[0]++;
      return;
    }
    if (groups.length < room) {
      groups.push([1, severity, m, endpoint, thirdParty]);
      return;
    }
  }
}

/** What the count needs of an evicted group. */
export function countableOfGroup([
  times,
  severity,
  method,
  url,
  thirdParty,
]: EvictedGroup): Countable {
  return thirdParty
    ? { method, url, severity, thirdPartyFrame: 'third-party', times }
    : { method, url, severity, times };
}

/** Why `failure` is left out of the badge and notifications, or undefined when it counts. */
export function whyNotCounted(failure: Countable, policy: CountPolicy): NotCounted | undefined {
  if (mutedBy(policy.mutes, failure)) return 'muted';
  if (failure.thirdPartyFrame && !policy.countThirdPartyFrames) return 'third-party';
  if (failure.severity === 'info' && !policy.countExpected) return 'expected';
  return undefined;
}

/** How many failures count, and how many were left out for each reason. */
export interface Tally {
  counted: number;
  worst: Severity;
  expected: number;
  muted: number;
  thirdParty: number;
}

export function tally(failures: Iterable<Countable>, policy: CountPolicy): Tally {
  const result: Tally = { counted: 0, worst: 'info', expected: 0, muted: 0, thirdParty: 0 };
  for (const failure of failures) {
    const why = whyNotCounted(failure, policy);
    const n = failure.times ?? 1;
    if (why === 'muted') result.muted += n;
    else if (why === 'third-party') result.thirdParty += n;
    else if (why === 'expected') result.expected += n;
    else {
      result.counted += n;
      if (RANK[failure.severity] > RANK[result.worst]) result.worst = failure.severity;
    }
  }
  return result;
}

/** What a tally left out, in words ('' when nothing): for the button's title and the popup. */
export function notCountedText(t: Tally): string {
  const left: string[] = [];
  if (t.expected) left.push(`${t.expected} expected (signed-out checks, sign-in handshakes)`);
  if (t.thirdParty) left.push(`${t.thirdParty} from third-party frames`);
  if (t.muted) left.push(`${t.muted} muted`);
  return left.join(', ');
}
