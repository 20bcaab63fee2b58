import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeStorageCipher, type SafeStorage } from '../desktop/desktop-config.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { vaultLayer } from '../secrets/secret-vault.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { HQ_TOKEN_FILE, hqCredentials } from './hq-credentials.ts';

/**
 * Where the till keeps its HQ token: a file only its user may read where
 * there is no key store (the command line that enrols), the encrypted vault
 * where the desktop app has one, and the file moved into the vault at the
 * app's next start. Real files in a temp dir; a stand-in for safeStorage.
 */

const TOKEN = 'till-token-0123456789abcdef0123456789abcdef';

/** A key store that really transforms the text, so a test can see the token is not kept in clear. */
function keyStore(backend = 'gnome_libsecret'): SafeStorage {
  const flip = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ 0x5a));
  return {
    isEncryptionAvailable: () => true,
    encryptString: (plain) => Buffer.concat([Buffer.from('sealed:'), flip(Buffer.from(plain, 'utf8'))]),
    decryptString: (sealed) => flip(sealed.subarray(7)).toString('utf8'),
    getSelectedStorageBackend: () => backend,
  };
}

describe('the HQ token', () => {
  it('outside Electron, is kept in a file only the till’s user may read, beside the journal', () => {
    const dir = tempDir();
    const credentials = hqCredentials({ dataDir: dir, logger: createMemoryLogger() });
    expect(credentials.read()).toBeUndefined();

    credentials.store(TOKEN);

    const file = path.join(dir, HQ_TOKEN_FILE);
    expect(credentials.where).toBe(file);
    expect(readFileSync(file, 'utf8').trim()).toBe(TOKEN);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(hqCredentials({ dataDir: dir, logger: createMemoryLogger() }).read()).toBe(TOKEN);
  });

  it('in the desktop app, is sealed in the vault, and a token the command line left in the file moves there', () => {
    const dir = tempDir();
    const vaultFile = path.join(dir, 'secrets.json');
    const cipher = safeStorageCipher(keyStore(), 'linux');
    writeFileSync(path.join(dir, HQ_TOKEN_FILE), `${TOKEN}\n`, { mode: 0o600 });
    const logger = createMemoryLogger();

    const credentials = hqCredentials({
      dataDir: dir,
      vault: { file: vaultFile, cipher, allowBasicText: false },
      logger,
    });

    expect(credentials.read()).toBe(TOKEN);
    expect(existsSync(path.join(dir, HQ_TOKEN_FILE))).toBe(false);
    expect(readFileSync(vaultFile, 'utf8')).not.toContain(TOKEN);
    expect(statSync(vaultFile).mode & 0o777).toBe(0o600);
    // The configuration never sees it.
    expect(vaultLayer(vaultFile, cipher)?.values).toEqual({});
    expect(JSON.stringify(logger.lines)).not.toContain(TOKEN);

    const again = hqCredentials({ dataDir: dir, vault: { file: vaultFile, cipher, allowBasicText: false }, logger });
    expect(again.read()).toBe(TOKEN);
    again.store('another-token-0123456789abcdef0123456789');
    expect(again.read()).toBe('another-token-0123456789abcdef0123456789');
  });

  it('stays in the file on a Linux desktop without a keyring, with a log line saying why', () => {
    const dir = tempDir();
    const logger = createMemoryLogger();
    const cipher = safeStorageCipher(keyStore('basic_text'), 'linux');
    const credentials = hqCredentials({
      dataDir: dir,
      vault: { file: path.join(dir, 'secrets.json'), cipher, allowBasicText: false },
      logger,
    });

    credentials.store(TOKEN);

    expect(existsSync(path.join(dir, 'secrets.json'))).toBe(false);
    expect(credentials.read()).toBe(TOKEN);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ msg: 'hq.token_not_sealed', reason: expect.stringContaining('basic_text') as string }),
    );
  });
});
