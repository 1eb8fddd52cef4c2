// The real DevTools panel in real Chromium (puppeteer-core: Page.openDevTools gives the DevTools
// front end as a page, and the panel is a frame in it). The panel is shown through DevTools'
// own ViewManager (front-end internals, not an API: if a Chromium update moves it, this test
// says so first). While DevTools is open, network.onRequestFinished enriches the records; axe-core
// then checks the panel as DevTools shows it.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Frame } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/browsers';
import { type AuthServer, startAuthServer } from './support/auth-server';
import {
  AXE_SOURCE,
  type AxeViolation,
  blocking,
  describeViolations,
  RUN_AXE,
} from './support/axe';
import { showPanel } from './support/chromium-devtools';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist/chrome');
const OUT = join(ROOT, 'out');

let browser: Browser;
let server: AuthServer;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  server = await startAuthServer();
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found: install it or set CHROME_PATH');
  browser = await puppeteer.launch({
    executablePath,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`],
  });
  // The worker must run before the first navigation, or its first requests are missed.
  const worker = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'),
    { timeout: 30_000 },
  );
  await (await worker.worker())?.evaluate('true');
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const read = <T>(frame: Frame, expression: string) => frame.evaluate(expression) as Promise<T>;

test('the panel in DevTools lists the inspected tab’s failures live and enriches them with DevTools entries (headers, body)', async () => {
  const page = await browser.newPage();
  await page.goto('about:blank');
  const devtools = await page.openDevTools();
  await devtools.setViewport({ width: 1400, height: 850 });
  const panel = await showPanel(devtools);
  await panel.waitForSelector('.doctor', { timeout: 30_000 });
  expect(await read(panel, 'document.documentElement.dataset.theme')).toBe('light');

  await page.goto(`${server.origin}/`);
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
    .poll(
      () =>
        read(
          panel,
          `(() => {
            const row = [...document.querySelectorAll('.list .row')].find((r) => r.textContent.includes('needs-key?read=1'));
            row?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
            return document.querySelector('.detail')?.dataset.source;
          })()`,
        ),
      { timeout: 30_000 },
    )
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
  await devtools.screenshot({ path: join(OUT, 'panel-devtools-chromium.png') });

  // axe-core in the panel as DevTools shows it (the a11y e2e files check its other home).
  await panel.evaluate(AXE_SOURCE);
  const violations = blocking(await read<AxeViolation[]>(panel, RUN_AXE));
  expect(describeViolations('the DevTools panel', violations)).toBe('');
  await page.close();
});
