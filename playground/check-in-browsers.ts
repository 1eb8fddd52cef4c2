// npx tsx playground/check-in-browsers.ts [--chromium] [--firefox]   (both when neither is given)
// Clicks every playground button in real headless browsers (no extension) and checks what the
// page reports, that "Run all" finishes, and which scenarios open the browser's login dialog.
// A manual check, not a test: it needs /usr/bin/chromium and /usr/bin/firefox-esr (or
// CHROME_PATH / FIREFOX_PATH). Exits 1 when something differs from what is expected below.
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS } from '../scripts/browsers';
import { type Scenario, scenarios } from './scenarios';
import { type Playground, startPlayground } from './server';

type BrowserName = 'chromium' | 'firefox';

// What the page itself can see (data-status), measured: Chromium 156, Firefox ESR 153.
function expectedOnPage(scenario: Scenario, browser: BrowserName): string {
  // A failed preflight leaves the page only a TypeError; its 401 is checked separately.
  if (scenario.id === 'preflight-401') return 'network-error';
  // Chromium turns a 407 that does not come from a configured proxy into
  // net::ERR_UNEXPECTED_PROXY_AUTH; Firefox hands the 407 to the page.
  if (scenario.id === 'proxy-407' && browser === 'chromium') return 'network-error';
  return String(scenario.expectedStatus);
}

const CLICK_TIMEOUT_MS = 10_000;
const PROMPT_WAIT_MS = 4_000;
let failed = false;

