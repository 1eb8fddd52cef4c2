// Accessibility in real Chromium: axe-core (WCAG 2.1 A/AA and best practices) on every page the
// extension has, in the light and the dark theme; a keyboard-only walkthrough with visible focus
// at every step; what screen readers are given (the list's names, the live region, the toolbar
// button's title); reduced motion, 200 % zoom and a large font. One browser for the whole file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { axeViolations, blocking, describeViolations } from './support/axe';
import { chromiumWithServer, testPageTab } from './support/browser-with-server';
import { installFakeDevtools } from './support/fake-devtools';
import { FOCUS_PROBLEM_EXPRESSION, LAYOUT_PROBLEMS } from './support/focus';
import { largeHar } from './support/generated-har';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/har');

const env = chromiumWithServer();

let failingTab: Promise<number> | undefined;
/** The auth server's page (3 failures), loaded once for the file; resolves with its tab id. */
const tabWithFailures = () => {
  failingTab ??= loadFailingPage();
  return failingTab;
};

async function loadFailingPage(): Promise<number> {
  const page = await env.browser.context.newPage();
  await page.goto(`${env.server.origin}/`);
  await page.waitForSelector('body[data-done="yes"]', { state: 'attached' });
  const tab = await testPageTab(env.browser.storedTabs, env.server.origin);
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
      {
        // The replay editor, and the outcome of a replay sent from the extension.
        name: 'report, a replay sent',
        path: `report/index.html?tab=${tabId}`,
        ready: async (page) => {
          await openFirstRow(page);
          await page.locator('[data-action="replay"]').click();
          await page.waitForSelector('[data-replay-editor]');
          await page.locator('[data-replay-mode="extension"]').check();
          await page.locator('[data-action="replay-send"]').click();
          await page.waitForSelector('[data-replay-outcome]');
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
        const all = await axeViolations(page);
        if (all.length) console.log(describeViolations(`${check.name} (${colorScheme})`, all));
        const violations = blocking(all);
        if (violations.length > 0)
          found.push(describeViolations(`${check.name} (${colorScheme})`, violations));
        checked++;
        await page.close();
      }
    }
    expect(checked).toBe(14);
    expect(found.join('\n')).toBe('');
  });
});

/** Fails the test when the focused element has no visible focus indicator. */
async function expectFocusVisible(page: Page, step: string) {
  expect(await page.evaluate(FOCUS_PROBLEM_EXPRESSION), step).toBe('');
}

const focused = (page: Page, selector: string) =>
  page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);

/** Presses Tab (or Shift+Tab) until `selector` has focus, checking visible focus at each stop. */
async function tabTo(page: Page, selector: string, back = false) {
  for (let i = 1; i <= 40; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    await expectFocusVisible(page, `${back ? 'Shift+Tab' : 'Tab'} #${i} towards ${selector}`);
    if (await focused(page, selector)) return;
  }
  throw new Error(`${selector} was not reached with the keyboard`);
}

/**
 * Playwright turns on file-chooser interception when a listener is added, asynchronously: a key
 * press right after may open the (headless, unanswerable) native dialog instead. A listener from
 * the start keeps interception on.
 */
function interceptFileChooser(page: Page) {
  page.on('filechooser', () => undefined);
}

/** Presses `key` and checks that focus is still visible. */
async function press(page: Page, key: string) {
  await page.keyboard.press(key);
  await expectFocusVisible(page, `after ${key}`);
}

const selectedRow = (page: Page) => page.locator('.list .row[aria-selected="true"]');

/** Arrow keys in the focused list: Home, Down, Up move the selection; the list names it. */
async function arrowThroughList(page: Page) {
  await press(page, 'Home');
  await expect.poll(() => selectedRow(page).getAttribute('data-index')).toBe('0');
  await press(page, 'ArrowDown');
  await expect.poll(() => selectedRow(page).getAttribute('data-index')).toBe('1');
  expect(await page.locator('.list').getAttribute('aria-activedescendant')).toBe(
    await selectedRow(page).getAttribute('id'),
  );
  await press(page, 'ArrowUp');
  await expect.poll(() => selectedRow(page).getAttribute('data-index')).toBe('0');
}

