// Every playground scenario in real Firefox ESR with the extension: the popup shows the
// diagnosis the scenario expects, first, for exactly the requests that failed.
import { expect, test } from 'vitest';
import { startPlayground } from '../../playground/server';
import { waitFor } from '../../scripts/browsers';
import { firefoxWith } from './support/browser-with-server';
import { clickable, expectedDiagnoses, scenarioOfPath } from './support/scenarios';

// Firefox does not report CORS preflights to webRequest listeners of extensions.
const NOT_IN_FIREFOX = new Set(['preflight-401']);

const env = firefoxWith(startPlayground);

test('each scenario, alone in its tab, shows its expected diagnosis first in the popup', async () => {
  for (const scenario of clickable) {
    const page = await env.browser.browser.newPage();
    await page.goto(env.server.url);
    await page.click(`[data-scenario="${scenario.id}"]`);
    await page.waitForSelector(`[data-result="${scenario.id}"]:not([data-status="pending"])`);
  }
  const expected = expectedDiagnoses(NOT_IN_FIREFOX);
  const popup = env.browser.extensionPage;
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
