// The extension's own figures, in real Chromium with dist/chrome (run `npm run build` first):
//   - background memory after 10 000 failures (JS heap of the service worker, after GC), the
//     store bounds and the badges still right;
//   - popup ready with 1 000 records (navigation start to the first row);
//   - bundle sizes, gzip, of the popup and the background, and how much of the background is
//     the diagnosis engine itself (built on its own, minified the same way).
// Run: npx tsx bench/extension.ts. Figures, not assertions.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { CDPSession } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { launchChromium, waitFor } from '../scripts/browsers';

const dist = resolve(import.meta.dirname, '../dist/chrome');
const TABS = Number(process.env.BENCH_TABS ?? 10);
const PER_TAB = Number(process.env.BENCH_PER_TAB ?? 1000);

// ---- bundle sizes -------------------------------------------------------------------------
/** A built file and every chunk it imports, gzip sizes summed. */
function gzipWithImports(file: string, seen = new Set<string>()): number {
  if (seen.has(file)) return 0;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  let size = gzipSync(text).length;
  for (const [, path] of text.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+\.js)"/g)) {
    size += gzipWithImports(join(dirname(file), path as string), seen);
  }
  return size;
}

function pageBundle(page: string): number {
  const html = readFileSync(join(dist, page), 'utf8');
  let size = gzipSync(html).length;
  const seen = new Set<string>();
  for (const [, ref] of html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)) {
    const file = join(dist, dirname(page), ref as string);
    size += ref?.endsWith('.js')
      ? gzipWithImports(file, seen)
      : gzipSync(readFileSync(file)).length;
  }
  return size;
}

/**
 * The part of the background that is the diagnosis engine: what background/diagnosis.ts
 * imports from the core, bundled and minified on its own like the background (one IIFE).
 */
async function engineGzip(): Promise<number> {
  const core = resolve(import.meta.dirname, '../src/core');
  const entry = [
    `export { diagnoseCompact } from '${core}/engine';`,
    `export { createContext, recordExchange } from '${core}/context';`,
    `export { credentialKinds } from '${core}/credential-kinds';`,
    `export { exchangeFromWebRequest } from '${core}/exchange-from-web-request';`,
  ].join('\n');
  const dir = mkdtempSync(join(tmpdir(), 'engine-size-'));
  try {
    writeFileSync(join(dir, 'entry.ts'), entry);
    const output = (await build({
      configFile: false,
      logLevel: 'silent',
      publicDir: false,
      build: {
        write: false,
        lib: { entry: join(dir, 'entry.ts'), formats: ['iife'], name: 'e', fileName: () => 'e.js' },
      },
    })) as Rolldown.RolldownOutput[];
    const chunk = output[0]?.output[0];
    return chunk?.type === 'chunk' ? gzipSync(chunk.code).length : Number.NaN;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints bundle sizes, then drives 10 000 failures through Chromium and times the popup. */
export async function runExtensionBench(): Promise<void> {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log('Bundle sizes (gzip, with the chunks they import):');
  console.log(`  popup       ${kb(pageBundle('popup/index.html'))}   (no size target)`);
  console.log(
    `  background  ${kb(gzipSync(readFileSync(join(dist, 'background.js'))).length)}   (no size target)`,
  );
  console.log(`    of which the diagnosis engine alone  ${kb(await engineGzip())}`);

  // ---- 10 000 failures ------------------------------------------------------------------------
  const PAGE = `<!doctype html><title>failures</title><script>
  window.fire = async (count, tag) => {
    for (let done = 0; done < count; done += 250) {
      await Promise.all(Array.from({ length: Math.min(250, count - done) }, (_, i) =>
        fetch('/api/' + tag + '/' + (done + i), { headers: { Authorization: 'Bearer undefined' } }).catch(() => 0)));
    }
  };
  </script>`;
  const server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(PAGE);
    } else if (!req.url?.startsWith('/api/')) {
      res.writeHead(404);
      res.end();
    } else {
      res.writeHead(401, {
        'www-authenticate': 'Bearer realm="bench", error="invalid_token"',
        'cache-control': 'no-store',
      });
      res.end('{"error":"invalid_token"}');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const chromium = await launchChromium(dist);
  try {
    const pages = [];
    for (let t = 0; t < TABS; t++) {
      const page = await chromium.context.newPage();
      await page.goto(`${origin}/`);
      pages.push(page);
    }
    const started = performance.now();
    await Promise.all(
      pages.map((page, t) =>
        page.evaluate(
          ([n, tag]) =>
            (window as unknown as { fire(n: number, tag: string): Promise<void> }).fire(n, tag),
          [PER_TAB, `t${t}`] as const,
        ),
      ),
    );
    // Every failure processed: each tab's badge count reached PER_TAB.
    const tabs = await waitFor(
      'all failures processed',
      async () => {
        const stored = await chromium.storedTabs();
        if (process.env.BENCH_DEBUG)
          console.log(stored.map((tab) => tab.sinceNavigation).join(' '));
        return stored.length === TABS && stored.every((tab) => tab.sinceNavigation === PER_TAB)
          ? stored
          : undefined;
      },
      300_000,
    );
    const elapsed = performance.now() - started;
    const kept = tabs.reduce((sum, tab) => sum + tab.failures.length, 0);
    const badges = await Promise.all(
      tabs.map((tab) =>
        chromium.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tab.tabId),
      ),
    );

    // JS heap of the service worker, through the DevTools protocol, after a GC.
    const cdp = await chromium.context.newCDPSession(pages[0] as NonNullable<(typeof pages)[0]>);
    const heap = await workerHeap(cdp);
    console.log(
      `\nBackground after ${TABS * PER_TAB} failures (${TABS} tabs × ${PER_TAB}), processed in ${(elapsed / 1000).toFixed(1)} s:`,
    );
    console.log(
      `  JS heap of the service worker  ${(heap / 1024 / 1024).toFixed(2)} MB   (target < 20 MB)`,
    );
    console.log(`  records kept                   ${kept}   (bounds: 200 per tab, 1 000 in all)`);
    console.log(
      `  badges                         ${[...new Set(badges)].join(', ')}   (expected ${PER_TAB > 999 ? '999+' : PER_TAB})`,
    );

    // ---- popup with 1 000 records -------------------------------------------------------------
    const popup = await chromium.context.newPage();
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      await popup.goto(chromium.extensionUrl('popup/index.html'));
      const handle = await popup.waitForFunction(
        () => document.querySelector('li.failure') && performance.now(),
      );
      times.push((await handle.jsonValue()) as number);
    }
    times.sort((a, b) => a - b);
    console.log(
      `\nPopup ready with ${kept} records: ${times[3]?.toFixed(0)} ms median (navigation start to first row; target < 100 ms)`,
    );
  } finally {
    await chromium.close();
    server.close();
  }
}

async function workerHeap(cdp: CDPSession): Promise<number> {
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'),
  );
  if (!worker) return Number.NaN;
  const { sessionId } = await cdp.send('Target.attachToTarget', {
    targetId: worker.targetId,
    flatten: false,
  });
  let next = 0;
  const call = (method: string) =>
    new Promise<Record<string, number>>((done) => {
      const id = ++next;
      const onMessage = (event: { message: string }) => {
        const message = JSON.parse(event.message);
        if (message.id !== id) return;
        cdp.off('Target.receivedMessageFromTarget', onMessage);
        done(message.result);
      };
      cdp.on('Target.receivedMessageFromTarget', onMessage);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method }),
      });
    });
  await call('HeapProfiler.collectGarbage');
  return (await call('Runtime.getHeapUsage')).usedSize ?? Number.NaN;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runExtensionBench();