describe('keyboard only, with visible focus throughout', () => {
  test('popup: reach a failure, expand its diagnosis, open the full report; report: import a HAR, arrow through the list, open details, copy and reveal', async () => {
    await tabWithFailures();
    const popup = await env.browser.context.newPage();
    await popup.goto(env.browser.extensionUrl('popup/index.html'));
    await popup.waitForSelector('li.failure .toggle');
    await tabTo(popup, 'li.failure .toggle');
    await press(popup, 'Enter');
    expect(await popup.locator('.toggle:focus').getAttribute('aria-expanded')).toBe('true');
    await expect
      .poll(() => popup.locator('li.failure .details [data-diagnosis]').count())
      .toBeGreaterThan(0);
    await tabTo(popup, '[data-action="report"]', true);
    const opened = env.browser.context.waitForEvent('page');
    // The popup closes itself once the report is open: the key press may outlive its page.
    await popup.keyboard.press('Enter').catch(() => undefined);
    const report = await opened;
    interceptFileChooser(report);
    await report.waitForSelector('.list .row');
    expect(report.url()).toContain('/report/index.html');

    // Copies are recorded at the clipboard API.
    await report.evaluate(() => {
      const copied: string[] = [];
      (window as unknown as { __copied: string[] }).__copied = copied;
      navigator.clipboard.writeText = async (text: string) => {
        copied.push(text);
      };
    });
    await tabTo(report, '[data-action="import"]');
    const chooser = report.waitForEvent('filechooser');
    await report.keyboard.press('Enter');
    await (await chooser).setFiles(join(FIXTURES, 'example-session.har'));
    await expect
      .poll(() => report.locator('[data-message]').textContent(), { timeout: 30_000 })
      .toContain('example-session.har');

    await tabTo(report, '.list');
    await arrowThroughList(report);
    for (let i = 0; i < 10; i++) {
      if ((await selectedRow(report).getAttribute('data-diagnosis')) === 'jwt-expired') break;
      await press(report, 'ArrowDown');
    }
    expect(await selectedRow(report).getAttribute('data-diagnosis')).toBe('jwt-expired');
    await press(report, 'Enter');
    await expect.poll(() => report.locator('.detail-pane').getAttribute('data-open')).toBe('yes');
    await expect.poll(() => focused(report, '.detail-pane')).toBe(true);
    await expectFocusVisible(report, 'the details, opened with Enter');

    await tabTo(report, '[data-action="copy-curl"]');
    await press(report, 'Enter');
    await expect.poll(() => report.locator('[data-message]').textContent()).toBe('Copied cURL.');
    const copied = await report.evaluate(
      () => (window as unknown as { __copied: string[] }).__copied,
    );
    expect(copied[0]).toMatch(/^curl /);

    const credential = '[data-credential="Authorization header"]';
    await tabTo(report, `${credential} [data-action="reveal"]`);
    await press(report, 'Enter');
    await expect
      .poll(() =>
        report.locator(`${credential} [data-credential-value]`).getAttribute('data-revealed'),
      )
      .toBe('yes');
    await press(report, 'Enter');
    await expect
      .poll(() =>
        report.locator(`${credential} [data-credential-value]`).getAttribute('data-revealed'),
      )
      .toBe('no');
    await press(report, 'Escape');
    await expect.poll(() => focused(report, '.list')).toBe(true);
    await expectFocusVisible(report, 'back in the list with Escape');
    await report.close();
    if (!popup.isClosed()) await popup.close();
  });

  test('panel: arrow through the list, open details and return, import a HAR', async () => {
    const tabId = await tabWithFailures();
    const panel = await env.browser.context.newPage();
    interceptFileChooser(panel);
    await panel.addInitScript(installFakeDevtools, { tabId, theme: 'default' as const });
    await panel.goto(env.browser.extensionUrl('panel/index.html'));
    // The tab's 3 failures, and the replays the axe pass sent for them.
    await expect
      .poll(async () => Number(await panel.locator('.list').getAttribute('data-count')))
      .toBeGreaterThanOrEqual(3);
    await tabTo(panel, '.list');
    await arrowThroughList(panel);
    await press(panel, 'ArrowDown');
    await press(panel, 'Enter');
    await expect.poll(() => focused(panel, '.detail-pane')).toBe(true);
    await expect
      .poll(() => panel.locator('.detail .url').textContent())
      .toBe(await selectedRow(panel).locator('.target').getAttribute('title'));
    await tabTo(panel, '[data-action="copy-curl"]');
    await press(panel, 'Escape');
    await expect.poll(() => focused(panel, '.list')).toBe(true);
    await tabTo(panel, '[data-action="import"]', true);
    const chooser = panel.waitForEvent('filechooser');
    await panel.keyboard.press('Enter');
    await (await chooser).setFiles(join(FIXTURES, 'nginx-basic.har'));
    await expect
      .poll(() => panel.locator('[data-message]').textContent(), { timeout: 30_000 })
      .toContain('nginx-basic.har');
    await panel.close();
  });
});

