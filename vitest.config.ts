import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Unit tests. Real-browser tests live in vitest.e2e.config.ts (npm run test:e2e).
export default defineConfig({
  define: { __BROWSER__: JSON.stringify('chrome') },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          environment: 'node',
          include: [
            'test/core/**/*.test.ts',
            'test/cli/**/*.test.ts',
            'test/scripts/**/*.test.ts',
            'test/settings/**/*.test.ts',
            'test/playground/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        resolve: {
          // webextension-polyfill throws outside an extension: tests get an in-memory browser.
          alias: { 'webextension-polyfill': here('./test/support/fake-browser.ts') },
        },
        test: {
          name: 'extension',
          environment: 'node',
          include: [
            'test/background/**/*.test.ts',
            'test/popup/**/*.test.ts',
            'test/ui/**/*.test.ts',
            'test/panel/**/*.test.ts',
            'test/report/**/*.test.ts',
            'test/devtools/**/*.test.ts',
          ],
        },
      },
    ],
  },
});
