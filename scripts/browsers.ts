// Finding and launching real browsers with the built extension loaded. Used by `npm start`
// and by the real-browser tests (test/e2e), so both run the browser the same way.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';
import puppeteer, { type Page, type Browser as PuppeteerBrowser } from 'puppeteer-core';
import { type TabFailures, tabsFromSnapshot } from '../src/storage/failures';

const CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];
const FIREFOX_PATHS = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

function find(envPath: string | undefined, paths: string[]): string | undefined {
  if (envPath) return existsSync(envPath) ? envPath : undefined;
  return paths.find((path) => existsSync(path));
}

/** CHROME_PATH, else the usual install paths. */
export const findChromium = (): string | undefined => find(process.env.CHROME_PATH, CHROMIUM_PATHS);
/** FIREFOX_PATH, else the usual install paths. */
export const findFirefox = (): string | undefined => find(process.env.FIREFOX_PATH, FIREFOX_PATHS);

// Without the background-networking flags Chromium keeps dialing Google's hosts, which this
// closed network refuses (and which would be traffic a test should not make).
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Calls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface ChromiumSession {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** `chrome-extension://<id>/<path>` */
  extensionUrl(path: string): string;
  /** What the extension keeps, read from its own storage.session. */
  storedTabs(): Promise<TabFailures[]>;
  close(): Promise<void>;
}

/** Chromium with the unpacked extension in `extensionDir`; resolves once its service worker runs. */
export async function launchChromium(
  extensionDir: string,
  options: { headless?: boolean; executablePath?: string } = {},
): Promise<ChromiumSession> {
  const executablePath = options.executablePath ?? findChromium();
  if (!executablePath)
    throw new Error('Chromium not found: install it (apt-get install chromium) or set CHROME_PATH');
  const profile = mkdtempSync(join(tmpdir(), '401-doctor-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: options.headless ?? true,
    args: [
      ...CHROMIUM_ARGS,
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
  // The worker must be running before the first navigation, or its first requests are missed.
  const worker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  // The worker is reported as soon as it exists, maybe before its script has run: an evaluate
  // is answered only after the top-level script (which registers the listeners) has finished.
  await worker.evaluate(() => true);
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    storedTabs: async () =>
      tabsFromSnapshot(await worker.evaluate(() => chrome.storage.session.get(null))),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface FirefoxSession {
  browser: PuppeteerBrowser;
  addonId: string;
  /**
   * The welcome page the extension opens on install. WebDriver BiDi refuses to navigate to
   * moz-extension:// URLs, but a page the extension opened itself can be read and can navigate
   * itself to another extension page (the popup, say).
   */
  extensionPage: Page;
  /** What the extension keeps, read from its own storage.session. */
  storedTabs(): Promise<TabFailures[]>;
  close(): Promise<void>;
}

/** Firefox with the extension in `extensionDir` installed as a temporary add-on (WebDriver BiDi). */
export async function launchFirefox(
  extensionDir: string,
  options: { headless?: boolean; executablePath?: string } = {},
): Promise<FirefoxSession> {
  const executablePath = options.executablePath ?? findFirefox();
  if (!executablePath)
    throw new Error(
      'Firefox not found: install it (apt-get install firefox-esr) or set FIREFOX_PATH',
    );
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: options.headless ?? true,
    extraPrefsFirefox: {
      // No update checks, telemetry or other calls home from the test profile.
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
    },
  });
  const addonId = await browser.installExtension(extensionDir);
  const extensionPage = await waitFor('the welcome page of the extension', async () => {
    for (const page of await browser.pages()) {
      // Its url() may still read about:blank: ask the page.
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith('moz-extension://') && href.includes('/welcome/')) return page;
    }
    return undefined;
  });
  return {
    browser,
    addonId,
    extensionPage,
    storedTabs: async () =>
      tabsFromSnapshot(
        await extensionPage.evaluate(
          // biome-ignore lint/suspicious/noExplicitAny: the extension page's own WebExtension global
          () => (globalThis as any).browser.storage.session.get(null) as Record<string, unknown>,
        ),
      ),
    close: () => browser.close(),
  };
}
