import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-dir.ts';
import { locateElectron } from './electron-binary.ts';

function project(options: { pathTxt?: string; binary?: boolean }) {
  const root = tempDir();
  const pkg = path.join(root, 'node_modules', 'electron');
  mkdirSync(path.join(pkg, 'dist'), { recursive: true });
  writeFileSync(path.join(pkg, 'package.json'), '{"name":"electron"}');
  if (options.pathTxt !== undefined) writeFileSync(path.join(pkg, 'path.txt'), options.pathTxt);
  if (options.binary === true) writeFileSync(path.join(pkg, 'dist', 'electron'), '');
  return root;
}

const display = { DISPLAY: ':99' };

describe('locateElectron', () => {
  it('finds the downloaded binary', () => {
    const root = project({ pathTxt: 'electron', binary: true });
    expect(locateElectron(root, display, 'linux')).toEqual({
      found: true,
      path: path.join(root, 'node_modules', 'electron', 'dist', 'electron'),
    });
  });

  it('says when the binary was never downloaded, without trying to download it', () => {
    const result = locateElectron(project({}), display);
    expect(result).toMatchObject({ found: false, reason: expect.stringContaining('never downloaded') as string });
  });

  it('says when the package is not installed', () => {
    expect(locateElectron(tempDir(), display)).toMatchObject({
      found: false,
      reason: expect.stringContaining('not installed') as string,
    });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', () => {
    const dist = tempDir();
    writeFileSync(path.join(dist, 'electron'), '');
    expect(locateElectron(project({}), { ...display, ELECTRON_OVERRIDE_DIST_PATH: dist })).toEqual({
      found: true,
      path: path.join(dist, 'electron'),
    });
  });

  it('says when a Linux machine has no display to open a window on', () => {
    const result = locateElectron(project({ pathTxt: 'electron', binary: true }), {}, 'linux');
    expect(result).toMatchObject({ found: false, reason: expect.stringContaining('no display') as string });
  });
});
