import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { PANEL_ICON, PANEL_PAGE, PANEL_TITLE } from '../../src/devtools/create-panel';

// @webext-core/fake-browser has no devtools namespace: this in-memory one keeps the panels
// created, like DevTools would.
interface FakePanel {
  title: string;
  icon: string;
  page: string;
}
function fakeDevtools() {
  const created: FakePanel[] = [];
  return {
    created,
    panels: {
      themeName: 'default',
      async create(title: string, icon: string, page: string) {
        created.push({ title, icon, page });
        return { onShown: { addListener() {} }, onHidden: { addListener() {} } };
      },
    },
  };
}

let devtools: ReturnType<typeof fakeDevtools>;
beforeEach(() => {
  fakeBrowser.reset();
  devtools = fakeDevtools();
  (fakeBrowser as unknown as { devtools: unknown }).devtools = devtools;
  vi.resetModules();
});
afterEach(() => {
  delete (fakeBrowser as unknown as { devtools?: unknown }).devtools;
});

test('the DevTools page creates one "401 Doctor" panel showing /panel/index.html', async () => {
  await import('../../src/devtools/index');
  await vi.waitFor(() => expect(devtools.created).toHaveLength(1));
  expect(devtools.created).toEqual([
    { title: '401 Doctor', icon: '/icons/icon-32.png', page: '/panel/index.html' },
  ]);
});

test('the paths start with "/" (Chrome resolves them from the root, Firefox from the devtools page)', () => {
  expect(PANEL_TITLE).toBe('401 Doctor');
  expect(PANEL_ICON.startsWith('/')).toBe(true);
  expect(PANEL_PAGE.startsWith('/')).toBe(true);
});
