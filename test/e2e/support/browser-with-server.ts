// The usual setup of a real-browser test file: a loopback server (the auth server, the playground
// or the OAuth corner) and a browser with the built extension, started before the file's tests
// and stopped after them.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import {
  type ChromiumSession,
  type FirefoxSession,
  launchChromium,
  launchFirefox,
  waitFor,
} from '../../../scripts/browsers';
import type { TabFailures } from '../../../src/storage/failures';
import { type AuthServer, startAuthServer } from './auth-server';

interface Closable {
  close(): Promise<void>;
}

/** The built extension for `browser` (npm run test:e2e builds it first). */
export const dist = (browser: 'chrome' | 'firefox') =>
  resolve(import.meta.dirname, `../../../dist/${browser}`);

/** out/, where e2e files write their screenshots; created if missing. */
export function outDir(): string {
  const out = resolve(import.meta.dirname, '../../../out');
  mkdirSync(out, { recursive: true });
  return out;
}

/**
 * Starts the server, then the browser, before the file's tests; closes the browser, then the
 * server, after them. Read them inside tests (`env.browser`, `env.server`).
 */
export function withBrowserAndServer<B extends Closable, S extends Closable>(
  launch: () => Promise<B>,
  start: () => Promise<S>,
) {
  const env = {} as { browser: B; server: S };
  beforeAll(async () => {
    env.server = await start();
    env.browser = await launch();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Chromium with dist/chrome, and the server `start` starts. */
export const chromiumWith = <S extends Closable>(start: () => Promise<S>) =>
  withBrowserAndServer<ChromiumSession, S>(() => launchChromium(dist('chrome')), start);

/** Firefox ESR with dist/firefox (WebDriver BiDi), and the server `start` starts. */
export const firefoxWith = <S extends Closable>(start: () => Promise<S>) =>
  withBrowserAndServer<FirefoxSession, S>(() => launchFirefox(dist('firefox')), start);

/** Chromium with dist/chrome, and the auth server. */
export const chromiumWithServer = () => chromiumWith<AuthServer>(startAuthServer);

/** Firefox ESR with dist/firefox, and the auth server. */
export const firefoxWithServer = () => firefoxWith<AuthServer>(startAuthServer);

/**
 * Waits until the extension keeps the 3 failures of the auth server's test page at `origin` in
 * one tab (and nothing else there); resolves with that tab.
 */
export const testPageTab = (storedTabs: () => Promise<TabFailures[]>, origin: string) =>
  waitFor('the tab with its 3 failures', async () =>
    (await storedTabs()).find(
      (t) => t.failures.length === 3 && t.failures.every((f) => f.url.startsWith(origin)),
    ),
  );
