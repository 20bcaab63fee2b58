import path from 'node:path';
import type { TillConfig } from '../../shared/config/schema.ts';
import { loadTillConfig, machineConfigFile } from '../config/load-config.ts';
import type { Logger } from '../logging/logger.ts';
import { sealMachineSecrets, vaultLayer, type SecretCipher } from '../secrets/secret-vault.ts';

/**
 * The desktop app's configuration: the usual layers, with the secrets IT put
 * in the machine file moved into the encrypted vault first (see
 * electron/secrets/secret-vault.ts). Electron's `safeStorage` is passed in,
 * so this runs and is tested without Electron.
 */

/** The parts of Electron's `safeStorage` the vault uses. */
export interface SafeStorage {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

export function safeStorageCipher(
  safeStorage: SafeStorage,
  platform: NodeJS.Platform = process.platform,
): SecretCipher {
  return {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    backend: () => (platform === 'linux' ? (safeStorage.getSelectedStorageBackend?.() ?? 'unknown') : 'os'),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  };
}

/** The vault file in the app's data folder. */
export function vaultFileIn(userData: string): string {
  return path.join(userData, 'secrets.json');
}

/** The desktop app's vault, for secrets the till is given rather than configured (its HQ token). */
export function desktopVault(
  userData: string,
  safeStorage: SafeStorage,
  config: TillConfig,
): { file: string; cipher: SecretCipher; allowBasicText: boolean } {
  return {
    file: vaultFileIn(userData),
    cipher: safeStorageCipher(safeStorage),
    allowBasicText: config.secrets?.allowBasicTextStore ?? false,
  };
}

export function loadDesktopConfig(options: {
  configFile: string | undefined;
  /** Electron's `app.getPath('userData')`: the vault lives beside the till's database. */
  userData: string;
  safeStorage: SafeStorage;
  logger: Logger;
  machineFile?: string;
  env?: NodeJS.ProcessEnv;
}): TillConfig {
  const env = options.env ?? process.env;
  const machineFile = options.machineFile ?? machineConfigFile(process.platform, env);
  const sources = { configFile: options.configFile, env, machineFile };
  const cipher = safeStorageCipher(options.safeStorage);
  const vaultFile = vaultFileIn(options.userData);
  // Read once as it stands (secrets sealed at an earlier start included), to know what the configuration
  // allows and to refuse a broken file before touching it.
  const asProvided = loadTillConfig({ ...sources, secretLayer: vaultLayer(vaultFile, cipher) });
  sealMachineSecrets({
    machineFile,
    vaultFile,
    cipher,
    allowBasicText: asProvided.secrets?.allowBasicTextStore ?? false,
    logger: options.logger,
  });
  return loadTillConfig({ ...sources, secretLayer: vaultLayer(vaultFile, cipher) });
}
