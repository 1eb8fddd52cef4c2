// Accessibility in real Firefox ESR over Marionette (it navigates to moz-extension:// pages,
// switches the content theme at runtime through a pref, and types real keys): axe-core (WCAG
// 2.1 A/AA and best practices) on every page the extension has, light and dark, and a
// keyboard-only walkthrough with visible focus at every step. One browser for the whole file.
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
import { testPageTab } from './support/browser-with-server';
import { installFakeDevtools } from './support/fake-devtools';
import { launchFirefoxWithExtension, openWindow, testPageDone } from './support/firefox-extension';
import { FOCUS_PROBLEM, LAYOUT_PROBLEMS } from './support/focus';
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

let failingTab: Promise<number> | undefined;
/** The auth server's page (3 failures), loaded once for the file; resolves with its tab id. */
const tabWithFailures = () => {
  failingTab ??= loadFailingPage();
  return failingTab;
};

/** Loads the auth server's page in a new tab, then selects a new extension tab. */
/** The window handle of the auth server's page (for requests made after the pages opened). */
let failingPage: string;

async function loadFailingPage(): Promise<number> {
  failingPage = await openWindow(firefox, { url: `${server.origin}/` });
  await testPageDone(firefox);
  await openWindow(firefox, { url: `${base}welcome/index.html` });
  const tab = await testPageTab(
    async () =>
      tabsFromSnapshot(
        await firefox.execute<Record<string, unknown>>('return browser.storage.session.get(null)'),
      ),
    server.origin,
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
        // The replay editor, and the outcome of a replay sent from the extension.
        name: 'report, a replay sent',
        show: async () => {
          await open(`report/index.html?tab=${tabId}`, '.list .row');
          await openFirstRow();
          await click('[data-action="replay"]');
          await until('[data-replay-editor]');
          await click('[data-replay-mode="extension"]');
          await click('[data-action="replay-send"]');
          await until('[data-replay-outcome]');
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
    expect(checked).toBe(14);
    expect(found.join('\n')).toBe('');
  });
});

// WebDriver key codes.
const KEY = {
  Tab: '\uE004',
  Enter: '\uE007',
  Escape: '\uE00C',
  Shift: '\uE008',
  Home: '\uE011',
  ArrowUp: '\uE013',
  ArrowDown: '\uE015',
} as const;

/** Real key presses (Marionette's input actions); `Shift+Tab` holds Shift. */
async function press(combo: string) {
  const names = combo.split('+') as (keyof typeof KEY)[];
  const values = names.map((name) => KEY[name]);
  await firefox.send('WebDriver:PerformActions', {
    actions: [
      {
        type: 'key',
        id: 'keyboard',
        actions: [
          ...values.map((value) => ({ type: 'keyDown', value })),
          ...[...values].reverse().map((value) => ({ type: 'keyUp', value })),
        ],
      },
    ],
  });
  await firefox.send('WebDriver:ReleaseActions');
}

async function expectFocusVisible(step: string) {
  expect(await firefox.execute<string>(FOCUS_PROBLEM), step).toBe('');
}

const focused = (selector: string) =>
  firefox.execute<boolean>('return document.activeElement?.matches(arguments[0]) ?? false', [
    selector,
  ]);

/** Presses Tab (or Shift+Tab) until `selector` has focus, checking visible focus at each stop. */
async function tabTo(selector: string, back = false) {
  for (let i = 1; i <= 40; i++) {
    await press(back ? 'Shift+Tab' : 'Tab');
    await expectFocusVisible(`${back ? 'Shift+Tab' : 'Tab'} #${i} towards ${selector}`);
    if (await focused(selector)) return;
  }
  throw new Error(`${selector} was not reached with the keyboard`);
}

async function pressVisibly(key: string) {
  await press(key);
  await expectFocusVisible(`after ${key}`);
}

const attribute = (selector: string, name: string) =>
  firefox.execute<string | null>(
    'return document.querySelector(arguments[0])?.getAttribute(arguments[1]) ?? null',
    [selector, name],
  );

const poll = <T>(what: string, read: () => Promise<T>, expected: T) =>
  waitFor(what, async () => ((await read()) === expected ? true : undefined), 30_000);

