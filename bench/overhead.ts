// Browsing overhead of the extension in real Chromium: a local page fires 500 requests at once
// (a tenth answered 401) and times them until all have settled. Three browsers in turn:
//   none   no extension
//   empty  an extension whose webRequest listeners (same events, same options) do nothing
//   ours   401 Doctor (dist/chrome)
// Prints the median page time of each and the ratios. Run: npx tsx bench/overhead.ts
// (after npm run build). Figures, not assertions: a loaded machine moves them.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../scripts/browsers';
import {
  BEFORE_REQUEST_OPTIONS,
  COMPLETED_OPTIONS,
  REQUEST_FILTER,
  SEND_HEADERS_OPTIONS,
} from '../src/background/listen-spec';

const REQUESTS = 500;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CYCLES = 2;
const root = resolve(import.meta.dirname, '..');
const ours = join(root, 'dist/chrome');

function emptyExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), '401-doctor-empty-ext-'));
  cpSync(ours, dir, { recursive: true });
  const options = JSON.stringify([...SEND_HEADERS_OPTIONS, 'extraHeaders']);
  const completedOptions = JSON.stringify([...COMPLETED_OPTIONS, 'extraHeaders']);
  const filter = JSON.stringify(REQUEST_FILTER);
  const beforeOptions = JSON.stringify(BEFORE_REQUEST_OPTIONS);
  writeFileSync(
    join(dir, 'background.js'),
    `chrome.webRequest.onBeforeRequest.addListener(() => {}, ${filter}, ${beforeOptions});
chrome.webRequest.onSendHeaders.addListener(() => {}, ${filter}, ${options});
chrome.webRequest.onCompleted.addListener(() => {}, ${filter}, ${completedOptions});
chrome.webRequest.onBeforeRedirect.addListener(() => {}, ${filter});
chrome.webRequest.onErrorOccurred.addListener(() => {}, ${filter});
chrome.runtime.onInstalled.addListener(() => {});
`,
  );
  return dir;
}

const PAGE = `<!doctype html><title>overhead</title><script>
window.run = async (round) => {
  const started = performance.now();
  await Promise.all(Array.from({ length: ${REQUESTS} }, (_, i) =>
    fetch('/r/' + i + '?round=' + round, i % 10 === 0 ? {} : { headers: { Authorization: 'Bearer t' + i } })
      .then((r) => r.text()).catch(() => '')));
  return performance.now() - started;
};
</script>`;

/** Runs the overhead comparison in Chromium and prints the figures. */
export async function runOverheadBench(): Promise<void> {
  const server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(PAGE);
      return;
    }
    const i = Number(/^\/r\/(\d+)/.exec(req.url ?? '')?.[1] ?? 1);
    if (i % 10 === 0) {
      res.writeHead(401, {
        'www-authenticate': 'Bearer realm="bench"',
        'cache-control': 'no-store',
      });
      res.end('{"error":"unauthorized"}');
    } else {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end('{"ok":true}');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const executablePath = findChromium();
  if (!executablePath)
    throw new Error('Chromium not found (apt-get install chromium, or CHROME_PATH)');
  readFileSync(join(ours, 'manifest.json')); // fails early without a build
  const empty = emptyExtension();
  const variants: Record<string, string | undefined> = { none: undefined, empty, ours };
  const times: Record<string, number[]> = { none: [], empty: [], ours: [] };
  let round = 0;

  for (let cycle = 0; cycle < CYCLES; cycle++) {
    for (const [name, extension] of Object.entries(variants)) {
      const profile = mkdtempSync(join(tmpdir(), '401-doctor-bench-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath,
        headless: true,
        args: [
          ...CHROMIUM_ARGS,
          ...(extension
            ? [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`]
            : []),
        ],
      });
      if (extension && context.serviceWorkers().length === 0)
        await context.waitForEvent('serviceworker');
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      for (let warm = 0; warm < 2; warm++)
        await page.evaluate(
          (r) => (window as unknown as { run(r: number): Promise<number> }).run(r),
          round++,
        );
      for (let i = 0; i < ROUNDS; i++) {
        times[name]?.push(
          await page.evaluate(
            (r) => (window as unknown as { run(r: number): Promise<number> }).run(r),
            round++,
          ),
        );
      }
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  server.close();
  rmSync(empty, { recursive: true, force: true });

  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  };
  const m = Object.fromEntries(
    Object.entries(times).map(([name, values]) => [name, median(values)]),
  );
  console.log(
    `\nBrowsing overhead: ${REQUESTS} requests at once (10% answered 401), ${ROUNDS * CYCLES} rounds each, median page time`,
  );
  for (const name of Object.keys(times))
    console.log(`  ${name.padEnd(6)} ${m[name]?.toFixed(1).padStart(8)} ms`);
  const ratio = (a: string, b: string) => ((m[a] ?? Number.NaN) / (m[b] ?? Number.NaN)).toFixed(3);
  console.log(`  empty / none  ${ratio('empty', 'none')}x   (the floor: merely observing)`);
  console.log(`  ours  / none  ${ratio('ours', 'none')}x`);
  console.log(`  ours  / empty ${ratio('ours', 'empty')}x   (target <= 1.05x)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runOverheadBench();
