import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import { showConfig } from '../cli/show-config.ts';
import { connectAdyenTerminal } from '../payments/adyen/terminal-connection.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { tempDir } from '../testing/temp-dir.ts';
import {
  ConfigError,
  configLayers,
  environmentLayers,
  loadTillConfig,
  machineConfigFile,
  REDACTED,
  redactConfig,
} from './load-config.ts';

/**
 * The four layers of a till's configuration (built-in defaults, the machine
 * file IT owns, the file a command is pointed at, KASSA_CONFIG__ variables),
 * which wins, what is printed of them, and every way they go wrong, with the
 * exact words IT reads.
 */

function file(contents: unknown, name = 'config.json'): string {
  const written = path.join(tempDir(), name);
  writeFileSync(written, typeof contents === 'string' ? contents : JSON.stringify(contents));
  return written;
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

const NO_MACHINE_FILE = { machineFile: null, env: {} };

describe('where the machine file is', () => {
  it('is under ProgramData on Windows and /etc/kassa on Linux', () => {
    expect(machineConfigFile('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\Kassa\\config.json');
    expect(machineConfigFile('win32', {})).toBe('C:\\ProgramData\\Kassa\\config.json');
    expect(machineConfigFile('linux', {})).toBe('/etc/kassa/config.json');
  });
});

describe('the layers and which wins', () => {
  it('takes the built-in defaults alone when nothing else is there', () => {
    const layers = configLayers(NO_MACHINE_FILE);
    expect(layers.map((layer) => layer.source)).toEqual(['built-in defaults']);
    expect(loadTillConfig(NO_MACHINE_FILE)).toMatchObject({ mode: 'demo', till: { id: 'TILL-1', name: 'Till 1' } });
  });

  it('lets the machine file override the defaults, the chosen file the machine file, and the environment both', () => {
    const machineFile = file({ store: { name: 'Machine Shop' }, till: { id: 'M-1', name: 'Machine till' } }, 'm.json');
    const configFile = file({ till: { id: 'F-1' }, locale: 'de-DE' });
    const env = { KASSA_CONFIG__TILL__NAME: 'Lab till', KASSA_CONFIG__LOCALE: 'fr-FR' };

    const layers = configLayers({ machineFile, configFile, env });
    const config = loadTillConfig({ machineFile, configFile, env });

    expect(layers.map((layer) => layer.source)).toEqual([
      'built-in defaults',
      machineFile,
      configFile,
      'environment variable KASSA_CONFIG__LOCALE',
      'environment variable KASSA_CONFIG__TILL__NAME',
    ]);
    expect(config.store.name).toBe('Machine Shop');
    // The chosen file beats the machine file for till.id, and the environment beats both for the rest.
    expect(config.till).toEqual({ id: 'F-1', name: 'Lab till' });
    expect(config.locale).toBe('fr-FR');
    // Keys no layer touched keep their defaults.
    expect(config.currency).toBe('EUR');
  });

  it('uses KASSA_CONFIG when no --config is given', () => {
    const configFile = file({ till: { id: 'ENV-FILE' } });
    expect(loadTillConfig({ configFile, ...NO_MACHINE_FILE }).till.id).toBe('ENV-FILE');
  });

  it('reads JSON values from the environment, camel-cases the keys, and keeps other text as text', () => {
    const layers = environmentLayers({
      KASSA_CONFIG__PAYMENT__ADYEN__POI_ID: 'V400m-324688179',
      KASSA_CONFIG__PAYMENT__RESULT_TIMEOUT_SECONDS: '170',
      KASSA_CONFIG__STORE__ADDRESS_LINES: '["1 Lab Lane","Delft"]',
      KASSA_DATA_DIR: '/not/a/setting',
      KASSA_CONFIG: '/also/not/a/setting',
    });
    expect(layers.map((layer) => layer.values)).toEqual([
      { payment: { adyen: { poiId: 'V400m-324688179' } } },
      { payment: { resultTimeoutSeconds: 170 } },
      { store: { addressLines: ['1 Lab Lane', 'Delft'] } },
    ]);
  });

  it('gives a lab till a terminal from the environment alone', () => {
    const config = loadTillConfig({
      machineFile: null,
      env: {
        KASSA_CONFIG__PAYMENT__PROVIDER: 'adyen',
        KASSA_CONFIG__PAYMENT__ADYEN__POI_ID: 'V400m-324688179',
        KASSA_CONFIG__PAYMENT__ADYEN__MERCHANT_ACCOUNT: 'LabShop',
      },
    });
    expect(config.payment).toMatchObject({ adyen: { poiId: 'V400m-324688179', merchantAccount: 'LabShop' } });
  });
});

describe('what goes wrong, in IT’s words', () => {
  it('says a chosen file that is not there does not exist', () => {
    const missing = path.join(tempDir(), 'nope.json');
    expect(configError(() => loadTillConfig({ configFile: missing, ...NO_MACHINE_FILE }))).toBe(
      `Cannot read the configuration file ${missing}: the file does not exist.`,
    );
  });

  it('names the machine file when it is not JSON', () => {
    const machineFile = file('{ "till": ', 'machine.json');
    expect(configError(() => loadTillConfig({ machineFile, env: {} }))).toMatch(
      new RegExp(`^The configuration file ${machineFile.replace(/[.\\/]/g, '\\$&')} is not valid JSON: `),
    );
  });

  it('names an unknown key and the file it is in', () => {
    const configFile = file({ till: { id: 'T-1', colour: 'red' } });
    expect(configError(() => loadTillConfig({ configFile, ...NO_MACHINE_FILE }))).toBe(
      `The till's configuration is not valid:\n  - till.colour: not a known setting (in ${configFile})`,
    );
  });

  it('names a wrong type and the machine file it came from', () => {
    const machineFile = file({ printer: { url: 'tcp://10.0.0.5:9100', paperWidth: 'wide' } }, 'machine.json');
    expect(configError(() => loadTillConfig({ machineFile, env: {} }))).toBe(
      "The till's configuration is not valid:\n  - printer.paperWidth: must be 58 or 80 (mm) (in " + `${machineFile})`,
    );
  });

  it('names the environment variable that set an unknown key or a wrong type', () => {
    expect(configError(() => loadTillConfig({ machineFile: null, env: { KASSA_CONFIG__TILL__COLOUR: 'red' } }))).toBe(
      "The till's configuration is not valid:\n" +
        '  - till.colour: not a known setting (in environment variable KASSA_CONFIG__TILL__COLOUR)',
    );
    expect(configError(() => loadTillConfig({ machineFile: null, env: { KASSA_CONFIG__MODE: 'party' } }))).toMatch(
      /^The till's configuration is not valid:\n {2}- mode: .* \(in environment variable KASSA_CONFIG__MODE\)$/,
    );
  });

  it('refuses a variable that does not spell a setting', () => {
    expect(configError(() => loadTillConfig({ machineFile: null, env: { KASSA_CONFIG__till__id: 'x' } }))).toBe(
      'The environment variable KASSA_CONFIG__till__id does not name a setting: write KASSA_CONFIG__SECTION__KEY ' +
        'in capitals, for example KASSA_CONFIG__TILL__ID.',
    );
  });

  it('says which secret a live till is missing and where to put it', async () => {
    const config = TillConfigSchema.parse({
      store: { name: 'Shop', addressLines: [] },
      till: { id: 'T-1', name: 'Till 1' },
      locale: 'en-GB',
      currency: 'EUR',
      mode: 'live',
      payment: { provider: 'adyen', adyen: { poiId: 'V400m-324688179', merchantAccount: 'Shop', region: 'eu' } },
    });
    const payment = config.payment;
    if (payment?.provider !== 'adyen') throw new Error('no Adyen payment section');
    await expect(
      connectAdyenTerminal(config, payment.adyen, { logger: createMemoryLogger(), env: {} }),
    ).rejects.toThrow(
      "payment.adyen.apiKey: a live till needs Adyen's API key to reach its terminal; set payment.adyen.apiKey in " +
        'the configuration file or KASSA_ADYEN_API_KEY in the environment.',
    );
  });
});

describe('printing the effective configuration', () => {
  it('redacts every secret, wherever it is, and nothing else', () => {
    const redacted = redactConfig({
      payment: { adyen: { poiId: 'V400m-1', apiKey: 'AQE-very-secret' } },
      webhooks: { listen: '0.0.0.0:8443', username: 'adyen', password: 'twelve-chars-long' },
      staff: [{ id: 'anna', name: 'Anna', role: 'cashier', pinHash: 'scrypt$32768$8$1$salt$hash' }],
      till: { id: 'T-1' },
    });
    expect(redacted).toEqual({
      payment: { adyen: { poiId: 'V400m-1', apiKey: REDACTED } },
      webhooks: { listen: '0.0.0.0:8443', username: 'adyen', password: REDACTED },
      staff: [{ id: 'anna', name: 'Anna', role: 'cashier', pinHash: REDACTED }],
      till: { id: 'T-1' },
    });
  });

  it('prints the layers and the redacted configuration with `kassa config`', () => {
    const configFile = file({
      payment: {
        provider: 'adyen',
        adyen: { poiId: 'V400m-324688179', merchantAccount: 'Shop', apiKey: 'AQE-very-secret-key' },
      },
    });
    let printed = '';
    const code = showConfig(['--config', configFile], {
      machineFile: null,
      env: { KASSA_CONFIG__TILL__ID: 'LAB-1' },
      output: (text) => {
        printed += text;
      },
    });
    expect(code).toBe(0);
    expect(printed).toContain(`  - ${configFile}\n  - environment variable KASSA_CONFIG__TILL__ID\n`);
    expect(printed).toContain('"apiKey": "[redacted]"');
    expect(printed).toContain('"id": "LAB-1"');
    expect(printed).not.toContain('AQE-very-secret-key');

    let json = '';
    showConfig(['--config', configFile, '--json'], {
      machineFile: null,
      env: {},
      output: (text) => {
        json += text;
      },
    });
    expect(JSON.parse(json)).toMatchObject({ payment: { adyen: { apiKey: REDACTED, poiId: 'V400m-324688179' } } });
  });
});
