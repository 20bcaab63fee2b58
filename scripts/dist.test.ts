import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { TillConfigSchema } from '../shared/config/schema.ts';
import { tempDir } from '../electron/testing/temp-dir.ts';
import { dist, electronBuilderArgs, ELECTRON_DIST_ENV, findLocalElectron, noElectronLine } from './dist.ts';
import { ICO_SIZES, PNG_SIZE, pngScanlines, renderIcon } from './icons.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** electron-builder.yml as electron-builder itself loads it (its loader, its defaults). */
async function loadBuilderConfig(file = path.join(ROOT, 'electron-builder.yml')): Promise<Configuration> {
  return getConfig(ROOT, file, null);
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema check (app-builder-lib/scheme.json)", async () => {
    await expect(validateConfiguration(await loadBuilderConfig(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is really checked: a misspelt fuse is refused by the same check', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'electron-builder.yml');
    writeFileSync(file, 'appId: com.kassa.till\nelectronFuses:\n  runAsNodes: false\n');
    await expect(validateConfiguration(await loadBuilderConfig(file), new DebugLogger(false))).rejects.toThrow(
      /configuration\.electronFuses/,
    );
  });

  it('hardens the Electron binary with fuses', async () => {
    const config = await loadBuilderConfig();
    expect(config.electronFuses).toStrictEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    });
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
    // electron-builder expands no ${env.…} in electronDist: scripts/dist.ts passes it.
    expect(config.electronDist).toBeUndefined();
  });

  it('names the app and builds per-machine Windows installers and Linux packages', async () => {
    const config = await loadBuilderConfig();
    expect(config.appId).toBe('com.kassa.till');
    expect(config.productName).toBe('Kassa');
    expect(config.win?.target).toStrictEqual(['nsis', 'msi']);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      runAfterFinish: false,
      deleteAppDataOnUninstall: false,
      artifactName: '${productName}-Setup-${version}.${ext}',
    });
    expect(config.msi).toMatchObject({ perMachine: true, runAfterFinish: false });
    expect(config.msi?.upgradeCode).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(config.linux?.target).toStrictEqual(['deb', 'AppImage']);
  });

  it('names the publisher whose signature Windows must find on an update before it is installed', async () => {
    const config = await loadBuilderConfig();
    expect(config.win?.verifyUpdateCodeSignature).toBe(true);
    expect(config.win?.signtoolOptions?.publisherName).toStrictEqual(['Kassa IT']);
  });

  it('ships the defaults and the sample catalogue into resources, and files that exist', async () => {
    const config = await loadBuilderConfig();
    const resources = config.extraResources as { from: string; to: string }[];
    expect(resources.map(({ from, to }) => ({ from, to }))).toStrictEqual([
      { from: 'electron/config/defaults.json', to: 'config/defaults.json' },
      { from: 'electron/catalog/sample-catalog.csv', to: 'catalog/sample-catalog.csv' },
    ]);
    for (const { from } of resources) expect(() => readFileSync(path.join(ROOT, from))).not.toThrow();
  });

  it('keeps node_modules and source maps out of the app (everything is bundled into out/)', async () => {
    const config = await loadBuilderConfig();
    const filters = (config.files as { filter?: string[] }[]).flatMap((set) => set.filter ?? []);
    expect(filters).toEqual(expect.arrayContaining(['out/**/*', '!out/**/*.map', '!node_modules/**/*']));
  });
});

describe('the icons', () => {
  function pngPixels(file: Buffer): { width: number; height: number; scanlines: Buffer } {
    expect(file.subarray(1, 4).toString('latin1')).toBe('PNG');
    const idat: Buffer[] = [];
    for (let at = 8; at < file.length;) {
      const length = file.readUInt32BE(at);
      if (file.subarray(at + 4, at + 8).toString('latin1') === 'IDAT')
        idat.push(file.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    return { width: file.readUInt32BE(16), height: file.readUInt32BE(20), scanlines: inflateSync(Buffer.concat(idat)) };
  }

  it('build/icon.png is the 512 px icon scripts/icons.ts draws', () => {
    const png = pngPixels(readFileSync(path.join(ROOT, 'build', 'icon.png')));
    expect([png.width, png.height]).toStrictEqual([PNG_SIZE, PNG_SIZE]);
    expect(png.scanlines.equals(pngScanlines(PNG_SIZE, renderIcon(PNG_SIZE)))).toBe(true);
  });

  it('build/icon.ico holds 16 to 256 px, as electron-builder needs for Windows (at least 256)', () => {
    const ico = readFileSync(path.join(ROOT, 'build', 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toStrictEqual([0, 1]);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, index) => {
      const width = ico[6 + 16 * index] ?? 0;
      return width === 0 ? 256 : width;
    });
    expect(sizes).toStrictEqual([...ICO_SIZES]);
  });
});

/** A project folder with the electron package as npm leaves it; `downloaded` adds the binary and path.txt. */
function project(options: { downloaded?: boolean } = {}): string {
  const root = tempDir();
  const pkg = path.join(root, 'node_modules', 'electron');
  mkdirSync(path.join(pkg, 'dist'), { recursive: true });
  writeFileSync(path.join(pkg, 'package.json'), '{"name":"electron","version":"45.4.1"}');
  if (options.downloaded === true) {
    writeFileSync(path.join(pkg, 'path.txt'), 'electron');
    writeFileSync(path.join(pkg, 'dist', 'electron'), '');
  }
  return root;
}

function unpackedElectron(): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'electron'), '');
  return dir;
}

