#!/usr/bin/env node
// Launcher for `kassa`: the CLI is TypeScript run by Node's own type stripping,
// which needs Node 24 (the line Electron bundles). npm scripts use the pinned
// node@24 from devDependencies; this message is for anyone calling it directly.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `kassa needs Node 24 or later (this is ${process.version}). Run it through npm: npm run kassa -- <command>\n`,
  );
  process.exit(2);
}
await import('../electron/cli/kassa.ts');