describe('what screen readers are given', () => {
  test('the list: a listbox of failures named by status, method, place, severity and cause; set size and position right while virtual', async () => {
    const tabId = await tabWithFailures();
    const report = await env.browser.context.newPage();
    await report.goto(env.browser.extensionUrl(`report/index.html?tab=${tabId}`));
    // The tab's 3 failures, and the replays the axe pass sent for them.
    await expect.poll(() => report.locator('.list .row').count()).toBeGreaterThanOrEqual(3);
    const count = await report.locator('.list .row').count();
    const tree = await report.locator('.list').ariaSnapshot();
    expect(tree).toMatch(/^- listbox "Authentication failures"/);
    // Chromium puts a space around each cell (a flex item) when it names the row: ignore it.
    const options = tree
      .split('\n')
      .filter((line) => line.includes('option "'))
      .map((line) => line.replace(/ +([,:])/g, '$1').replace(/ {2,}/g, ' '));
    expect(options).toHaveLength(count);
    const host = new URL(env.server.origin).host.replace(/[.]/g, '\\.');
    for (const option of options)
      expect(option).toMatch(
        new RegExp(
          `option "401 Unauthorized, GET ${host}/api/needs-(token|key)\\?n=\\d+[^"]*, (error|warning|info): [^"]+, \\d\\d:\\d\\d:\\d\\d"`,
        ),
      );
    // The visible severity word in each row matches its severity.
    for (const row of await report.locator('.list .row').all())
      expect(await row.locator('.severity').textContent()).toBe(
        await row.getAttribute('data-severity'),
      );

    // 300 rows, scrolled to the middle: only a window is rendered, each row says where it is.
    const dir = mkdtempSync(join(tmpdir(), '401-doctor-a11y-'));
    writeFileSync(join(dir, 'many.har'), JSON.stringify(largeHar(300)));
    await report.locator('[data-import-input]').setInputFiles(join(dir, 'many.har'));
    await expect.poll(() => report.locator('.list').getAttribute('data-count')).toBe('300');
    await report.locator('.list').evaluate((list) => {
      list.scrollTop = list.scrollHeight / 2;
    });
    await expect.poll(() => report.locator('.row[data-index="150"]').count()).toBe(1);
    const rendered = await report
      .locator('.list .row')
      .evaluateAll((rows) =>
        rows.map((row) => [
          row.getAttribute('data-index'),
          row.getAttribute('aria-posinset'),
          row.getAttribute('aria-setsize'),
        ]),
      );
    expect(rendered.length).toBeLessThan(300);
    for (const [index, position, size] of rendered) {
      expect(Number(position)).toBe(Number(index) + 1);
      expect(size).toBe('300');
    }
    await report.close();
  });

  test('the panel announces new failures politely; the toolbar button’s title says what the badge counts', async () => {
    const tabId = await tabWithFailures();
    const panel = await env.browser.context.newPage();
    await panel.addInitScript(installFakeDevtools, { tabId, theme: 'default' as const });
    await panel.goto(env.browser.extensionUrl('panel/index.html'));
    // The tab's 3 failures, and the replays the axe pass sent for them.
    await expect
      .poll(async () => Number(await panel.locator('.list').getAttribute('data-count')))
      .toBeGreaterThanOrEqual(3);
    const region = panel.locator('[data-announce]');
    expect(await region.getAttribute('role')).toBe('status');
    // What was there when the panel opened is not announced.
    expect(await region.textContent()).toBe('');
    const page = env.browser.context.pages().find((p) => p.url().startsWith(env.server.origin));
    if (!page) throw new Error('the failing page is gone');
    await page.evaluate(() => fetch('/api/needs-token?live=1'));
    await expect
      .poll(() => region.textContent(), { timeout: 30_000 })
      .toMatch(/^1 new failure: 401 Unauthorized, GET [^,]+\/api\/needs-token\?live=1, \w+: /);
    // Two more at once: said together, once, after the quiet interval.
    await page.evaluate(() =>
      Promise.all([fetch('/api/needs-token?live=2'), fetch('/api/needs-token?live=3')]),
    );
    await expect
      .poll(() => region.textContent(), { timeout: 30_000 })
      .toMatch(
        /^2 new failures, the latest: 401 Unauthorized, GET [^,]+\/api\/needs-token\?live=[23], /,
      );

    const title = await env.browser.worker.evaluate(
      (id) => chrome.action.getTitle({ tabId: id }),
      tabId,
    );
    const badge = await env.browser.worker.evaluate(
      (id) => chrome.action.getBadgeText({ tabId: id }),
      tabId,
    );
    expect(title).toBe(
      `401 Doctor: ${badge} authentication failures in this tab since it loaded; the most serious: error`,
    );
    await panel.close();
  });
});

