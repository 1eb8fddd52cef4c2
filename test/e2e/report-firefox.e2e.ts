// The report page in real Firefox ESR (puppeteer-core over WebDriver BiDi): the extension's own
// tab navigates itself to report/index.html?tab=<id> (BiDi will not navigate to moz-extension://).
import { join, resolve } from 'node:path';
import type { ElementHandle } from 'puppeteer-core';
import { expect, test } from 'vitest';
import { waitFor } from '../../scripts/browsers';
import { firefoxWithServer, testPageTab } from './support/browser-with-server';

const ROOT = resolve(import.meta.dirname, '../..');

const env = firefoxWithServer();

test('the report page lists the tab’s failures with their diagnoses; a recorded HAR imports in its worker', async () => {
  const page = await env.browser.browser.newPage();
  await page.goto(`${env.server.origin}/`);
  await page.waitForSelector('body[data-done="yes"]');
  const tab = await testPageTab(env.browser.storedTabs, env.server.origin);

  const report = env.browser.extensionPage;
  await report.evaluate((id) => location.assign(`/report/index.html?tab=${id}`), tab.tabId);
  const diagnoses = await waitFor('the report rows', async () => {
    const found = await report
      .$$eval('.list .row', (rows) => rows.map((row) => row.getAttribute('data-diagnosis') ?? ''))
      .catch(() => []);
    return found.length === 3 ? found : undefined;
  });
  expect([...diagnoses].sort()).toEqual(
    [...tab.failures.map((f) => f.diagnoses[0]?.id ?? '')].sort(),
  );
  const first = await waitFor('the detail view', async () =>
    report
      .$eval('.detail [data-section="diagnoses"] [data-diagnosis]', (e) =>
        e.getAttribute('data-diagnosis'),
      )
      .catch(() => undefined),
  );
  expect(first).toBe(diagnoses[0]);

  // A recorded HAR, through the file input.
  const input = (await report.$(
    'input[data-import-input]',
  )) as ElementHandle<HTMLInputElement> | null;
  await input?.uploadFile(join(ROOT, 'test/fixtures/har/example-session.har'));
  const message = await waitFor(
    'the import message',
    async () => {
      const text = await report.$eval('[data-message]', (e) => e.textContent ?? '').catch(() => '');
      return text.includes('example-session.har') ? text : undefined;
    },
    60_000,
  );
  expect(message).toMatch(/2 failures/);
  expect(await report.$eval('.list', (e) => e.getAttribute('data-count'))).toBe('2');
  await page.close();
});
