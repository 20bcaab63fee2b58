import { defineConfig } from 'vitest/config';

/** Unit and integration tests sit beside the code they test, as `*.test.ts`. */
export default defineConfig({
  test: {
    include: ['{shared,electron,renderer,bench,scripts}/**/*.test.{ts,tsx}'],
    environment: 'node',
    restoreMocks: true,
    unstubEnvs: true,
  },
});
