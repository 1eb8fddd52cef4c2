// Accessibility in real Firefox ESR over Marionette (it navigates to moz-extension:// pages,
// switches the content theme at runtime through a pref, and types real keys): axe-core (WCAG
// 2.1 A/AA and best practices) on every page the extension has, light and dark. One browser
// for the whole file.
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { waitFor } from '../../scripts/browsers';
import { tabsFromSnapshot } from '../../src/storage/failures';
import { type AuthServer, startAuthServer } from './support/auth-server';
import {
  AXE_SOURCE,
  type AxeViolation,
  blocking,
  describeViolations,
  RUN_AXE,
} from './support/axe';
import { installFakeDevtools } from './support/fake-devtools';
import { launchFirefoxWithExtension, openWindow, testPageDone } from './support/firefox-extension';
import type { Marionette } from './support/marionette';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/har');

let firefox: Marionette;
let server: AuthServer;
/** moz-extension://<uuid>/ */
let base: string;

beforeAll(async () => {
  server = await startAuthServer();
  ({ firefox, base } = await launchFirefoxWithExtension());
});
afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

/** Content pages follow the light or the dark theme (0 dark, 1 light), applied at once. */
async function setTheme(scheme: 'light' | 'dark') {
  await firefox.setContext('chrome');
  await firefox.execute(
    `Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', arguments[0])`,
    [scheme === 'dark' ? 0 : 1],
  );
  await firefox.setContext('content');
}

/** Navigates the selected tab to an extension page and waits for `selector` in it. */
async function open(path: string, selector: string) {
  await firefox.send('WebDriver:Navigate', { url: `${base}${path}` });
  await until(selector);
}

const until = (selector: string) =>
  waitFor(`${selector} in the page`, () =>
    firefox.execute<true | undefined>(
      'return document.querySelector(arguments[0]) ? true : undefined',
      [selector],
    ),
  );

/** A real click (Marionette's element click: pointer events, user activation). */
async function click(selector: string) {
  const element = await firefox.send<Record<string, string>>('WebDriver:FindElement', {
    using: 'css selector',
    value: selector,
  });
  await firefox.send('WebDriver:ElementClick', { id: Object.values(element)[0] });
}

/** The panel page outside DevTools: the stand-in `devtools` namespace, then its script again. */
async function openPanel(tabId: number, theme: 'default' | 'dark') {
  await firefox.send('WebDriver:Navigate', { url: `${base}panel/index.html` });
  // Its first run stopped at the missing `devtools`; the same script under another URL runs
  // once more, now with the stand-in in place (the modules it imports are shared).
  await firefox.execute(
    `(${installFakeDevtools.toString()})(arguments[0]);
     const main = [...document.scripts].find((s) => s.type === 'module');
     const again = document.createElement('script');
     again.type = 'module';
     again.src = main.src + '?with-devtools';
     document.head.append(again);`,
    [{ tabId, theme }],
  );
  await until('.doctor');
}

const axe = () => firefox.execute<AxeViolation[]>(`${AXE_SOURCE}\n;return ${RUN_AXE};`);

/** Loads the auth server's page (3 failures) in a new tab; resolves with its tab id once stored. */
async function tabWithFailures(): Promise<number> {
  await openWindow(firefox, { url: `${server.origin}/` });
  await testPageDone(firefox);
  await openWindow(firefox, { url: `${base}welcome/index.html` });
  const tab = await waitFor('the tab with its 3 failures', async () =>
    tabsFromSnapshot(
      await firefox.execute<Record<string, unknown>>('return browser.storage.session.get(null)'),
    ).find(
      (t) => t.failures.length === 3 && t.failures.every((f) => f.url.startsWith(server.origin)),
    ),
  );
  return tab.tabId;
}

describe('axe-core: no serious or critical violation', () => {
  test('on the popup, report page, panel, options and welcome page, light and dark', async () => {
    const tabId = await tabWithFailures();
    const openFirstRow = async () => {
      await click('.list .row');
      await until('.detail [data-section="diagnoses"]');
    };
    const checks: { name: string; show(scheme: 'light' | 'dark'): Promise<unknown> }[] = [
      {
        name: 'popup, a diagnosis expanded',
        show: async () => {
          await open('popup/index.html', 'li.failure .toggle');
          await click('li.failure .toggle');
          await until('li.failure .details');
        },
      },
      {
        name: 'report, a captured failure open',
        show: async () => {
          await open(`report/index.html?tab=${tabId}`, '.list .row');
          await openFirstRow();
        },
      },
      {
        name: 'report, an imported HAR',
        show: async () => {
          await open('report/index.html', '[data-import-input]');
          const input = await firefox.send<Record<string, string>>('WebDriver:FindElement', {
            using: 'css selector',
            value: '[data-import-input]',
          });
          await firefox.send('WebDriver:ElementSendKeys', {
            id: Object.values(input)[0],
            text: join(FIXTURES, 'express-bearer-jwt.har'),
          });
          await until('.list .row[data-diagnosis="jwt-expired"]');
          for (const severity of ['warning', 'info', 'error'])
            if (
              await firefox.execute(`return !!document.querySelector(arguments[0])`, [
                `.list .row[data-severity="${severity}"]`,
              ])
            )
              await click(`.list .row[data-severity="${severity}"]`);
          await click('.list .row[data-diagnosis="jwt-expired"]');
          await click('.detail [data-action="reveal"]');
        },
      },
      {
        name: 'DevTools panel',
        show: async (scheme) => {
          await openPanel(tabId, scheme === 'dark' ? 'dark' : 'default');
          await until('.list .row');
          await openFirstRow();
        },
      },
      { name: 'options', show: () => open('options/index.html', 'fieldset') },
      { name: 'welcome', show: () => open('welcome/index.html', 'h1') },
    ];
    const found: string[] = [];
    let checked = 0;
    for (const scheme of ['light', 'dark'] as const) {
      await setTheme(scheme);
      for (const check of checks) {
        await check.show(scheme);
        expect(
          await firefox.execute('return matchMedia("(prefers-color-scheme: dark)").matches'),
        ).toBe(scheme === 'dark');
        const violations = blocking(await axe());
        if (violations.length > 0)
          found.push(describeViolations(`${check.name} (${scheme})`, violations));
        checked++;
      }
    }
    expect(checked).toBe(12);
    expect(found.join('\n')).toBe('');
  });
});
