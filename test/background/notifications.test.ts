import { beforeEach, expect, test, vi } from 'vitest';
import { createNotifier, reportUrl } from '../../src/background/notifications';
import { fakeFailure } from '../support/fake-failure';
import { type FakeNativeBrowser, fakeNativeBrowser } from '../support/fake-native-browser';

let fake: FakeNativeBrowser;
beforeEach(() => {
  fake = fakeNativeBrowser({ notifications: true });
  vi.useFakeTimers();
  return () => vi.useRealTimers();
});

const record = (path: string) =>
  fakeFailure({ id: path, tabId: 7, url: `https://api.example.test${path}`, type: 'fetch' });

test('off by default: nothing is shown', async () => {
  const notifier = createNotifier(fake.browser, () => false);
  notifier.failed(record('/a'));
  await vi.advanceTimersByTimeAsync(2000);
  expect(fake.shown.size).toBe(0);
});

test('without the permission (no notifications namespace) nothing is shown, nothing throws', async () => {
  const withoutPermission = fakeNativeBrowser();
  const notifier = createNotifier(withoutPermission.browser, () => true);
  notifier.failed(record('/a'));
  await vi.advanceTimersByTimeAsync(2000);
  expect(withoutPermission.shown.size).toBe(0);
});

test('a burst of failures becomes one notification; clicking it opens the tab report', async () => {
  const notifier = createNotifier(fake.browser, () => true);
  notifier.failed(record('/a'));
  notifier.failed(record('/b'));
  await vi.advanceTimersByTimeAsync(2000);
  const ids = [...fake.shown.keys()];
  expect(ids).toHaveLength(1);
  const created = fake.shown.get(ids[0] as string);
  expect(created?.title).toBe('401 Doctor: 2 auth failures');
  expect(created?.type).toBe('basic');
  expect(created?.iconUrl).toMatch(/icons\/icon-128\.png$/);

  await notifier.clicked(ids[0] as string);
  expect(fake.openedTabs).toEqual([reportUrl(fake.browser.runtime, 7)]);
  expect(reportUrl(fake.browser.runtime, 7)).toMatch(/report\/index\.html\?tab=7$/);
  expect(fake.shown.size).toBe(0);
});

test('a click after the service worker restarted still opens the right tab report', async () => {
  const before = createNotifier(fake.browser, () => true);
  before.failed({ ...record('/a'), tabId: 12 });
  await vi.advanceTimersByTimeAsync(2000);
  const [id] = [...fake.shown.keys()];
  // The worker stops: its memory is gone; storage.session is not. A new one gets the click.
  const after = createNotifier(fake.browser, () => true);
  await after.clicked(id as string);
  expect(fake.openedTabs).toEqual([reportUrl(fake.browser.runtime, 12)]);
  // Answered once: the map forgets it.
  expect(await fake.browser.storage.session.get('notifications')).toEqual({ notifications: {} });
});

test('only the newest notifications are remembered', async () => {
  const notifier = createNotifier(fake.browser, () => true);
  for (let n = 0; n < 25; n++) {
    notifier.failed({ ...record(`/n${n}`), tabId: n });
    await vi.advanceTimersByTimeAsync(61_000); // past the once-a-minute limit per endpoint
  }
  const { notifications } = await fake.browser.storage.session.get('notifications');
  const remembered = Object.values(notifications as Record<string, number>);
  expect(remembered).toHaveLength(20);
  expect(remembered.at(-1)).toBe(24);
});
