// Replay in the real DevTools panel in Chromium: DevTools saw the expired-token request, so the
// panel holds its Authorization raw (masked in the field until revealed); replayed as the page
// (devtools.inspectedWindow.eval) with a fresh token from the playground, it is Fixed (200).
import { join } from 'node:path';
import type { Frame } from 'puppeteer-core';
import { expect, test } from 'vitest';
import { startPlayground } from '../../playground/server';
import { outDir, withBrowserAndServer } from './support/browser-with-server';
import {
  launchChromiumForDevtools,
  openPanel,
  openRowSource,
  read,
} from './support/chromium-devtools';
import { freshAuthorization } from './support/playground';

const env = withBrowserAndServer(launchChromiumForDevtools, startPlayground);

/** Sets a field in the panel as typing would (one input event). */
const fill = (frame: Frame, selector: string, value: string) =>
  frame.evaluate(
    (s, v) => {
      const input = document.querySelector(s) as HTMLInputElement;
      input.value = v;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    selector,
    value,
  );

const click = (frame: Frame, selector: string) =>
  frame.evaluate((s) => (document.querySelector(s) as HTMLElement).click(), selector);

test('the panel replays a request DevTools saw, as the page, with a fresh token: Fixed (200)', async () => {
  const { page, devtools, panel } = await openPanel(env.browser, { width: 1400, height: 900 });

  await page.goto(env.server.url);
  await page.click('[data-scenario="expired-jwt"]');
  const fresh = await freshAuthorization(page);

  // The failure, enriched by the DevTools entry (raw request headers, in the panel's memory).
  await expect.poll(() => openRowSource(panel), { timeout: 30_000 }).toBe('devtools');
  await click(panel, '[data-action="replay"]');
  await panel.waitForSelector('[data-replay-editor]');
  // Held raw, shown masked until revealed.
  const field = '[data-replay-header="authorization"]';
  expect(await read(panel, `document.querySelector('${field}').type`)).toBe('password');
  expect(await read<string>(panel, `document.querySelector('${field}').value`)).toMatch(
    /^Bearer eyJ/,
  );
  await click(panel, '[data-suggestion="paste-fresh-token"] button');
  expect(
    await read(panel, `document.querySelector('[data-replay-claims]')?.textContent ?? ''`),
  ).toContain('"exp"');
  await fill(panel, field, fresh);
  expect(await read(panel, `document.querySelector('[data-replay-mode="page"]').checked`)).toBe(
    true,
  );
  await click(panel, '[data-action="replay-send"]');
  await panel.waitForSelector('[data-replay-outcome="page"]', { timeout: 30_000 });
  expect(
    await read(
      panel,
      `document.querySelector('[data-replay-outcome="page"]').getAttribute('data-replay-status')`,
    ),
  ).toBe('200');
  expect(await read(panel, `document.querySelector('[data-replay-headline]').textContent`)).toBe(
    'Fixed (200)',
  );
  // The replay joins the list as a replay, once.
  await expect
    .poll(() => read(panel, `document.querySelectorAll('.list .row[data-replay="page"]').length`), {
      timeout: 30_000,
    })
    .toBe(1);
  // The result the page's world held for the panel was taken back.
  expect(
    await page.evaluate(() =>
      Object.keys(window).some((key) => key.startsWith('__401DoctorReplay')),
    ),
  ).toBe(false);
  await devtools.screenshot({ path: join(outDir(), 'replay-devtools-chromium.png') });
  await page.close();
});
