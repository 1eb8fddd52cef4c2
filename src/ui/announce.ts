// What screen readers hear: one sentence per failure (the list's rows), and a polite, rate-limited
// announcement when new failures arrive while the panel or the report is open.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FailureView } from './failure-view';
import { clockTime, hostPath, statusText } from './format';

type Labelled = Pick<FailureView, 'status' | 'method' | 'url' | 'time' | 'diagnoses'>;

/**
 * A failure as one sentence: status (number and words), method, host and path, the severity as
 * a word and the most likely cause, then the time. `401 Unauthorized, GET api.example.com/me,
 * error: The token had expired, 12:00:01`.
 */
export function failureLabel(view: Labelled): string {
  const top = view.diagnoses[0];
  const status = [String(view.status), statusText(view.status)].filter(Boolean).join(' ');
  return [
    status,
    `${view.method} ${hostPath(view.url)}`,
    top ? `${top.severity}: ${top.title}` : 'no diagnosis',
    ...(Number.isFinite(view.time) ? [clockTime(view.time)] : []),
  ].join(', ');
}

/** `1 new failure: <label>` / `3 new failures, the latest: <label>`. */
export function newFailuresText(count: number, latest: Labelled): string {
  return count === 1
    ? `1 new failure: ${failureLabel(latest)}`
    : `${count} new failures, the latest: ${failureLabel(latest)}`;
}

/** At most one announcement per this many ms; a burst is summed up once. */
export const ANNOUNCE_INTERVAL_MS = 5000;

export interface AnnouncerClock {
  now(): number;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

const realClock: AnnouncerClock = {
  now: () => Date.now(),
  setTimer: (run, ms) => setTimeout(run, ms),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/**
 * Rate-limited announcements of new failures: the first is said at once, what arrives within
 * `intervalMs` of the last announcement is counted and said once when the interval is over.
 */
export function createAnnouncer(
  say: (text: string) => void,
  intervalMs = ANNOUNCE_INTERVAL_MS,
  clock: AnnouncerClock = realClock,
) {
  let last = Number.NEGATIVE_INFINITY;
  let pending = 0;
  let latest: Labelled | undefined;
  let timer: unknown;

  const flush = () => {
    timer = undefined;
    if (pending === 0 || !latest) return;
    say(newFailuresText(pending, latest));
    last = clock.now();
    pending = 0;
    latest = undefined;
  };

  return {
    /** New failures, newest first. */
    add(views: readonly Labelled[]): void {
      const newest = views[0];
      if (!newest) return;
      pending += views.length;
      latest = newest;
      const wait = last + intervalMs - clock.now();
      if (wait <= 0) flush();
      else if (timer === undefined) timer = clock.setTimer(flush, wait);
    },
    dispose(): void {
      if (timer !== undefined) clock.clearTimer(timer);
      timer = undefined;
    },
  };
}

/**
 * The text of the live region: new live failures (keys not seen before) once the first load is
 * done; nothing for what was there when the page opened, nor for an imported HAR.
 */
export function useNewFailureAnnouncements(
  live: readonly FailureView[],
  watching: boolean,
): string {
  const [text, setText] = useState('');
  const seen = useRef<Set<string> | undefined>(undefined);
  const announcer = useRef<ReturnType<typeof createAnnouncer> | undefined>(undefined);
  if (!announcer.current) announcer.current = createAnnouncer(setText);
  useEffect(() => () => announcer.current?.dispose(), []);
  useEffect(() => {
    if (!watching) return;
    if (!seen.current) {
      seen.current = new Set(live.map((view) => view.key));
      return;
    }
    const known = seen.current;
    const fresh = live.filter((view) => !known.has(view.key));
    for (const view of fresh) known.add(view.key);
    announcer.current?.add(fresh);
  }, [live, watching]);
  return text;
}
