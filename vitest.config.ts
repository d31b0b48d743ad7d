import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Builds the admin UI and the compiled service when their sources changed (the tests serve and run them).
    globalSetup: ['test/build.setup.ts'],
    reporters: ['default'],
  },
});