async function runDist(argv: string[], root: string, env: NodeJS.ProcessEnv) {
  const lines: string[] = [];
  const calls: (readonly string[])[] = [];
  const code = await dist(argv, {
    projectRoot: root,
    env,
    platform: 'linux',
    say: (line) => lines.push(line),
    runner: (args) => {
      calls.push(args);
      return Promise.resolve(0);
    },
  });
  return { code, lines, calls };
}

describe('npm run dist:dir / npm run dist (scripts/dist.ts)', () => {
  it('without a local Electron says so in one line, with how to point at one, and fails', async () => {
    const { code, lines, calls } = await runDist(['--dir'], project(), {});
    expect(code).toBe(1);
    expect(calls).toStrictEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(lines[0]).toMatch(/^kassa dist: no local Electron to package: .*never downloaded.*\. Point at one: /);
    expect(lines[0]).toContain('KASSA_ELECTRON_DIST=/path/to/electron-dist npm run dist:dir');
  });

  it('for installers also says they fetch toolsets unless mirrored, still in one line', async () => {
    const { code, lines } = await runDist([], project(), {});
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('KASSA_ELECTRON_DIST=/path/to/electron-dist npm run dist. The installers');
    expect(lines[0]).toMatch(/toolsets \(NSIS, WiX, fpm, appimage\).*ELECTRON_BUILDER_BINARIES_MIRROR/);
  });

  it('does not take a display check for a missing Electron: packaging opens no window', () => {
    expect(findLocalElectron(project({ downloaded: true }), {}, 'linux')).toMatchObject({ found: true });
  });

  it('says which KASSA_ELECTRON_DIST holds no Electron', async () => {
    const empty = tempDir();
    const { code, lines } = await runDist(['--dir'], project({ downloaded: true }), { [ELECTRON_DIST_ENV]: empty });
    expect(code).toBe(1);
    expect(lines).toStrictEqual([
      expect.stringContaining(`KASSA_ELECTRON_DIST=${empty} holds neither an Electron binary`),
    ]);
    const missing = path.join(empty, 'nope');
    expect(findLocalElectron(project(), { [ELECTRON_DIST_ENV]: missing }, 'linux')).toStrictEqual({
      found: false,
      reason: `KASSA_ELECTRON_DIST=${missing} does not exist`,
    });
  });

  it('packages the Electron KASSA_ELECTRON_DIST names, before the one in node_modules', async () => {
    const electron = unpackedElectron();
    const { code, lines, calls } = await runDist(['--dir'], project({ downloaded: true }), {
      [ELECTRON_DIST_ENV]: electron,
    });
    expect(code).toBe(0);
    expect(lines).toStrictEqual([]);
    expect(calls).toStrictEqual([['--dir', `-c.electronDist=${electron}`, '--publish', 'never']]);
  });

  it('takes a folder of Electron release zips, or one zip', () => {
    const zips = tempDir();
    writeFileSync(path.join(zips, 'electron-v45.4.1-win32-x64.zip'), '');
    expect(findLocalElectron(project(), { [ELECTRON_DIST_ENV]: zips }, 'linux')).toStrictEqual({
      found: true,
      electronDist: zips,
    });
    const zip = path.join(zips, 'electron-v45.4.1-win32-x64.zip');
    expect(findLocalElectron(project(), { [ELECTRON_DIST_ENV]: zip }, 'linux')).toStrictEqual({
      found: true,
      electronDist: zip,
    });
    const otherVersion = tempDir();
    writeFileSync(path.join(otherVersion, 'electron-v44.0.0-linux-x64.zip'), '');
    expect(findLocalElectron(project(), { [ELECTRON_DIST_ENV]: otherVersion }, 'linux')).toMatchObject({
      found: false,
    });
  });

  it("falls back to the electron package's own download, or its ELECTRON_OVERRIDE_DIST_PATH", async () => {
    const root = project({ downloaded: true });
    const { calls } = await runDist(['--dir'], root, {});
    expect(calls).toStrictEqual([
      ['--dir', `-c.electronDist=${path.join(root, 'node_modules', 'electron', 'dist')}`, '--publish', 'never'],
    ]);
    const override = unpackedElectron();
    expect(findLocalElectron(project(), { ELECTRON_OVERRIDE_DIST_PATH: override }, 'linux')).toStrictEqual({
      found: true,
      electronDist: override,
    });
  });

  it('builds installers with the options given after --, and notes the toolsets unless mirrored', async () => {
    const electron = unpackedElectron();
    const root = project();
    const plain = await runDist(['--linux', 'deb'], root, { [ELECTRON_DIST_ENV]: electron });
    expect(plain.calls).toStrictEqual([[`-c.electronDist=${electron}`, '--publish', 'never', '--linux', 'deb']]);
    expect(plain.lines).toStrictEqual([expect.stringMatching(/^kassa dist: installers also download/)]);

    const mirrored = await runDist([], root, {
      [ELECTRON_DIST_ENV]: electron,
      ELECTRON_BUILDER_BINARIES_MIRROR: 'https://mirror.example/electron-builder-binaries/',
    });
    expect(mirrored.lines).toStrictEqual([]);
  });

  it('passes on electron-builder exit code', async () => {
    const code = await dist(['--dir'], {
      projectRoot: project(),
      env: { [ELECTRON_DIST_ENV]: unpackedElectron() },
      platform: 'linux',
      say: () => undefined,
      runner: () => Promise.resolve(7),
    });
    expect(code).toBe(7);
  });

  it('leaves publishing to the caller when asked for', () => {
    expect(electronBuilderArgs('installers', '/e', ['--publish', 'always'])).toStrictEqual([
      '-c.electronDist=/e',
      '--publish',
      'always',
    ]);
  });

  it('prints one line for each mode', () => {
    expect(noElectronLine('dir', 'why')).not.toContain('toolsets');
    expect(noElectronLine('installers', 'why')).toContain('toolsets');
  });

  it('is what the npm scripts run, after the build', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.dist).toBe('npm run build && node scripts/dist.ts');
    expect(scripts['dist:dir']).toBe('npm run build && node scripts/dist.ts --dir');
  });
});