/**
 * A file picker that answers at once with `path` (headless Firefox cannot show the system one):
 * the parent process asks "@mozilla.org/filepicker;1" for it when a file input opens. Counts how
 * often it opened.
 */
async function installFilePicker(path: string) {
  await firefox.setContext('chrome');
  await firefox.execute(
    `
    const win = Services.wm.getMostRecentWindow('navigator:browser');
    win.__pickerPath = arguments[0];
    win.__pickerOpened = 0;
    if (!win.__pickerInstalled) {
      win.__pickerInstalled = true;
      const fileOf = () => {
        const file = Cc['@mozilla.org/file/local;1'].createInstance(Ci.nsIFile);
        file.initWithPath(win.__pickerPath);
        return file;
      };
      const picker = () => ({
        QueryInterface: ChromeUtils.generateQI(['nsIFilePicker']),
        init() {},
        appendFilters() {},
        appendFilter() {},
        appendRawFilter() {},
        defaultString: '',
        defaultExtension: '',
        filterIndex: 0,
        displayDirectory: null,
        displaySpecialDirectory: '',
        addToRecentDocs: false,
        okButtonLabel: '',
        get mode() { return Ci.nsIFilePicker.modeOpen; },
        get file() { return fileOf(); },
        get fileURL() { return Services.io.newFileURI(fileOf()); },
        get files() { return [fileOf()].values(); },
        isModeSupported() { return true; },
        open(callback) {
          win.__pickerOpened++;
          Services.tm.dispatchToMainThread(() => callback.done(Ci.nsIFilePicker.returnOK));
        },
        close() {},
      });
      Components.manager.QueryInterface(Ci.nsIComponentRegistrar).registerFactory(
        Services.uuid.generateUUID(),
        'File picker answering with one file (401 Doctor tests)',
        '@mozilla.org/filepicker;1',
        { createInstance: (iid) => picker().QueryInterface(iid) },
      );
    }
  `,
    [path],
  );
  await firefox.setContext('content');
}

const pickerOpened = async () => {
  await firefox.setContext('chrome');
  const count = await firefox.execute<number>(
    "return Services.wm.getMostRecentWindow('navigator:browser').__pickerOpened",
  );
  await firefox.setContext('content');
  return count;
};

const selected = (name: string) => attribute('.list .row[aria-selected="true"]', name);

/** Arrow keys in the focused list: Home, Down, Up move the selection; the list names it. */
async function arrowThroughList() {
  await pressVisibly('Home');
  await poll('row 0 selected', () => selected('data-index'), '0');
  await pressVisibly('ArrowDown');
  await poll('row 1 selected', () => selected('data-index'), '1');
  expect(await attribute('.list', 'aria-activedescendant')).toBe(await selected('id'));
  await pressVisibly('ArrowUp');
  await poll('row 0 selected again', () => selected('data-index'), '0');
}

