import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-dir.ts';
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

  it('reads card payments with defaults for mode, deadline, endpoint family and region, or null for none', () => {
    expect(loadTillConfig({}).payment).toBeUndefined();
    const cashOnly = configFile({ payment: null });
    expect(loadTillConfig({ configFile: cashOnly }).payment).toBeNull();
    const nl = configFile({
      payment: { provider: 'adyen', adyen: { poiId: 'V400m-324688179', merchantAccount: 'ShopNL' } },
    });
    expect(loadTillConfig({ configFile: nl }).payment).toMatchObject({
      mode: 'sync',
      resultTimeoutSeconds: 150,
      adyen: { api: 'cloud-device', region: 'eu' },
    });
  });

  it('keeps the API key off the wire: https outside demo mode unless the host is this machine', () => {
    const adyen = { poiId: 'V400m-324688179', merchantAccount: 'ShopNL' };
    const pay = (extra: object) => ({ provider: 'adyen', adyen: { ...adyen, ...extra } });
    const plain = configFile({ mode: 'live', payment: pay({ baseUrl: 'http://proxy.shop.example' }) });
    expect(configError(() => loadTillConfig({ configFile: plain }))).toContain(
      `payment.adyen.baseUrl: must use https in live mode, or point at this machine (127.0.0.1) (in ${plain})`,
    );
    const userinfo = configFile({ payment: pay({ baseUrl: 'https://user:pw@proxy.shop.example' }) });
    expect(configError(() => loadTillConfig({ configFile: userinfo }))).toContain(
      'payment.adyen.baseUrl: must not contain a user name or password',
    );
    const local = configFile({ mode: 'training', payment: pay({ baseUrl: 'http://127.0.0.1:4320' }) });
    expect(loadTillConfig({ configFile: local }).payment).toMatchObject({
      adyen: { baseUrl: 'http://127.0.0.1:4320/' },
    });
    const demo = configFile({ mode: 'demo', payment: pay({ baseUrl: 'http://sim.lab.example:4320' }) });
    expect(loadTillConfig({ configFile: demo }).payment).toMatchObject({
      adyen: { baseUrl: 'http://sim.lab.example:4320/' },
    });
  });

  it('names a payment setting that is wrong and the file it is in', () => {
    const file = configFile({
      payment: {
        provider: 'adyen',
        mode: 'later',
        resultTimeoutSeconds: 2,
        adyen: { merchantAccount: 'M', poiId: 'terminal one', region: 'mars', baseUrl: 'ftp://x', api: 'device' },
      },
      journal: { path: '' },
    });
    const message = configError(() => loadTillConfig({ configFile: file }));
    expect(message).toContain(`payment.adyen.poiId: must look like MODEL-SERIAL, e.g. P400Plus-123456789 (in ${file})`);
    for (const key of [
      'payment.mode',
      'payment.resultTimeoutSeconds',
      'payment.adyen.region',
      'payment.adyen.baseUrl',
    ]) {
      expect(message).toContain(`${key}:`);
    }
    expect(message).toContain('payment.adyen.api:');
    expect(message).toContain('journal.path:');
  });

  it('refuses a training till on the live environment, and async payments with nowhere to receive them', () => {
    const adyen = { poiId: 'V400m-324688179', merchantAccount: 'ShopNL' };
    const wrongEnvironment = configFile({
      mode: 'training',
      payment: { provider: 'adyen', adyen: { ...adyen, environment: 'live' } },
    });
    expect(configError(() => loadTillConfig({ configFile: wrongEnvironment }))).toContain(
      "payment.adyen.environment: a training till uses Adyen's test environment",
    );
    const noWebhooks = configFile({ mode: 'training', payment: { provider: 'adyen', mode: 'async', adyen } });
    expect(configError(() => loadTillConfig({ configFile: noWebhooks }))).toContain(
      'payment.mode: async needs a webhooks section',
    );
    const weak = configFile({
      mode: 'training',
      payment: { provider: 'adyen', mode: 'async', adyen },
      webhooks: { listen: '0.0.0.0:8443', username: 'adyen', password: 'short' },
    });
    expect(configError(() => loadTillConfig({ configFile: weak }))).toContain(
      'webhooks.password: must be at least 12 characters',
    );
  });
});
