// The usual setup of a real-browser test file: the loopback auth server and a browser with the
// built extension, started before the file's tests and stopped after them.
import { resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import {
  type ChromiumSession,
  type FirefoxSession,
  launchChromium,
  launchFirefox,
} from '../../../scripts/browsers';
import { type AuthServer, startAuthServer } from './auth-server';

const dist = (browser: 'chrome' | 'firefox') =>
  resolve(import.meta.dirname, `../../../dist/${browser}`);

function withServer<B extends { close(): Promise<void> }>(launch: () => Promise<B>) {
  const env = {} as { browser: B; server: AuthServer };
  beforeAll(async () => {
    env.server = await startAuthServer();
    env.browser = await launch();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Chromium with dist/chrome, and the auth server; read them inside tests (`env.browser`). */
export const chromiumWithServer = () =>
  withServer<ChromiumSession>(() => launchChromium(dist('chrome')));

/** Firefox ESR with dist/firefox, and the auth server. */
export const firefoxWithServer = () =>
  withServer<FirefoxSession>(() => launchFirefox(dist('firefox')));
