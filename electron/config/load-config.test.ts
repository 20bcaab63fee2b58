import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir.ts';
import {
  BUILT_IN_DEFAULTS,
  chosenConfigFile,
  ConfigError,
  loadTillConfig,
  mergeLayers,
  readConfigFile,
  resolveConfig,
} from './load-config.ts';

function configFile(contents: unknown): string {
  const file = path.join(tempDir(), 'config.json');
  writeFileSync(file, typeof contents === 'string' ? contents : JSON.stringify(contents));
  return file;
}

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('till configuration', () => {
  it('starts from valid built-in defaults', () => {
    expect(loadTillConfig({})).toMatchObject({ mode: 'demo', currency: 'EUR', till: { id: 'TILL-1' } });
  });

  it('lets a file override single keys and keeps the rest of each object', () => {
    const file = configFile({ store: { name: 'Corner Shop' }, till: { id: 'T-9' } });
    const config = loadTillConfig({ configFile: file });
    expect(config.store).toEqual({ name: 'Corner Shop', addressLines: ['1 Market Street', 'Amsterdam'] });
    expect(config.till).toEqual({ id: 'T-9', name: 'Till 1' });
  });

  it('replaces arrays whole rather than merging them', () => {
    expect(
      mergeLayers([
        { source: 'a', values: { store: { addressLines: ['x', 'y'] } } },
        { source: 'b', values: { store: { addressLines: ['z'] } } },
      ]),
    ).toEqual({ store: { addressLines: ['z'] } });
  });

  it('names an unknown key and the file it is in', () => {
    const file = configFile({ store: { name: 'Shop', colour: 'blue' } });
    const message = configError(() => loadTillConfig({ configFile: file }));
    expect(message).toContain('store.colour');
    expect(message).toContain(file);
  });

  it('names a value of the wrong type and the file it is in', () => {
    const file = configFile({ currency: 'EURO', till: { id: 'has spaces' } });
    const message = configError(() => loadTillConfig({ configFile: file }));
    expect(message).toMatch(new RegExp(`currency: .*ISO 4217.*\\(in ${file.replace(/[/\\.]/g, '\\$&')}\\)`));
    expect(message).toContain('till.id: must be 1–16 letters, digits or dashes');
  });

  it('blames the built-in defaults only for what no file overrides', () => {
    const message = configError(() =>
      resolveConfig([BUILT_IN_DEFAULTS, { source: '/etc/kassa/config.json', values: { locale: 'not a locale!' } }]),
    );
    expect(message).toContain('locale: must be a BCP 47 language tag such as en-GB (in /etc/kassa/config.json)');
    expect(message).not.toContain('built-in defaults');
  });

  it('treats a "__proto__" key as an unknown setting, not as a prototype', () => {
    const file = configFile('{ "store": { "__proto__": { "name": "Injected" } } }');
    const message = configError(() => loadTillConfig({ configFile: file }));
    expect(message).toContain('store.__proto__: not a known setting');
    expect(({} as Record<string, unknown>).name).toBeUndefined();
  });

  it('refuses --config without a file instead of falling back to the demo defaults', () => {
    expect(configError(() => chosenConfigFile(true))).toContain('--config needs a file');
    expect(chosenConfigFile(undefined, { KASSA_CONFIG: '/etc/kassa/lab.json' })).toBe('/etc/kassa/lab.json');
    expect(chosenConfigFile('/tmp/a.json', { KASSA_CONFIG: '/etc/kassa/lab.json' })).toBe('/tmp/a.json');
    expect(chosenConfigFile(undefined, { KASSA_CONFIG: '' })).toBeUndefined();
  });

  it('reports a missing required key', () => {
    const message = configError(() => resolveConfig([{ source: 'only.json', values: { mode: 'live' } }]));
    expect(message).toContain('store: missing');
  });

  it('refuses a file that is not JSON, not an object, or not there, naming it', () => {
    const broken = configFile('{ "store": ');
    expect(configError(() => readConfigFile(broken))).toContain(`${broken} is not valid JSON`);
    const list = configFile('[1, 2]');
    expect(configError(() => readConfigFile(list))).toContain('must hold a JSON object');
    const missing = path.join(tempDir(), 'nope.json');
    expect(configError(() => readConfigFile(missing))).toContain(`${missing}: the file does not exist`);
  });

  it('reads a terminal with defaults for its endpoint family and region, or null for none', () => {
    expect(loadTillConfig({}).terminal).toBeUndefined();
    const cashOnly = configFile({ terminal: null });
    expect(loadTillConfig({ configFile: cashOnly }).terminal).toBeNull();
    const nl = configFile({ terminal: { provider: 'adyen', poiid: 'V400m-324688179', merchantAccount: 'ShopNL' } });
    expect(loadTillConfig({ configFile: nl }).terminal).toMatchObject({ api: 'device', region: 'eu' });
  });

  it('keeps the API key off the wire: https outside demo mode unless the host is this machine', () => {
    const terminal = { provider: 'adyen', poiid: 'V400m-324688179', merchantAccount: 'ShopNL' };
    const plain = configFile({ mode: 'live', terminal: { ...terminal, baseUrl: 'http://proxy.shop.example' } });
    expect(configError(() => loadTillConfig({ configFile: plain }))).toContain(
      `terminal.baseUrl: must use https in live mode, or point at this machine (127.0.0.1) (in ${plain})`,
    );
    const userinfo = configFile({ terminal: { ...terminal, baseUrl: 'https://user:pw@proxy.shop.example' } });
    expect(configError(() => loadTillConfig({ configFile: userinfo }))).toContain(
      'terminal.baseUrl: must not contain a user name or password',
    );
    const local = configFile({ mode: 'training', terminal: { ...terminal, baseUrl: 'http://127.0.0.1:4320' } });
    expect(loadTillConfig({ configFile: local }).terminal?.baseUrl).toBe('http://127.0.0.1:4320/');
    const demo = configFile({ mode: 'demo', terminal: { ...terminal, baseUrl: 'http://sim.lab.example:4320' } });
    expect(loadTillConfig({ configFile: demo }).terminal?.baseUrl).toBe('http://sim.lab.example:4320/');
  });

  it('names a terminal setting that is wrong and the file it is in', () => {
    const file = configFile({
      terminal: { provider: 'adyen', merchantAccount: 'M', poiid: 'terminal one', region: 'mars', baseUrl: 'ftp://x' },
    });
    const message = configError(() => loadTillConfig({ configFile: file }));
    expect(message).toContain(`terminal.poiid: must look like MODEL-SERIAL, e.g. P400Plus-123456789 (in ${file})`);
    expect(message).toContain('terminal.region:');
    expect(message).toContain('terminal.baseUrl:');
  });
});
