// npm run build: dist/chrome and dist/firefox (each loadable unpacked as is), dist/core (the
// core as an ES module with type declarations) and dist/cli (the command line).
// npm run zip: the same, then the store packages in dist/.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import preact from '@preact/preset-vite';
import { build, type InlineConfig } from 'vite';
import { BROWSERS, buildManifest, type TargetBrowser } from './manifest';
import { pageShells, shellInputs } from './pages';

const root = resolve(import.meta.dirname, '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const quiet: InlineConfig = { configFile: false, logLevel: 'warn', publicDir: false };

/** Every extension page: the shells from scripts/pages.ts and any `src/<part>/index.html`. */
function pages(): Record<string, string> {
  const inputs = shellInputs(src);
  for (const entry of readdirSync(src, { withFileTypes: true })) {
    const html = join(src, entry.name, 'index.html');
    if (entry.isDirectory() && existsSync(html)) inputs[entry.name] = html;
  }
  return inputs;
}

async function buildExtension(browser: TargetBrowser): Promise<void> {
  const outDir = join(dist, browser);
  const define = { __BROWSER__: JSON.stringify(browser) };
  // Extension pages: ES modules with shared chunks; no inline scripts (extension CSP).
  await build({
    ...quiet,
    root: src,
    base: '',
    publicDir: join(root, 'public'),
    define,
    plugins: [pageShells(src), preact()],
    build: {
      outDir,
      emptyOutDir: true,
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      rollupOptions: { input: pages() },
    },
  });
  // The background is one classic script: Chrome's service worker and Firefox's event page
  // both load it without module support. It uses the browser's own API object, never
  // webextension-polyfill (src/background/index.ts, src/platform/native-browser.ts).
  await build({
    ...quiet,
    define,
    build: {
      outDir,
      emptyOutDir: false,
      copyPublicDir: false,
      lib: {
        entry: join(src, 'background/index.ts'),
        formats: ['iife'],
        name: 'background401Doctor',
        fileName: () => 'background.js',
      },
    },
  });
  const template = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  writeFileSync(
    join(outDir, 'manifest.json'),
    `${JSON.stringify(buildManifest(template, browser, pkg), null, 2)}\n`,
  );
}

async function buildCore(): Promise<boolean> {
  if (!existsSync(join(src, 'core/index.ts'))) return false;
  const outDir = join(dist, 'core');
  await build({
    ...quiet,
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      lib: { entry: join(src, 'core/index.ts'), formats: ['es'], fileName: () => 'index.js' },
    },
  });
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(src, 'core/tsconfig.json')], {
    stdio: 'inherit',
  });
  return true;
}

async function buildCli(): Promise<boolean> {
  const entry = join(src, 'cli/401-doctor.ts');
  if (!existsSync(entry)) return false;
  await build({
    ...quiet,
    build: {
      outDir: join(dist, 'cli'),
      emptyOutDir: true,
      target: 'node20',
      ssr: entry,
      // The hashbang comes from here, not from the entry (rolldown would keep both).
      rollupOptions: { output: { entryFileNames: '401-doctor.js', banner: '#!/usr/bin/env node' } },
    },
    ssr: { noExternal: true },
  });
  chmodSync(join(dist, 'cli/401-doctor.js'), 0o755);
  return true;
}

function zip(browser: TargetBrowser): string {
  const filename = `401-doctor-${browser}-${pkg.version}.zip`;
  execFileSync(
    join(root, 'node_modules/.bin/web-ext'),
    [
      'build',
      '--source-dir',
      join(dist, browser),
      '--artifacts-dir',
      dist,
      '--filename',
      filename,
      '--overwrite-dest',
    ],
    { stdio: 'ignore' },
  );
  return join(dist, filename);
}

/** Builds everything into dist/; returns the parts built. */
export async function buildAll(): Promise<string[]> {
  rmSync(dist, { recursive: true, force: true });
  const built: string[] = [];
  for (const browser of BROWSERS) {
    await buildExtension(browser);
    built.push(`dist/${browser}`);
  }
  if (await buildCore()) built.push('dist/core');
  if (await buildCli()) built.push('dist/cli');
  return built;
}

export const distDir = (browser: TargetBrowser): string => join(dist, browser);

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  const built = await buildAll();
  console.log(`built ${built.join(', ')} in ${Math.round(performance.now() - started)} ms`);
  if (process.argv.includes('--zip')) {
    for (const browser of BROWSERS) console.log(`packed ${zip(browser)}`);
  }
}
