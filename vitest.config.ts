import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Builds the admin UI (src/web) when its sources changed; the browser tests in test/web serve it.
    globalSetup: ['test/web/build-ui.setup.ts'],
    reporters: ['default'],
  },
});
