// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/**
 * Lint, including the layer boundaries: which folder may import what is
 * checked here, not remembered.
 *   shared/    pure TypeScript: no Node, no Electron, no React, no other layer
 *   renderer/  DOM only: no Node, no Electron, nothing from electron/
 *   electron/  Node; only main.ts, preload.ts and desktop/ may import Electron,
 *              so the composition root and every service run headless
 *   electron/simulators/ and electron/payments/ share no code (only the nexo
 *              types in shared/), so a simulator cannot mirror a client bug
 */

const NODE_BUILTINS = [...builtinModules.filter((name) => !name.startsWith('_')), 'node:*'];
const nodeBuiltins = (message) => ({ group: NODE_BUILTINS, message });
const electronModule = (message) => ({
  group: ['electron', 'electron/main', 'electron/renderer', 'electron/common', 'electron/utility'],
  message,
});
const layer = (name, message) => ({ group: [`**/${name}/**`, `../${name}/*`, `../../${name}/*`], message });

export default defineConfig(
  globalIgnores(['out/', 'dist/', '.tsbuild/', 'test-results/', 'playwright-report/']),
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'bin/kassa.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins('shared/ is pure TypeScript for main and renderer alike: no Node.'),
            electronModule('shared/ must not depend on Electron.'),
            { regex: '^(?!zod$|\\.\\.?/)', message: 'shared/ depends on zod alone.' },
            layer('electron', 'shared/ must not import from electron/.'),
            layer('renderer', 'shared/ must not import from renderer/.'),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    // Tests run in Node and may stand up a real till behind the renderer's code.
    ignores: ['renderer/**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins('The renderer runs sandboxed in a browser page: no Node.'),
            electronModule('The renderer reaches main only through window.kassa (the preload bridge).'),
            layer('electron', 'The renderer must not import main-process code; use the IPC contract in shared/.'),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/desktop/**', 'electron/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            electronModule(
              'Only electron/main.ts, electron/preload.ts and electron/desktop/ may import Electron; the till must run headless.',
            ),
            layer('renderer', 'Main-process code must not import the renderer.'),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/simulators/**/*.ts'],
    ignores: ['electron/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            electronModule('The simulator runs headless, standalone and in tests: no Electron.'),
            layer('renderer', 'Main-process code must not import the renderer.'),
            {
              // electron/payments/, not shared/payments/: the nexo type definitions are the one thing both use.
              group: ['**/electron/payments/**', '../payments/**', '../../payments/**'],
              message: 'The simulator shares no code with the payment client, so it cannot mirror its bugs.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/payments/**/*.ts'],
    // Only the connection may start the embedded simulator (demo mode); tests and their harness run against it.
    ignores: [
      'electron/**/*.test.ts',
      'electron/payments/testing/**',
      'electron/payments/*/testing/**',
      'electron/payments/adyen/terminal-connection.ts',
      'electron/payments/worldline/worldline-connection.ts',
      'electron/payments/worldline-direct/direct-connection.ts',
      'electron/payments/opp/opp-connection.ts',
      'electron/payments/worldnet/worldnet-connection.ts',
      // `kassa simulator --provider …`: each provider's module brings the command that starts its simulator.
      'electron/payments/adyen/simulator-command.ts',
      'electron/payments/worldline/simulator-command.ts',
      'electron/payments/worldline-direct/simulator-command.ts',
      'electron/payments/opp/simulator-command.ts',
      'electron/payments/worldnet/simulator-command.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            electronModule('Payment code runs headless: no Electron.'),
            layer('renderer', 'Main-process code must not import the renderer.'),
            {
              group: ['**/simulators/**'],
              message: 'The payment client must not lean on the simulator it is tested against.',
            },
          ],
        },
      ],
    },
  },
  // A provider is one folder: the providers never import each other, and only the registry names them all.
  ...['adyen', 'worldline', 'worldline-direct'].map((provider) => ({
    files: [`electron/payments/${provider}/**/*.ts`, `shared/payments/${provider}/**/*.ts`],
    ignores: ['electron/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['adyen', 'worldline', 'worldline-direct']
                .filter((other) => other !== provider)
                .flatMap((other) => [`**/payments/${other}/**`, `../${other}/**`]),
              message:
                'Providers do not import each other: what two share belongs in electron/payments/ or shared/payments/.',
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/payments/adyen/**',
                '**/payments/worldline/**',
                '**/payments/worldline-direct/**',
                '**/payments/providers/**',
              ],
              message: 'The screen knows no provider: it sees payments as the IPC contract describes them.',
            },
          ],
        },
      ],
    },
  },
);
