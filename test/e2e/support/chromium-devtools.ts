// The real DevTools front end in Chromium (puppeteer-core: Page.openDevTools gives it as a page,
// and the extension's panel is a frame in it). The panel is shown through DevTools' own
// ViewManager (front-end internals, not an API: if a Chromium update moves it, the tests that
// use this say so first).
import type { Frame, Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { waitFor } from '../../../scripts/browsers';

/** Shows the extension's panel in the DevTools front end; resolves with the panel's frame. */
export async function showPanel(devtools: Page): Promise<Frame> {
  // DevTools loads extension DevTools pages once its front end has started.
  await waitFor(
    'the extension DevTools page',
    async () => devtools.frames().find((frame) => frame.url().endsWith('/devtools/index.html')),
    60_000,
  );
  const shown = await waitFor(
    'the 401 Doctor panel in DevTools',
    async () =>
      ((await devtools.evaluate(`(async () => {
        try {
          const UI = await import('./ui/legacy/legacy.js');
          const views = UI.ViewManager.ViewManager.instance();
          const id = [...views.views.keys()].find((key) => key.endsWith('401Doctor'));
          if (!id) return undefined;
          await views.showView(id);
          return id;
        } catch {
          return undefined;
        }
      })()`)) as string | undefined) ?? undefined,
    60_000,
  );
  expect(shown).toMatch(/^chrome-extension:\/\/\w+401Doctor$/);
  return waitFor('the panel frame', async () =>
    devtools.frames().find((frame) => frame.url().endsWith('/panel/index.html')),
  );
}
