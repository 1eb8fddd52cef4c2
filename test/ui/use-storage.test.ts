// preread: the popup's first read starts with its script, before any render; a change that came
// while it was read makes useStorage read again, none does not.
import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, expect, test } from 'vitest';
import { preread } from '../../src/ui/use-storage';

beforeEach(() => fakeBrowser.reset());

const concernsTab = (changes: Record<string, unknown>) => 'tab:1' in changes;

test('a read with no change meanwhile is not stale; a change that concerns it while it reads is', async () => {
  const quiet = await preread('session', async () => 'rows', concernsTab);
  expect([quiet.value, quiet.changed]).toEqual(['rows', false]);
  quiet.stop();

  const busy = await preread(
    'session',
    async () => {
      await fakeBrowser.storage.session.set({ 'tab:1': { tabId: 1, entries: [] } });
      return 'rows';
    },
    concernsTab,
  );
  expect(busy.changed).toBe(true);
  busy.stop();
});

test('changes elsewhere do not count, and none count once it stops watching', async () => {
  const other = await preread(
    'session',
    async () => {
      await fakeBrowser.storage.session.set({ 'tab:2': {} });
      await fakeBrowser.storage.local.set({ 'tab:1': {} });
      return 1;
    },
    concernsTab,
  );
  expect(other.changed).toBe(false);
  other.stop();
  await fakeBrowser.storage.session.set({ 'tab:1': {} });
  expect(other.changed).toBe(false);
});

test('a failed read stops watching and fails', async () => {
  await expect(
    preread(
      'session',
      async () => {
        throw new Error('storage refused');
      },
      concernsTab,
    ),
  ).rejects.toThrow('storage refused');
});
