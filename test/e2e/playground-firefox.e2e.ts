// Every playground scenario in real Firefox ESR with the extension: the popup shows the
// diagnosis the scenario expects, first, for exactly the requests that failed.
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Playground, startPlayground } from '../../playground/server';
import { type FirefoxSession, launchFirefox, waitFor } from '../../scripts/browsers';
import { clickable, expectedDiagnoses, scenarioOfPath } from './support/scenarios';

const DIST = resolve(import.meta.dirname, '../../dist/firefox');

// Firefox does not report CORS preflights to webRequest listeners of extensions.
const NOT_IN_FIREFOX = new Set(['preflight-401']);

let firefox: FirefoxSession;
let playground: Playground;

beforeAll(async () => {
  playground = await startPlayground();
  firefox = await launchFirefox(DIST);
});
afterAll(async () => {
  await firefox?.close();
  await playground?.close();
});

test('each scenario, alone in its tab, shows its expected diagnosis first in the popup', async () => {
  for (const scenario of clickable) {
    const page = await firefox.browser.newPage();
    await page.goto(playground.url);
    await page.click(`[data-scenario="${scenario.id}"]`);
    await page.waitForSelector(`[data-result="${scenario.id}"]:not([data-status="pending"])`);
  }
  const expected = expectedDiagnoses(NOT_IN_FIREFOX);
  const popup = firefox.extensionPage;
  await popup.evaluate(() => location.assign('/popup/index.html'));
  const rows = await waitFor('the popup rows', async () => {
    const found = await popup
      .$$eval('li.failure', (items) =>
        items.map((item) => [
          item.querySelector('.target')?.textContent ?? '',
          item.querySelector('[data-diagnosis]')?.getAttribute('data-diagnosis') ?? null,
        ]),
      )
      .catch(() => []);
    return found.length >= Object.keys(expected).length ? found : undefined;
  });
  const shown: Record<string, string | null> = {};
  for (const [path, diagnosis] of rows) {
    shown[scenarioOfPath(path ?? '', Object.keys(expected))] = diagnosis ?? null;
  }
  expect(shown).toEqual(expected);
});