describe('keyboard only, with visible focus throughout', () => {
  test('popup: reach a failure, expand its diagnosis, open the full report; report: import a HAR, arrow through the list, open details, copy and reveal', async () => {
    await tabWithFailures();
    await setTheme('light');
    await open('popup/index.html', 'li.failure .toggle');
    const before = await firefox.send<string[]>('WebDriver:GetWindowHandles');
    await tabTo('li.failure .toggle');
    await pressVisibly('Enter');
    expect(await attribute('.toggle:focus', 'aria-expanded')).toBe('true');
    await until('li.failure .details [data-diagnosis]');
    await tabTo('[data-action="report"]', true);
    await press('Enter');
    const report = await waitFor('the report tab', async () =>
      (await firefox.send<string[]>('WebDriver:GetWindowHandles')).find((h) => !before.includes(h)),
    );
    await firefox.send('WebDriver:SwitchToWindow', { handle: report });
    await until('.list .row');
    expect(await firefox.execute('return location.pathname')).toBe('/report/index.html');

    await firefox.execute(`
      window.__copied = [];
      navigator.clipboard.writeText = async (text) => { window.__copied.push(text); };
    `);
    await installFilePicker(join(FIXTURES, 'example-session.har'));
    await tabTo('[data-action="import"]');
    await press('Enter');
    await waitFor('the imported HAR', async () =>
      (
        await firefox.execute<string>(
          `return document.querySelector('[data-message]')?.textContent ?? ''`,
        )
      ).includes('example-session.har')
        ? true
        : undefined,
    );
    expect(await pickerOpened()).toBe(1);

    await tabTo('.list');
    await arrowThroughList();
    for (let i = 0; i < 10 && (await selected('data-diagnosis')) !== 'jwt-expired'; i++)
      await pressVisibly('ArrowDown');
    expect(await selected('data-diagnosis')).toBe('jwt-expired');
    await pressVisibly('Enter');
    await poll('the details open', () => attribute('.detail-pane', 'data-open'), 'yes');
    await poll('focus in the details', () => focused('.detail-pane'), true);
    await expectFocusVisible('the details, opened with Enter');

    await tabTo('[data-action="copy-curl"]');
    await pressVisibly('Enter');
    await poll(
      'the copy message',
      () => firefox.execute<string>(`return document.querySelector('[data-message]')?.textContent`),
      'Copied cURL.',
    );
    expect(await firefox.execute<string>('return window.__copied[0]')).toMatch(/^curl /);

    const value = '[data-credential="Authorization header"] [data-credential-value]';
    await tabTo('[data-credential="Authorization header"] [data-action="reveal"]');
    await pressVisibly('Enter');
    await poll('revealed', () => attribute(value, 'data-revealed'), 'yes');
    await pressVisibly('Enter');
    await poll('hidden again', () => attribute(value, 'data-revealed'), 'no');
    await pressVisibly('Escape');
    await poll('focus back in the list', () => focused('.list'), true);
    await expectFocusVisible('back in the list with Escape');
  });

  test('panel: arrow through the list, open details and return, import a HAR', async () => {
    const tabId = await tabWithFailures();
    await openPanel(tabId, 'default');
    // The tab's 3 failures, and the replays the axe pass sent for them.
    await waitFor('the failures', async () =>
      Number(await attribute('.list', 'data-count')) >= 3 ? true : undefined,
    );
    await tabTo('.list');
    await arrowThroughList();
    await pressVisibly('ArrowDown');
    await pressVisibly('Enter');
    await poll('focus in the details', () => focused('.detail-pane'), true);
    expect(
      await firefox.execute<string>(`return document.querySelector('.detail .url').textContent`),
    ).toBe(await attribute('.list .row[aria-selected="true"] .target', 'title'));
    await tabTo('[data-action="copy-curl"]');
    await pressVisibly('Escape');
    await poll('focus back in the list', () => focused('.list'), true);
    await installFilePicker(join(FIXTURES, 'nginx-basic.har'));
    await tabTo('[data-action="import"]', true);
    await press('Enter');
    await waitFor('the imported HAR', async () =>
      (
        await firefox.execute<string>(
          `return document.querySelector('[data-message]')?.textContent ?? ''`,
        )
      ).includes('nginx-basic.har')
        ? true
        : undefined,
    );
  });
});