describe('motion, zoom and font size', () => {
  test('prefers-reduced-motion takes the motion out', async () => {
    const report = await env.browser.context.newPage();
    /** In ms (the build's minifier may write 150ms as .15s). */
    const motion = () =>
      report.evaluate(() => {
        const value = getComputedStyle(document.documentElement)
          .getPropertyValue('--motion-duration')
          .trim();
        return Number.parseFloat(value) * (value.endsWith('ms') ? 1 : 1000);
      });
    await report.goto(env.browser.extensionUrl('report/index.html'));
    await report.emulateMedia({ reducedMotion: 'no-preference' });
    expect(await motion()).toBe(150);
    await report.emulateMedia({ reducedMotion: 'reduce' });
    expect(await motion()).toBe(0);
    await report.close();
  });

  const layoutProblems = (page: Page) =>
    page.evaluate(`(() => {${LAYOUT_PROBLEMS}})()`) as Promise<string[]>;

  test('the popup at 200 % zoom and with a large default font stays usable', async () => {
    await tabWithFailures();
    const popup = await env.browser.context.newPage();
    // The largest popup Chromium shows is 800 × 600: at 200 % it is 400 × 300 CSS px.
    await popup.setViewportSize({ width: 800, height: 600 });
    await popup.goto(env.browser.extensionUrl('popup/index.html'));
    await popup.waitForSelector('li.failure .toggle');
    await popup.evaluate(async () => {
      const tab = await chrome.tabs.getCurrent();
      if (tab?.id !== undefined) await chrome.tabs.setZoom(tab.id, 2);
    });
    await expect.poll(() => popup.evaluate(() => window.innerWidth)).toBe(400);
    expect(await layoutProblems(popup)).toEqual([]);
    await tabTo(popup, 'li.failure .toggle');
    await press(popup, 'Enter');
    await expect.poll(() => popup.locator('li.failure .details').count()).toBe(1);
    expect(await layoutProblems(popup)).toEqual([]);

    // The browser's default font at 32 px instead of 16: text doubles, the layout holds.
    const size = () =>
      popup.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).fontSize));
    const before = await size();
    const cdp = await env.browser.context.newCDPSession(popup);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
    await expect.poll(size).toBe(before * 2);
    expect(await layoutProblems(popup)).toEqual([]);
    await popup.close();
  });

  test('the report’s rows grow with the font, so no row clips its text', async () => {
    const tabId = await tabWithFailures();
    const report = await env.browser.context.newPage();
    await report.goto(env.browser.extensionUrl(`report/index.html?tab=${tabId}`));
    await expect.poll(() => report.locator('.list .row').count()).toBeGreaterThanOrEqual(3);
    // The browser's default font at 32 px (the setting lasts until the next navigation).
    const cdp = await env.browser.context.newCDPSession(report);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
    await expect
      .poll(() =>
        report
          .locator('.list .row')
          .first()
          .evaluate((row) => row.clientHeight),
      )
      .toBeGreaterThan(40);
    const rows = await report.locator('.list .row').evaluateAll((all) =>
      all.map((row) => ({
        height: row.getBoundingClientRect().height,
        font: Number.parseFloat(getComputedStyle(row).fontSize),
        clipped: [...row.querySelectorAll('.cell')].some(
          (cell) => cell.scrollHeight > (cell as HTMLElement).offsetHeight + 1,
        ),
      })),
    );
    for (const row of rows) {
      expect(row.font).toBe(24);
      expect(row.height).toBeGreaterThanOrEqual(2 * row.font);
      expect(row.clipped).toBe(false);
    }
    await report.close();
  });
});
