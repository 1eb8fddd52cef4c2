import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, expect, test, vi } from 'vitest';
import { createNotifier, reportUrl } from '../../src/background/notifications';
import { browser } from '../../src/platform/browser';
import { fakeFailure } from '../support/fake-failure';

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers();
  return () => vi.useRealTimers();
});

const record = (path: string) =>
  fakeFailure({ id: path, tabId: 7, url: `https://api.example.test${path}`, type: 'fetch' });

test('off by default: nothing is shown', async () => {
  const notifier = createNotifier(() => false);
  notifier.failed(record('/a'));
  await vi.advanceTimersByTimeAsync(2000);
  expect(Object.keys(await browser.notifications.getAll())).toEqual([]);
});

test('a burst of failures becomes one notification; clicking it opens the tab report', async () => {
  const notifier = createNotifier(() => true);
  notifier.failed(record('/a'));
  notifier.failed(record('/b'));
  await vi.advanceTimersByTimeAsync(2000);
  const shown = await browser.notifications.getAll();
  const ids = Object.keys(shown);
  expect(ids).toHaveLength(1);
  const created = fakeBrowser.notifications.getAllCreateOptions() as Record<
    string,
    { title: string; message: string }
  >;
  expect(created[ids[0] as string]?.title).toBe('401 Doctor: 2 auth failures');

  await notifier.clicked(ids[0] as string);
  const tabs = await browser.tabs.query({});
  expect(tabs.map((t) => t.url)).toContain(reportUrl(7));
  expect(reportUrl(7)).toMatch(/report\/index\.html\?tab=7$/);
});