describe('what screen readers are given', () => {
  test('rows read as sentences with their place in the list; the panel announces a new failure; the button’s title says what the badge counts', async () => {
    const tabId = await tabWithFailures();
    await openPanel(tabId, 'default');
    await until('.list .row');
    const rows = await firefox.execute<
      { role: string; text: string; index: string; position: string; size: string }[]
    >(`
      const list = document.querySelector('.list');
      return [...list.querySelectorAll('.row')].map((row) => ({
        role: row.getAttribute('role'),
        text: row.textContent.replace(/ +([,:])/g, '$1'),
        index: row.dataset.index,
        position: row.getAttribute('aria-posinset'),
        size: row.getAttribute('aria-setsize') === list.dataset.count ? 'all' : 'wrong',
      }));
    `);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(await attribute('.list', 'role')).toBe('listbox');
    expect(await attribute('.list', 'aria-label')).toBe('Authentication failures');
    for (const row of rows) {
      expect(row.role).toBe('option');
      expect(Number(row.position)).toBe(Number(row.index) + 1);
      expect(row.size).toBe('all');
      // The row's name is its text: hidden separators make it a sentence.
      expect(row.text).toMatch(
        /^401 Unauthorized, GET [^,]+\/api\/[^,]+, (error|warning|info): [^,]+.*, \d\d:\d\d:\d\d$/,
      );
    }

    const panel = await firefox.send<string>('WebDriver:GetWindowHandle');
    expect(
      await firefox.execute('return document.querySelector("[data-announce]").textContent'),
    ).toBe('');
    await firefox.send('WebDriver:SwitchToWindow', { handle: failingPage });
    await firefox.execute(`return fetch('/api/needs-token?live=1').then((r) => r.status)`);
    await firefox.send('WebDriver:SwitchToWindow', { handle: panel });
    const said = await waitFor(
      'the announcement',
      async () =>
        (await firefox.execute<string>(
          'return document.querySelector("[data-announce]").textContent',
        )) || undefined,
      30_000,
    );
    expect(said).toMatch(
      /^1 new failure: 401 Unauthorized, GET [^,]+\/api\/needs-token\?live=1, \w+: /,
    );
    expect(await attribute('[data-announce]', 'role')).toBe('status');

    const [title, badge] = await firefox.execute<[string, string]>(
      `return Promise.all([
        browser.action.getTitle({ tabId: arguments[0] }),
        browser.action.getBadgeText({ tabId: arguments[0] }),
      ])`,
      [tabId],
    );
    expect(title).toMatch(
      new RegExp(
        `^401 Doctor: ${badge} authentication failures in this tab since it loaded; the most serious: error`,
      ),
    );
  });
});

describe('zoom and font size', () => {
  test('the popup at 200 % zoom stays usable by keyboard; the report’s rows grow with a larger default font', async () => {
    await tabWithFailures();
    await firefox.send('WebDriver:SetWindowRect', { width: 1000, height: 800 });
    await open('popup/index.html', 'li.failure .toggle');
    const width = await firefox.execute<number>('return window.innerWidth');
    await firefox.execute(`
      return browser.tabs.getCurrent().then((tab) => browser.tabs.setZoom(tab.id, 2));
    `);
    await waitFor('200 % zoom', async () =>
      (await firefox.execute<number>('return window.innerWidth')) <= width / 2 + 1
        ? true
        : undefined,
    );
    expect(await firefox.execute<string[]>(LAYOUT_PROBLEMS)).toEqual([]);
    await tabTo('li.failure .toggle');
    await pressVisibly('Enter');
    await until('li.failure .details');
    expect(await firefox.execute<string[]>(LAYOUT_PROBLEMS)).toEqual([]);
    await firefox.execute(`
      return browser.tabs.getCurrent().then((tab) => browser.tabs.setZoom(tab.id, 1));
    `);

    // The default proportional font at 32 px instead of 16 (seen here: Firefox applies the pref
    // to pages loaded after the change, so the report is loaded again).
    const tabId = await tabWithFailures();
    await open(`report/index.html?tab=${tabId}`, '.list .row');
    const rowHeight = () =>
      firefox.execute<number>(
        `return document.querySelector('.list .row').getBoundingClientRect().height`,
      );
    expect(await rowHeight()).toBeLessThan(30);
    await firefox.setContext('chrome');
    await firefox.execute(`Services.prefs.setIntPref('font.size.variable.x-western', 32)`);
    await firefox.setContext('content');
    try {
      await open(`report/index.html?tab=${tabId}`, '.list .row');
      await waitFor('taller rows', async () => ((await rowHeight()) >= 48 ? true : undefined));
      const clipped = await firefox.execute<boolean>(`
        return [...document.querySelectorAll('.list .cell')].some(
          (cell) => cell.scrollHeight > cell.offsetHeight + 1,
        );
      `);
      expect(clipped).toBe(false);
    } finally {
      await firefox.setContext('chrome');
      await firefox.execute(`Services.prefs.clearUserPref('font.size.variable.x-western')`);
      await firefox.setContext('content');
    }
  });
});
