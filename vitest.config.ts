import { defineConfig } from 'vitest/config';

/** Unit and integration tests sit beside the code they test, as `*.test.ts`. */
export default defineConfig({
  test: {
    include: ['{shared,electron,renderer,bench,scripts}/**/*.test.{ts,tsx}'],
    // One blank embedded PostgreSQL for the run, copied by each HQ test on PGlite.
    globalSetup: ['electron/hq/testing/pglite-blank-setup.ts'],
    environment: 'node',
    restoreMocks: true,
    unstubEnvs: true,
  },
});
