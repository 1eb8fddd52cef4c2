// Accessibility in real Chromium: axe-core (WCAG 2.1 A/AA and best practices) on every page the
// extension has, in the light and the dark theme. One browser for the whole file.
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { waitFor } from '../../scripts/browsers';
import {
  AXE_SOURCE,
  type AxeViolation,
  blocking,
  describeViolations,
  RUN_AXE,
} from './support/axe';
import { chromiumWithServer } from './support/browser-with-server';
import { installFakeDevtools } from './support/fake-devtools';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/har');

const env = chromiumWithServer();

async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return (await page.evaluate(RUN_AXE)) as AxeViolation[];
}

/** Loads the auth server's page (3 failures) and resolves with its tab id once stored. */
async function tabWithFailures(): Promise<number> {
  const page = await env.browser.context.newPage();
  await page.goto(`${env.server.origin}/`);
  await page.waitForSelector('body[data-done="yes"]', { state: 'attached' });
  const tab = await waitFor('the tab with its 3 failures', async () =>
    (await env.browser.storedTabs()).find(
      (t) =>
        t.failures.length === 3 && t.failures.every((f) => f.url.startsWith(env.server.origin)),
    ),
  );
  return tab.tabId;
}

describe('axe-core: no serious or critical violation', () => {
  test('on the popup, report page, panel, options and welcome page, light and dark', async () => {
    const tabId = await tabWithFailures();
    interface Check {
      name: string;
      path: string;
      /** Brings the page to the state worth checking (a failure open, a diagnosis expanded). */
      ready(page: Page): Promise<unknown>;
    }
    const openFirstRow = async (page: Page) => {
      await page.locator('.list .row').first().click();
      await page.waitForSelector('.detail [data-section="diagnoses"]');
    };
    const checks: Check[] = [
      {
        name: 'popup, a diagnosis expanded',
        path: 'popup/index.html',
        ready: async (page) => {
          await page.locator('li.failure .toggle').first().click();
          await page.waitForSelector('li.failure .details');
        },
      },
      {
        name: 'report, a captured failure open',
        path: `report/index.html?tab=${tabId}`,
        ready: openFirstRow,
      },
      {
        // Many causes: a selected row of each severity, the JWT decoded, a value revealed.
        name: 'report, an imported HAR',
        path: 'report/index.html',
        ready: async (page) => {
          await page
            .locator('[data-import-input]')
            .setInputFiles(join(FIXTURES, 'express-bearer-jwt.har'));
          await page.waitForSelector('[data-message]');
          for (const severity of ['warning', 'info', 'error']) {
            const row = page.locator(`.list .row[data-severity="${severity}"]`).first();
            if ((await row.count()) > 0) await row.click();
          }
          const expired = page.locator('.list .row[data-diagnosis="jwt-expired"]').first();
          await expired.click();
          await page.locator('.detail [data-action="reveal"]').first().click();
        },
      },
      { name: 'DevTools panel', path: 'panel/index.html', ready: openFirstRow },
      {
        name: 'options',
        path: 'options/index.html',
        ready: (page) => page.waitForSelector('fieldset'),
      },
      { name: 'welcome', path: 'welcome/index.html', ready: (page) => page.waitForSelector('h1') },
    ];
    const found: string[] = [];
    let checked = 0;
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const check of checks) {
        const page = await env.browser.context.newPage();
        await page.setViewportSize({ width: 1200, height: 800 });
        await page.emulateMedia({ colorScheme });
        await page.addInitScript(installFakeDevtools, {
          tabId,
          theme: colorScheme === 'dark' ? ('dark' as const) : ('default' as const),
        });
        await page.goto(env.browser.extensionUrl(check.path));
        await check.ready(page);
        const all = await axe(page);
        if (all.length) console.log(describeViolations(`${check.name} (${colorScheme})`, all));
        const violations = blocking(all);
        if (violations.length > 0)
          found.push(describeViolations(`${check.name} (${colorScheme})`, violations));
        checked++;
        await page.close();
      }
    }
    expect(checked).toBe(12);
    expect(found.join('\n')).toBe('');
  });
});