function report(ok: boolean, text: string): void {
  if (!ok) failed = true;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${text}`);
}

/** The operations both drivers offer, so one routine checks both browsers. */
interface Driver {
  click(selector: string): Promise<void>;
  /** data-status of the result item, or undefined while there is none. */
  status(id: string): Promise<string | undefined>;
  text(id: string): Promise<string | undefined>;
  runAllState(): Promise<string | undefined>;
}

async function waitFor<T>(
  what: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await what();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

const settled = (driver: Driver, id: string) => async () => {
  const status = await driver.status(id);
  return status && status !== 'pending' ? status : undefined;
};

/** Clicks each scenario that needs no login dialog, then "Run all". */
async function checkButtons(browser: BrowserName, driver: Driver): Promise<void> {
  for (const scenario of scenarios.filter((s) => !s.requiresPrompt)) {
    await driver.click(`[data-scenario="${scenario.id}"]`);
    const status = await waitFor(settled(driver, scenario.id), CLICK_TIMEOUT_MS);
    const expected = expectedOnPage(scenario, browser);
    report(
      status === expected,
      `${browser} ${scenario.id}: ${status ?? 'no result (hung?)'} (expected ${expected}) — ${await driver.text(scenario.id)}`,
    );
  }
  const started = Date.now();
  await driver.click('[data-run-all]');
  const state = await waitFor(
    async () => ((await driver.runAllState()) === 'done' ? 'done' : undefined),
    CLICK_TIMEOUT_MS * 3,
  );
  report(
    state === 'done',
    `${browser} Run all: ${state ?? 'did not finish'} in ${Date.now() - started} ms`,
  );
}

async function checkChromium(playground: Playground): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The preflight's own status is only visible through the DevTools protocol.
    const cdp = await context.newCDPSession(page);
    const preflights: { url: string; status: number }[] = [];
    cdp.on('Network.responseReceived', (event) => {
      if (event.type === 'Preflight')
        preflights.push({ url: event.response.url, status: event.response.status });
    });
    await cdp.send('Network.enable');
    await page.goto(playground.url);
    const driver: Driver = {
      click: (selector) => page.click(selector),
      status: async (id) =>
        (await page
          .locator(`[data-result="${id}"]`)
          .getAttribute('data-status', { timeout: 0 })
          .catch(() => null)) ?? undefined,
      text: async (id) =>
        (await page
          .locator(`[data-result="${id}"]`)
          .textContent()
          .catch(() => null)) ?? undefined,
      runAllState: async () =>
        (await page.locator('#results').getAttribute('data-state')) ?? undefined,
    };
    await checkButtons('chromium', driver);
    const preflight = preflights.find((p) => p.url.includes('/api/preflight-401'));
    report(
      preflight?.status === 401,
      `chromium preflight-401: OPTIONS answered ${preflight?.status ?? 'not seen'} (expected 401)`,
    );
    const cookies = await context.cookies(playground.crossOrigin);
    console.log(
      `info chromium cookie-cross-site: the SameSite=Lax cookie was ${cookies.some((c) => c.name === 'pg_session') ? 'stored' : 'not stored'} by the cross-site sign-in response`,
    );

    // With Fetch auth handling on, Chromium reports each would-be login dialog instead of
    // showing it; cancelling it delivers the 401 to the page.
    const prompted: string[] = [];
    cdp.on('Fetch.requestPaused', (event) => {
      cdp.send('Fetch.continueRequest', { requestId: event.requestId }).catch(() => {});
    });
    cdp.on('Fetch.authRequired', (event) => {
      prompted.push(new URL(event.request.url).pathname);
      cdp
        .send('Fetch.continueWithAuth', {
          requestId: event.requestId,
          authChallengeResponse: { response: 'CancelAuth' },
        })
        .catch(() => {});
    });
    await cdp.send('Fetch.enable', { handleAuthRequests: true, patterns: [{ urlPattern: '*' }] });
    for (const scenario of scenarios) {
      await page.click(`[data-scenario="${scenario.id}"]`);
      const status = await waitFor(settled(driver, scenario.id), CLICK_TIMEOUT_MS);
      if (scenario.requiresPrompt) {
        report(
          status === String(scenario.expectedStatus),
          `chromium ${scenario.id}: login dialog cancelled → ${status ?? 'no result'} (expected ${scenario.expectedStatus})`,
        );
      }
    }
    const wouldPrompt = scenarios.filter((s) => prompted.includes(`/api/${s.id}`)).map((s) => s.id);
    const marked = scenarios.filter((s) => s.requiresPrompt).map((s) => s.id);
    report(
      wouldPrompt.join() === marked.join(),
      `chromium login dialog for: [${wouldPrompt.join(', ')}] (requiresPrompt: [${marked.join(', ')}])`,
    );
  } finally {
    await browser.close();
  }
}

async function checkFirefox(playground: Playground): Promise<void> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    // A login dialog blocks script evaluation in its tab: fail fast instead of after 3 minutes.
    protocolTimeout: 15_000,
  });
  try {
    const page = await browser.newPage();
    await page.goto(playground.url);
    const driver: Driver = {
      click: (selector) => page.click(selector),
      status: (id) =>
        page.evaluate(
          (i) => document.querySelector<HTMLElement>(`[data-result="${i}"]`)?.dataset.status,
          id,
        ),
      text: (id) =>
        page.evaluate(
          (i) => document.querySelector(`[data-result="${i}"]`)?.textContent ?? undefined,
          id,
        ),
      runAllState: () =>
        page.evaluate(() => document.querySelector<HTMLElement>('#results')?.dataset.state),
    };
    await checkButtons('firefox', driver);

    // No protocol way to cancel Firefox's dialog here: see whether the request stays unanswered,
    // in a tab of its own, last, since the dialog blocks that tab.
    for (const scenario of scenarios.filter((s) => s.requiresPrompt)) {
      const promptPage = await browser.newPage();
      await promptPage.goto(playground.url);
      await promptPage.click(`[data-scenario="${scenario.id}"]`);
      const status = await Promise.race([
        promptPage.evaluate(
          (i) =>
            new Promise<string>((resolve) => {
              const poll = () => {
                const value = document.querySelector<HTMLElement>(`[data-result="${i}"]`)?.dataset
                  .status;
                if (value && value !== 'pending') resolve(value);
                else setTimeout(poll, 100);
              };
              poll();
            }),
          scenario.id,
        ),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), PROMPT_WAIT_MS)),
      ]).catch(() => undefined);
      report(
        status === undefined,
        `firefox ${scenario.id}: ${status === undefined ? `no answer after ${PROMPT_WAIT_MS} ms (login dialog)` : `answered ${status} without a dialog`} (requiresPrompt: true)`,
      );
    }
  } finally {
    await browser.close().catch(() => {});
  }
}

const { values } = parseArgs({
  options: { chromium: { type: 'boolean' }, firefox: { type: 'boolean' } },
});
const both = !values.chromium && !values.firefox;
const playground = await startPlayground();
console.log(`playground at ${playground.url} and ${playground.crossOrigin}`);
try {
  if (both || values.chromium) await checkChromium(playground);
  if (both || values.firefox) await checkFirefox(playground);
} finally {
  await playground.close();
}
process.exit(failed ? 1 : 0);
