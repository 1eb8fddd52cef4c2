import { expect, test } from 'vitest';
import {
  type AnnouncerClock,
  createAnnouncer,
  failureLabel,
  newFailuresText,
} from '../../src/ui/announce';
import { headers } from '../support/exchange';
import { capturedView, harView } from './views';

const expired = () =>
  harView({
    request: {
      url: 'https://api.example.test/v1/me?x=1',
      headers: headers({ Authorization: 'Bearer undefined' }),
    },
    response: { status: 401, headers: headers({ 'WWW-Authenticate': 'Bearer realm="api"' }) },
  });

test('a row is announced with status in words, method, host and path, severity as a word, cause', () => {
  const view = expired();
  const top = view.diagnoses[0];
  expect(top).toBeDefined();
  const label = failureLabel(view);
  expect(label.startsWith('401 Unauthorized, GET api.example.test/v1/me?x=1, ')).toBe(true);
  expect(label).toContain(`${top?.severity}: ${top?.title}`);
  expect(label).toMatch(/, \d\d:\d\d:\d\d$/);
  // A stored record (masked, no exchange) reads the same way.
  const stored = capturedView({ request: { url: view.url } });
  const storedTop = stored.diagnoses[0];
  expect(failureLabel(stored)).toMatch(/^401 Unauthorized, GET api\.example\.test\/v1\/me\?x=1, /);
  expect(failureLabel(stored)).toContain(`, ${storedTop?.severity}: ${storedTop?.title}, `);
});

/** A clock the test moves by hand; timers run when it passes their time. */
function manualClock() {
  let now = 0;
  const timers: { at: number; run: () => void; id: number }[] = [];
  let ids = 0;
  const clock: AnnouncerClock = {
    now: () => now,
    setTimer: (run, ms) => {
      const id = ++ids;
      timers.push({ at: now + ms, run, id });
      return id;
    },
    clearTimer: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const timer of timers.filter((t) => t.at <= now)) {
      timers.splice(timers.indexOf(timer), 1);
      timer.run();
    }
  };
  return { clock, advance, pending: () => timers.length };
}

test('new failures are announced at once, then at most once per interval, a burst summed up', () => {
  const said: string[] = [];
  const { clock, advance, pending } = manualClock();
  const announcer = createAnnouncer((text) => said.push(text), 5000, clock);
  const view = expired();
  announcer.add([view]);
  expect(said).toEqual([newFailuresText(1, view)]);
  expect(said[0]).toMatch(/^1 new failure: 401 Unauthorized, GET /);
  // Three more within the interval: nothing said yet, then one sentence for the three.
  advance(1000);
  announcer.add([view]);
  advance(1000);
  announcer.add([view, view]);
  expect(said).toHaveLength(1);
  expect(pending()).toBe(1);
  advance(2999);
  expect(said).toHaveLength(1);
  advance(1);
  expect(said[1]).toMatch(/^3 new failures, the latest: 401 Unauthorized, GET /);
  // After a quiet interval the next one is said at once again.
  advance(5000);
  announcer.add([view]);
  expect(said).toHaveLength(3);
  announcer.add([]);
  expect(said).toHaveLength(3);
});

test('a disposed announcer says nothing more', () => {
  const said: string[] = [];
  const { clock, advance } = manualClock();
  const announcer = createAnnouncer((text) => said.push(text), 5000, clock);
  announcer.add([expired()]);
  announcer.add([expired()]);
  announcer.dispose();
  advance(10_000);
  expect(said).toHaveLength(1);
});
