import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDesktopConfig, type SafeStorage } from '../desktop/desktop-config.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { tempDir } from '../testing/temp-dir.ts';

/**
 * Secrets at rest, through the desktop app's configuration loader with a
 * stand-in for Electron's safeStorage (a reversible cipher that says which
 * backend it is) and real files in a temp dir.
 */

const API_KEY = 'AQE-terminal-api-key-0123456789';
const WEBHOOK_PASSWORD = 'webhook-password-1234';

/** A key store that really transforms the text (so a test can see nothing is kept in clear). */
function keyStore(backend: string, available = true): SafeStorage {
  const flip = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ 0x5a));
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.concat([Buffer.from('sealed:'), flip(Buffer.from(plain, 'utf8'))]),
    decryptString: (sealed) => {
      if (!sealed.subarray(0, 7).equals(Buffer.from('sealed:'))) throw new Error('not sealed by this store');
      return flip(sealed.subarray(7)).toString('utf8');
    },
    getSelectedStorageBackend: () => backend,
  };
}

function setUp(extra: Record<string, unknown> = {}) {
  const dir = tempDir();
  const machineFile = path.join(dir, 'machine-config.json');
  const userData = path.join(dir, 'data');
  const machine = {
    mode: 'training',
    till: { id: 'SHOP-3', name: 'Till 3' },
    payment: {
      provider: 'adyen',
      mode: 'async',
      adyen: { poiId: 'V400m-324688179', merchantAccount: 'Shop', apiKey: API_KEY },
    },
    webhooks: { listen: '0.0.0.0:8443', username: 'adyen', password: WEBHOOK_PASSWORD },
    ...extra,
  };
  writeFileSync(machineFile, JSON.stringify(machine, null, 2));
  const logger = createMemoryLogger();
  const load = (store: SafeStorage) =>
    loadDesktopConfig({ configFile: undefined, userData, safeStorage: store, logger, machineFile, env: {} });
  return { machineFile, vaultFile: path.join(userData, 'secrets.json'), logger, load };
}

const logText = (logger: ReturnType<typeof createMemoryLogger>) => JSON.stringify(logger.lines);

describe('secrets in the machine file, on a desktop with a key store', () => {
  it('moves them into the encrypted vault, rewrites the machine file without them, and still runs with them', () => {
    const { machineFile, vaultFile, logger, load } = setUp();
    const store = keyStore('gnome_libsecret');

    const config = load(store);

    expect(config.payment).toMatchObject({ adyen: { apiKey: API_KEY } });
    expect(config.webhooks?.password).toBe(WEBHOOK_PASSWORD);
    const machine = readFileSync(machineFile, 'utf8');
    expect(machine).not.toContain(API_KEY);
    expect(machine).not.toContain(WEBHOOK_PASSWORD);
    // Everything else IT wrote is still there.
    expect(JSON.parse(machine)).toMatchObject({
      till: { id: 'SHOP-3' },
      payment: { adyen: { poiId: 'V400m-324688179', merchantAccount: 'Shop' } },
      webhooks: { listen: '0.0.0.0:8443', username: 'adyen' },
    });
    const vault = readFileSync(vaultFile, 'utf8');
    expect(vault).not.toContain(API_KEY);
    expect(vault).not.toContain(WEBHOOK_PASSWORD);
    expect(Object.keys((JSON.parse(vault) as { secrets: object }).secrets).sort()).toEqual([
      'payment.adyen.apiKey',
      'webhooks.password',
    ]);
    expect(statSync(vaultFile).mode & 0o777).toBe(0o600);
    expect(logText(logger)).not.toContain(API_KEY);
    expect(logText(logger)).not.toContain(WEBHOOK_PASSWORD);

    // The next start finds nothing to seal and the same secrets in the vault.
    const again = load(store);
    expect(again.payment).toMatchObject({ adyen: { apiKey: API_KEY } });
    expect(again.webhooks?.password).toBe(WEBHOOK_PASSWORD);
  });

  it('takes a new key IT puts in the machine file later, and seals that one instead', () => {
    const { machineFile, load } = setUp();
    const store = keyStore('kwallet5');
    load(store);
    const machine = JSON.parse(readFileSync(machineFile, 'utf8')) as { payment: { adyen: Record<string, unknown> } };
    machine.payment.adyen.apiKey = 'AQE-rotated-key-9876543210';
    writeFileSync(machineFile, JSON.stringify(machine));

    expect(load(store).payment).toMatchObject({ adyen: { apiKey: 'AQE-rotated-key-9876543210' } });
    expect(readFileSync(machineFile, 'utf8')).not.toContain('AQE-rotated-key');
  });
});

describe('a key store that cannot protect them', () => {
  it('leaves them in the machine file on Linux without a keyring (basic_text), and says why', () => {
    const { machineFile, vaultFile, logger, load } = setUp();

    const config = load(keyStore('basic_text'));

    expect(config.payment).toMatchObject({ adyen: { apiKey: API_KEY } });
    expect(readFileSync(machineFile, 'utf8')).toContain(API_KEY);
    expect(existsSync(vaultFile)).toBe(false);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'secrets.left_in_machine_file',
        reason: expect.stringContaining('install and unlock a keyring') as string,
      }),
    );
    expect(logText(logger)).not.toContain(API_KEY);
  });

  it('uses basic_text when IT says so in the configuration', () => {
    const { machineFile, vaultFile, load } = setUp({ secrets: { allowBasicTextStore: true } });

    expect(load(keyStore('basic_text')).payment).toMatchObject({ adyen: { apiKey: API_KEY } });
    expect(readFileSync(machineFile, 'utf8')).not.toContain(API_KEY);
    expect(existsSync(vaultFile)).toBe(true);
  });

  it('leaves them where they are when no key store is available at all', () => {
    const { machineFile, vaultFile, load } = setUp();

    expect(load(keyStore('gnome_libsecret', false)).webhooks?.password).toBe(WEBHOOK_PASSWORD);
    expect(readFileSync(machineFile, 'utf8')).toContain(WEBHOOK_PASSWORD);
    expect(existsSync(vaultFile)).toBe(false);
  });
});

describe('a vault this computer cannot open', () => {
  it('says which secret, where, and how to put it back', () => {
    const { vaultFile, load } = setUp();
    load(keyStore('gnome_libsecret'));
    const otherStore = {
      ...keyStore('gnome_libsecret'),
      decryptString: () => {
        throw new Error('keyring reset');
      },
    };

    expect(() => load(otherStore)).toThrow(
      `The secret payment.adyen.apiKey in ${vaultFile} cannot be decrypted with this computer's key store. ` +
        'Put it in the machine file again (it is sealed anew at the next start) and delete the vault file.',
    );
  });
});