/** JSON with // and /* *\/ comments, as editors call JSONC; strings are left alone. No trailing commas. */
function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let at = 0; at < text.length; at += 1) {
    const char = text.charAt(at);
    if (inString) {
      out += char;
      if (char === '\\') out += text[++at] ?? '';
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
      out += char;
    } else if (char === '/' && text[at + 1] === '/') {
      while (at < text.length && text[at] !== '\n') at += 1;
      out += '\n';
    } else if (char === '/' && text[at + 1] === '*') {
      at = text.indexOf('*/', at + 2) + 1;
      if (at === 0) throw new Error('unterminated /* comment');
    } else {
      out += char;
    }
  }
  return out;
}

/** Every key the schema knows, as dotted paths (`staff[].pinHash`). */
function schemaKeys(schema: z.core.$ZodType, prefix = ''): string[] {
  const def = schema._zod.def as unknown as {
    type: string;
    innerType?: z.core.$ZodType;
    in?: z.core.$ZodType;
    out?: z.core.$ZodType;
    element?: z.core.$ZodType;
    shape?: Record<string, z.core.$ZodType>;
    options?: z.core.$ZodType[];
  };
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return def.innerType === undefined ? [] : schemaKeys(def.innerType, prefix);
    case 'pipe': {
      // A preprocess step (a transform) feeds the schema that holds the keys.
      const holder = def.in?._zod.def.type === 'transform' ? def.out : def.in;
      return holder === undefined ? [] : schemaKeys(holder, prefix);
    }
    case 'array':
      return def.element === undefined ? [] : schemaKeys(def.element, `${prefix}[]`);
    case 'union':
      return [...new Set((def.options ?? []).flatMap((option) => schemaKeys(option, prefix)))];
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, inner]) => {
        const here = prefix === '' ? key : `${prefix}.${key}`;
        return [here, ...schemaKeys(inner, here)];
      });
    default:
      return [];
  }
}

describe('docs/config.example.jsonc', () => {
  const text = readFileSync(path.join(ROOT, 'docs', 'config.example.jsonc'), 'utf8');

  it('is a valid till configuration once its comments are removed', () => {
    const parsed = TillConfigSchema.safeParse(JSON.parse(stripJsonComments(text)));
    expect(parsed.error?.issues ?? []).toStrictEqual([]);
  });

  it('shows every key the till knows, set or commented out', () => {
    const keys = schemaKeys(TillConfigSchema);
    expect(keys).toEqual(expect.arrayContaining(['payment.adyen.poiId', 'printer.drawer.pulseMs', 'staff[].pinHash']));
    const missing = keys.filter((key) => {
      const name = key.slice(key.lastIndexOf('.') + 1).replace('[]', '');
      return !text.includes(`"${name}":`);
    });
    expect(missing).toStrictEqual([]);
  });

  it('knows the comment syntax it relies on', () => {
    expect(JSON.parse(stripJsonComments('{ "url": "tcp://a:9100" /* c */, // d\n "b": "x\\"//" }'))).toStrictEqual({
      url: 'tcp://a:9100',
      b: 'x"//',
    });
  });
});
