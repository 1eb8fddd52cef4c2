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
