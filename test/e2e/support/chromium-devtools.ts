// The real DevTools front end in Chromium (puppeteer-core: Page.openDevTools gives it as a page,
// and the extension's panel is a frame in it). The panel is shown through DevTools' own
// ViewManager (front-end internals, not an API: if a Chromium update moves it, the tests that
// use this say so first).
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { CHROMIUM_ARGS, findChromium, waitFor } from '../../../scripts/browsers';
import { dist } from './browser-with-server';

/** Shows the extension's panel in the DevTools front end; resolves with the panel's frame. */
async function showPanel(devtools: Page): Promise<Frame> {
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

/**
 * Chromium (puppeteer-core, which can open DevTools) with dist/chrome; resolves once the
 * extension's service worker has run: it must run before the first navigation, or its first
 * requests are missed.
 */
export async function launchChromiumForDevtools(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found: install it or set CHROME_PATH');
  const extension = dist('chrome');
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      ...CHROMIUM_ARGS,
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
    ],
  });
  const worker = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'),
    { timeout: 30_000 },
  );
  await (await worker.worker())?.evaluate('true');
  return browser;
}

/**
 * A new tab on about:blank with DevTools open on it (at `viewport`) and the extension's panel
 * shown and rendered.
 */
export async function openPanel(browser: Browser, viewport: { width: number; height: number }) {
  const page = await browser.newPage();
  await page.goto('about:blank');
  const devtools = await page.openDevTools();
  await devtools.setViewport(viewport);
  const panel = await showPanel(devtools);
  await panel.waitForSelector('.doctor', { timeout: 30_000 });
  return { page, devtools, panel };
}

/** Evaluates `expression` in the panel's frame. */
export const read = <T>(frame: Frame, expression: string) =>
  frame.evaluate(expression) as Promise<T>;

/**
 * Opens (mousedown) the first row of the panel's list whose text includes `text` (any row, for
 * '') and resolves with its detail's data-source: 'devtools' once a DevTools entry enriched it.
 */
export const openRowSource = (panel: Frame, text = '') =>
  read<string | undefined>(
    panel,
    `(() => {
      const row = [...document.querySelectorAll('.list .row')].find((r) => r.textContent.includes(${JSON.stringify(text)}));
      row?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
      return document.querySelector('.detail')?.dataset.source;
    })()`,
  );
