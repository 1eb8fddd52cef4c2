// Finding and launching real browsers with the built extension loaded. Used by `npm start`
// and by the real-browser tests (test/e2e), so both run the browser the same way.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser } from 'puppeteer-core';

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
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface ChromiumSession {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** `chrome-extension://<id>/<path>` */
  extensionUrl(path: string): string;
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
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface FirefoxSession {
  browser: PuppeteerBrowser;
  addonId: string;
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
  return { browser, addonId, close: () => browser.close() };
}
