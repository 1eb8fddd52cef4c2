// The real DevTools panel in real Chromium (puppeteer-core: Page.openDevTools gives the DevTools
// front end as a page, and the panel is a frame in it). The panel is shown through DevTools'
// own ViewManager (front-end internals, not an API: if a Chromium update moves it, this test
// says so first). While DevTools is open, network.onRequestFinished enriches the records; axe-core
// then checks the panel as DevTools shows it.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { startAuthServer } from './support/auth-server';
import { axeViolations, expectNoBlocking } from './support/axe';
import { outDir, withBrowserAndServer } from './support/browser-with-server';
import {
  launchChromiumForDevtools,
  openPanel,
  openRowSource,
  read,
} from './support/chromium-devtools';

const env = withBrowserAndServer(launchChromiumForDevtools, startAuthServer);

test('the panel in DevTools lists the inspected tab’s failures live and enriches them with DevTools entries (headers, body)', async () => {
  const { page, devtools, panel } = await openPanel(env.browser, { width: 1400, height: 850 });
  expect(await read(panel, 'document.documentElement.dataset.theme')).toBe('light');

  await page.goto(`${env.server.origin}/`);
  await page.waitForSelector('body[data-done="yes"]', { timeout: 30_000 });
  await expect
    .poll(() => read(panel, `document.querySelector('.list')?.dataset.count`), { timeout: 30_000 })
    .toBe('3');

  // DevTools reports a request once its body was read: seen here, Chromium 156 never reports a
  // fetch() whose response body the page left unread (the test page's first requests).
  await page.evaluate(
    `fetch('/api/needs-key?read=1', { headers: { 'X-API-Key': 'wrong-key' } }).then((r) => r.text())`,
  );
  await expect
    .poll(() => read(panel, `document.querySelector('.list')?.dataset.count`), { timeout: 30_000 })
    .toBe('4');
  // Open it: DevTools saw it, so the panel has its headers and its body.
  await expect
    .poll(() => openRowSource(panel, 'needs-key?read=1'), { timeout: 30_000 })
    .toBe('devtools');
  await expect
    .poll(() => read(panel, `document.querySelector('[data-body]')?.textContent`), {
      timeout: 30_000,
    })
    .toContain('"error": "invalid api key"');
  const credential = await read<string>(
    panel,
    `document.querySelector('[data-section="credentials"]')?.textContent ?? ''`,
  );
  expect(credential).toMatch(/X-API-Key/i);
  expect(credential).not.toContain('wrong-key');
  expect(
    await read(
      panel,
      `!!document.querySelector('[data-section="credentials"] [data-action="reveal"]')`,
    ),
  ).toBe(true);
  await devtools.screenshot({ path: join(outDir(), 'panel-devtools-chromium.png') });

  // axe-core in the panel as DevTools shows it (the a11y e2e files check its other home).
  expectNoBlocking('the DevTools panel', await axeViolations(panel));
  await page.close();
});
