import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dist, type BuilderRunner } from './dist.ts';

/**
 * `npm run dist:dir` for real: electron-builder, offline, with this
 * repository's electron-builder.yml, against a local "Electron" that is a
 * stand-in carrying the fuse wire a real binary has (no Electron binary can be
 * downloaded here). The app itself is a stub: what is checked is the
 * packaging (the default configuration and the sample catalogue in the
 * resources, the fuses flipped as configured), which needs no real Electron.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSES = 9;

function standInElectron(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kassa-electron-'));
  const wire = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "a stand-in for Electron"\n'),
    Buffer.from(SENTINEL),
    Buffer.from([1, FUSES]),
    Buffer.from('1'.repeat(FUSES)),
  ]);
  writeFileSync(path.join(dir, 'electron'), wire, { mode: 0o755 });
  writeFileSync(path.join(dir, 'version'), '45.4.1');
  writeFileSync(path.join(dir, 'LICENSE'), 'MIT');
  return dir;
}

/** A project with this repository's packaging files and a stub in place of the built app. */
function projectWithStubApp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kassa-dist-'));
  for (const file of [
    'electron-builder.yml',
    'build',
    'electron/config/defaults.json',
    'electron/catalog/sample-catalog.csv',
  ]) {
    cpSync(path.join(ROOT, file), path.join(dir, file), { recursive: true });
  }
  // The electron package (not its binary) is how a local Electron is found, as in the repository.
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(path.join(ROOT, 'node_modules', 'electron'), path.join(dir, 'node_modules', 'electron'));
  mkdirSync(path.join(dir, 'out', 'electron'), { recursive: true });
  writeFileSync(path.join(dir, 'out', 'electron', 'main.js'), 'export {};\n');
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: manifest.name,
      version: manifest.version,
      main: manifest.main,
      type: manifest.type,
      devDependencies: { electron: (manifest.devDependencies as Record<string, string>).electron },
    }),
  );
  return dir;
}

/** This repository's electron-builder, run in the stub project. */
function electronBuilderIn(projectRoot: string): BuilderRunner {
  const cli = createRequire(path.join(ROOT, 'package.json')).resolve('electron-builder/cli.js');
  return (args) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [cli, ...args], { cwd: projectRoot, stdio: 'ignore' });
      child.once('error', reject);
      child.once('exit', (code) => resolve(code ?? 1));
    });
}

describe('npm run dist:dir with a local Electron', () => {
  it('builds the unpacked app with the default configuration and the sample catalogue in its resources, fuses flipped', async () => {
    const projectRoot = projectWithStubApp();
    const said: string[] = [];

    const code = await dist(['--dir'], {
      projectRoot,
      env: { KASSA_ELECTRON_DIST: standInElectron() },
      platform: 'linux',
      runner: electronBuilderIn(projectRoot),
      say: (line) => said.push(line),
    });

    expect(said).toEqual([]);
    expect(code).toBe(0);
    const app = path.join(projectRoot, 'dist', 'linux-unpacked');
    expect(readFileSync(path.join(app, 'resources', 'config', 'defaults.json'), 'utf8')).toBe(
      readFileSync(path.join(ROOT, 'electron', 'config', 'defaults.json'), 'utf8'),
    );
    expect(readFileSync(path.join(app, 'resources', 'catalog', 'sample-catalog.csv'), 'utf8')).toBe(
      readFileSync(path.join(ROOT, 'electron', 'catalog', 'sample-catalog.csv'), 'utf8'),
    );
    const binary = readFileSync(path.join(app, 'kassa'));
    const wire = binary
      .subarray(binary.indexOf(SENTINEL) + SENTINEL.length + 2)
      .subarray(0, FUSES)
      .toString();
    // RunAsNode off, cookie encryption on, NODE_OPTIONS off, --inspect off, asar integrity on, app only from asar.
    expect(wire.slice(0, 6)).toBe('010011');
  }, 60_000);
});
