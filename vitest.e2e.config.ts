import { defineConfig } from 'vitest/config';

// Real-browser tests (npm run test:e2e): Debian Chromium and Firefox ESR with the built
// extension (dist/) against loopback servers. One file at a time: browsers are heavy on 2 cores.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
