import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logging/logger.ts';
import { sealGivenSecret, unsealGivenSecret, vaultUnusable, type SecretCipher } from '../secrets/secret-vault.ts';

/**
 * Where the till keeps the bearer token HQ gave it at enrolment. HQ shows a
 * token once and keeps only its hash, so the till's copy is the only one.
 *
 * In the desktop app, with a key store it can trust, the token is sealed in
 * the same encrypted vault as the configuration's secrets
 * (electron/secrets/secret-vault.ts), under a name the configuration layer
 * never reads. Everywhere else (the command line that enrols, browser mode, a
 * Linux desktop without a keyring) there is no cipher, so, as the vault does
 * with secrets IT puts in the machine file, the token stays in a plain file
 * the till's own user alone may read (mode 0600), beside the till's journal:
 * a token is worth no more than the records the same user can already read
 * there. The desktop app moves that file into the vault at its next start,
 * as it seals the machine file's secrets.
 */

export interface HqCredentials {
  /** The token, or undefined before the till has enrolled. */
  read(): string | undefined;
  store(token: string): void;
  /** Where it is kept, for IT (never the token). */
  readonly where: string;
}

/** The vault's name for the token: not a configuration path, so no configuration layer shows it. */
export const HQ_TOKEN_SECRET = 'hq.token';
/** The token file's name, in the journal's folder. */
export const HQ_TOKEN_FILE = 'hq-token';

export interface HqCredentialsOptions {
  /** The folder the till's journal is in: the plain file goes there. */
  dataDir: string;
  /** The desktop app's vault, when it has a cipher. */
  vault?: { file: string; cipher: SecretCipher; allowBasicText: boolean };
  logger: Logger;
}

export function hqCredentials(options: HqCredentialsOptions): HqCredentials {
  const file = path.join(options.dataDir, HQ_TOKEN_FILE);
  const vault = options.vault;
  const whyNotVault = vault === undefined ? 'no key store here' : vaultUnusable(vault.cipher, vault.allowBasicText);
  const sealed = whyNotVault === undefined ? vault : undefined;

  function readFile(): string | undefined {
    if (!existsSync(file)) return undefined;
    const token = readFileSync(file, 'utf8').trim();
    return token === '' ? undefined : token;
  }

  function writeFile(token: string): void {
    mkdirSync(options.dataDir, { recursive: true });
    const temporary = `${file}.${String(process.pid)}.tmp`;
    writeFileSync(temporary, `${token}\n`, { mode: 0o600 });
    renameSync(temporary, file);
    // The mode given to writeFileSync is masked by the umask: set it as meant.
    chmodSync(file, 0o600);
  }

  // The vault's copy, once opened: the key store is asked once, not at every push.
  let unsealed: string | undefined;

  return {
    where: sealed === undefined ? file : `${sealed.file} (encrypted)`,
    read() {
      if (sealed === undefined) return readFile();
      const inFile = readFile();
      // Enrolled from the command line since (a file's token is always the newer one): sealed, and the file goes.
      if (inFile !== undefined) {
        sealGivenSecret(sealed.file, HQ_TOKEN_SECRET, inFile, sealed.cipher);
        rmSync(file, { force: true });
        options.logger.info('hq.token_sealed', { vault: sealed.file });
        unsealed = inFile;
      }
      unsealed ??= unsealGivenSecret(sealed.file, HQ_TOKEN_SECRET, sealed.cipher);
      return unsealed;
    },
    store(token) {
      if (sealed === undefined) {
        writeFile(token);
        if (vault !== undefined) options.logger.warn('hq.token_not_sealed', { file, reason: whyNotVault });
        return;
      }
      sealGivenSecret(sealed.file, HQ_TOKEN_SECRET, token, sealed.cipher);
      rmSync(file, { force: true });
      unsealed = token;
    },
  };
}
