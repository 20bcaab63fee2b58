import react from '@vitejs/plugin-react';
import path from 'node:path';
import { defineConfig } from 'vite';
import electron from 'vite-plugin-electron/simple';

/**
 * One build for the three targets:
 *   renderer/ → out/renderer         (the UI, served by app:// in Electron and by `kassa serve`)
 *   electron/main.ts → out/electron/main.js     (ES module, Node built-ins and electron external)
 *   electron/preload.ts → out/electron/preload.cjs (CommonJS: sandboxed preloads cannot be ES modules)
 * `vite` (dev) also starts Electron against the dev server where an Electron binary exists.
 */
const fromRoot = (relative: string) => path.resolve(import.meta.dirname, relative);

export default defineConfig({
  root: fromRoot('renderer'),
  base: '/',
  publicDir: false,
  build: {
    outDir: fromRoot('out/renderer'),
    emptyOutDir: true,
    sourcemap: true,
  },
  plugins: [
    react(),
    electron({
      main: {
        entry: fromRoot('electron/main.ts'),
        vite: { build: { outDir: fromRoot('out/electron'), sourcemap: true } },
        // Start with Chromium's sandbox on, unlike the plugin's default `--no-sandbox`.
        onstart: async ({ startup }) => {
          await startup(['.']);
        },
      },
      preload: {
        input: fromRoot('electron/preload.ts'),
        vite: {
          build: { outDir: fromRoot('out/electron'), rolldownOptions: { output: { entryFileNames: '[name].cjs' } } },
        },
      },
    }),
  ],
});
