// npm start: build, start the playground, and open a browser with the extension loaded and the
// playground in a tab. `npm start -- --firefox` uses Firefox. With no display it runs headless:
// clicks every scenario, prints what the extension captured and saves a popup screenshot in out/.
import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { startPlayground } from '../playground/server';
import type { TabFailures } from '../src/storage/failures';
import { findChromium, findFirefox, launchChromium, launchFirefox, waitFor } from './browsers';
import { buildAll, distDir } from './build';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'out');
const useFirefox = process.argv.includes('--firefox');
const headless =
  process.argv.includes('--headless') || !(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const rel = (path: string) => relative(process.cwd(), path) || '.';

const built = await buildAll();
console.log(`Built ${built.join(', ')}.`);
const playground = await startPlayground();
console.log(`Playground: ${playground.url} (second origin ${playground.crossOrigin})`);
console.log(`OAuth corner: ${playground.oauthUrl}`);

const executablePath = useFirefox ? findFirefox() : findChromium();
if (!executablePath) {
  const name = useFirefox ? 'Firefox' : 'Chromium';
  const dir = rel(distDir(useFirefox ? 'firefox' : 'chrome'));
  console.log(`
No ${name} found (looked at ${useFirefox ? 'FIREFOX_PATH, /usr/bin/firefox-esr, /usr/bin/firefox' : 'CHROME_PATH, /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome'}).
Install one:      sudo apt-get install -y ${useFirefox ? 'firefox-esr' : 'chromium'}
or point to it:   ${useFirefox ? 'FIREFOX_PATH' : 'CHROME_PATH'}=/path/to/browser npm start${useFirefox ? ' -- --firefox' : ''}
The built extension is in ${dir}: load it unpacked (README, "Load it unpacked") and open the playground above.`);
  if (process.stdin.isTTY) {
    console.log('The playground keeps running; Ctrl-C stops it.');
  } else {
    await playground.close();
    process.exit(1);
  }
} else if (useFirefox) {
  await runFirefox(executablePath);
} else {
  await runChromium(executablePath);
}

function printCaptured(tabs: TabFailures[]): void {
  const failures = tabs.flatMap((tab) => tab.failures).sort((a, b) => a.time - b.time);
  console.log(`\nThe extension captured ${failures.length} failure(s):`);
  for (const f of failures) {
    const carried = f.carried.length ? f.carried.join(', ') : 'no credentials';
    console.log(`  ${f.status} ${f.method.padEnd(7)} ${f.url}  (sent: ${carried})`);
    const top = f.diagnoses[0];
    if (top) console.log(`      ${top.id}: ${top.title}`);
  }
}

/** Clicks "Run all" and waits until the playground says every scenario ran. */
async function runAll(page: {
  click(selector: string): Promise<unknown>;
  $(selector: string): Promise<unknown>;
}): Promise<void> {
  await page.click('[data-run-all]');
  await waitFor(
    'the playground scenarios',
    async () => ((await page.$('#results[data-state="done"]')) ? true : undefined),
    60_000,
  );
}

/** What `npm start` needs of a browser with the extension loaded and the playground open. */
interface Run {
  name: string;
  page: Parameters<typeof runAll>[0];
  closed: Promise<unknown>;
  storedTabs(): Promise<TabFailures[]>;
  screenshotPopup(path: string): Promise<void>;
  close(): Promise<void>;
}

/** With a display: the browser stays open for the user. Without: a scripted tour. */
async function drive(run: Run): Promise<void> {
  if (!headless) {
    console.log(`${run.name} is open with 401 Doctor loaded. Close it (or Ctrl-C) to stop.`);
    await run.closed;
  } else {
    await runAll(run.page);
    await new Promise((resolve) => setTimeout(resolve, 500));
    printCaptured(await run.storedTabs());
    mkdirSync(out, { recursive: true });
    const path = join(out, `popup-${run.name.toLowerCase()}.png`);
    await run.screenshotPopup(path);
    console.log(`\nPopup screenshot: ${rel(path)}`);
    await run.close();
  }
  await playground.close();
}

async function runChromium(executablePath: string): Promise<void> {
  const session = await launchChromium(distDir('chrome'), { headless, executablePath });
  const page = await session.context.newPage();
  await page.goto(playground.url);
  await drive({
    name: 'Chromium',
    page,
    closed: new Promise((resolve) => session.context.on('close', resolve)),
    storedTabs: session.storedTabs,
    async screenshotPopup(path) {
      const popup = await session.context.newPage();
      await popup.setViewportSize({ width: 460, height: 600 });
      await popup.goto(session.extensionUrl('popup/index.html'));
      await popup.waitForSelector('li.failure, [data-empty]');
      await popup.screenshot({ path });
    },
    close: session.close,
  });
}

async function runFirefox(executablePath: string): Promise<void> {
  const session = await launchFirefox(distDir('firefox'), { headless, executablePath });
  const page = await session.browser.newPage();
  await page.goto(playground.url);
  await drive({
    name: 'Firefox',
    page,
    closed: new Promise((resolve) => session.browser.on('disconnected', resolve)),
    storedTabs: session.storedTabs,
    async screenshotPopup(path) {
      // BiDi cannot open moz-extension:// pages; the extension's own page navigates itself.
      const popup = session.extensionPage;
      await popup.setViewport({ width: 460, height: 600 });
      await popup.evaluate(() => location.assign('/popup/index.html'));
      await waitFor('the popup', async () =>
        (await popup.$('li.failure, [data-empty]').catch(() => null)) ? true : undefined,
      );
      await popup.screenshot({ path });
    },
    close: session.close,
  });
}
