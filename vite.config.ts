import react from '@vitejs/plugin-react';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vite';
import electron from 'vite-plugin-electron/simple';

/**
 * One build for the three targets:
 *   renderer/ → out/renderer         (the UI, served by app:// in Electron and by `kassa serve`):
 *                                     index.html, the till's screen; display.html, the customer display
 *   electron/main.ts → out/electron/main.js     (ES module, Node built-ins and electron external)
 *   electron/preload.ts → out/electron/preload.cjs (CommonJS: sandboxed preloads cannot be ES modules)
 *   electron/desktop/display-preload.ts → out/electron/display-preload.cjs (the display window's: states in, nothing out)
 *   electron/catalog/sample-catalog.csv → out/electron/ (read beside main.js at run time)
 * `vite` (dev) also starts Electron against the dev server where an Electron binary exists.
 */
const fromRoot = (relative: string) => path.resolve(import.meta.dirname, relative);

// `npm start` shows a newcomer the till's own friendly lines, not the build's file list: the build only speaks up to warn.
const logLevel = process.env.npm_lifecycle_event === 'start' ? 'warn' : 'info';

export default defineConfig({
  root: fromRoot('renderer'),
  logLevel,
  base: '/',
  publicDir: false,
  build: {
    outDir: fromRoot('out/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      input: { index: fromRoot('renderer/index.html'), display: fromRoot('renderer/display.html') },
    },
  },
  plugins: [
    react(),
    electron({
      main: {
        entry: fromRoot('electron/main.ts'),
        vite: {
          logLevel,
          build: { outDir: fromRoot('out/electron'), sourcemap: true },
          // The sample catalogue is read at run time beside main.js (electron/catalog/sample-catalog.ts).
          plugins: [
            {
              name: 'kassa-sample-catalog',
              writeBundle() {
                copyFileSync(
                  fromRoot('electron/catalog/sample-catalog.csv'),
                  fromRoot('out/electron/sample-catalog.csv'),
                );
              },
            },
          ],
        },
        // Start with Chromium's sandbox on, unlike the plugin's default `--no-sandbox`.
        onstart: async ({ startup }) => {
          await startup(['.']);
        },
      },
      preload: {
        input: fromRoot('electron/preload.ts'),
        vite: {
          logLevel,
          build: { outDir: fromRoot('out/electron'), rolldownOptions: { output: { entryFileNames: '[name].cjs' } } },
          // The display window's preload is a second sandboxed preload, one file of its own (a sandbox loads no chunks).
          plugins: [
            {
              name: 'kassa-display-preload',
              async closeBundle() {
                const { build } = await import('vite');
                await build({
                  configFile: false,
                  logLevel: 'warn',
                  build: {
                    outDir: fromRoot('out/electron'),
                    emptyOutDir: false,
                    sourcemap: true,
                    minify: false,
                    lib: {
                      entry: fromRoot('electron/desktop/display-preload.ts'),
                      formats: ['cjs'],
                      fileName: () => 'display-preload.cjs',
                    },
                    rolldownOptions: { external: ['electron'] },
                  },
                });
              },
            },
          ],
        },
      },
    }),
  ],
});
