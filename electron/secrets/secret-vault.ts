import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, type ConfigLayer } from '../config/load-config.ts';
import type { Logger } from '../logging/logger.ts';

/**
 * Secrets at rest. IT may put the terminal's API key and the webhook password
 * in the machine file for a till's first start; the desktop app then encrypts
 * them with the operating system's key store (Electron's `safeStorage`: DPAPI
 * on Windows, the keyring on Linux), keeps them in a vault file in its data
 * folder, and rewrites the machine file without them. From then on they are
 * a configuration layer read from the vault, right after the machine file.
 *
 * On Linux without a keyring, safeStorage falls back to a fixed built-in key
 * ("basic_text"), which protects nothing: the vault refuses it unless the
 * configuration says `secrets.allowBasicTextStore`, and the secrets stay where
 * IT put them. Outside Electron (browser mode, the command line) there is no
 * cipher: secrets come from the files or the environment, as before.
 */

/** Where secrets live in a till's configuration; each one is sealed on its own. */
export const SECRET_PATHS: readonly (readonly string[])[] = [
  ['payment', 'adyen', 'apiKey'],
  ['payment', 'worldline', 'apiKey'],
  ['webhooks', 'password'],
  ['online', 'worldlineDirect', 'secretApiKey'],
  ['online', 'worldlineDirect', 'webhookSecret'],
  ['online', 'opp', 'accessToken'],
  ['online', 'opp', 'webhookSecret'],
  ['online', 'worldnet', 'secret'],
  ['online', 'worldnet', 'apiKey'],
  ['receipts', 'email', 'smtp', 'password'],
  // One-time, but it enrols a till with HQ until it is used: kept like the others.
  ['hq', 'enrolmentCode'],
];

/** What the vault needs of a key store; Electron's safeStorage in the desktop app, a fake in tests. */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  /** Linux only in Electron: "basic_text" means no real protection. */
  backend(): string;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

const VaultSchema = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) }).strict();

export interface SealOptions {
  /** The machine file IT owns; may not exist. */
  machineFile: string;
  /** The vault, in the app's data folder. */
  vaultFile: string;
  cipher: SecretCipher;
  allowBasicText: boolean;
  logger: Logger;
}

export type SealOutcome =
  | { readonly kind: 'nothing_to_seal' }
  | { readonly kind: 'sealed'; readonly keys: readonly string[]; readonly machineFileRewritten: boolean }
  /** The key store cannot protect them: they stay in the machine file, and IT is told why. */
  | { readonly kind: 'left_in_place'; readonly reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function valueAt(values: unknown, keys: readonly string[]): unknown {
  let node = values;
  for (const key of keys) {
    if (!isObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

function withoutPath(values: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const [first, ...rest] = keys;
  if (first === undefined || !Object.hasOwn(values, first)) return values;
  if (rest.length === 0) return Object.fromEntries(Object.entries(values).filter(([key]) => key !== first));
  const copy = { ...values };
  const inner = copy[first];
  if (isObject(inner)) copy[first] = withoutPath(inner, rest);
  return copy;
}

/** Written beside, then renamed over: a crash leaves the old file or the new one, never half of either. */
function writeAtomically(file: string, text: string, mode?: number): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${String(process.pid)}.tmp`);
  writeFileSync(temporary, text, mode === undefined ? {} : { mode });
  renameSync(temporary, file);
  if (mode !== undefined) chmodSync(file, mode);
}

function readVault(vaultFile: string): Record<string, string> {
  if (!existsSync(vaultFile)) return {};
  return VaultSchema.parse(JSON.parse(readFileSync(vaultFile, 'utf8'))).secrets;
}

/** Why the key store cannot be trusted with secrets here, if it cannot. */
function unprotected(cipher: SecretCipher, allowBasicText: boolean): string | undefined {
  if (!cipher.isEncryptionAvailable()) return 'the operating system offers no key store to encrypt them with';
  if (cipher.backend() === 'basic_text' && !allowBasicText) {
    return (
      'this Linux desktop has no keyring, so encryption would use a fixed built-in key (basic_text); ' +
      'install and unlock a keyring (gnome-keyring or kwallet), or set secrets.allowBasicTextStore to accept it'
    );
  }
  return undefined;
}

/**
 * Moves the secrets found in the machine file into the vault. Run by the
 * desktop app at each start; nothing to do once they have moved.
 */
export function sealMachineSecrets(options: SealOptions): SealOutcome {
  const { machineFile, vaultFile, cipher, logger } = options;
  if (!existsSync(machineFile)) return { kind: 'nothing_to_seal' };
  const values: unknown = JSON.parse(readFileSync(machineFile, 'utf8'));
  if (!isObject(values)) return { kind: 'nothing_to_seal' };
  const found = SECRET_PATHS.map((keys) => ({ keys, value: valueAt(values, keys) })).filter(
    (secret): secret is { keys: readonly string[]; value: string } =>
      typeof secret.value === 'string' && secret.value !== '',
  );
  if (found.length === 0) return { kind: 'nothing_to_seal' };
  const reason = unprotected(cipher, options.allowBasicText);
  if (reason !== undefined) {
    logger.warn('secrets.left_in_machine_file', { file: machineFile, reason });
    return { kind: 'left_in_place', reason };
  }
  const vault = readVault(vaultFile);
  mkdirSync(path.dirname(vaultFile), { recursive: true });
  for (const secret of found) vault[secret.keys.join('.')] = cipher.encrypt(secret.value).toString('base64');
  writeAtomically(vaultFile, `${JSON.stringify({ version: 1, secrets: vault }, null, 2)}\n`, 0o600);
  const keys = found.map((secret) => secret.keys.join('.'));
  let rewritten = true;
  try {
    const cleared = found.reduce((remaining, secret) => withoutPath(remaining, secret.keys), values);
    writeAtomically(machineFile, `${JSON.stringify(cleared, null, 2)}\n`);
  } catch (error) {
    // The app usually runs without the right to change a file IT owns: sealed all the same.
    rewritten = false;
    logger.warn('secrets.machine_file_not_rewritten', {
      file: machineFile,
      keys,
      reason: (error as NodeJS.ErrnoException).code ?? String(error),
    });
  }
  logger.info('secrets.sealed', { keys, vault: vaultFile, machineFileRewritten: rewritten });
  return { kind: 'sealed', keys, machineFileRewritten: rewritten };
}

/**
 * Why the vault cannot be trusted with a secret on this machine, or undefined when it can: for secrets
 * the till is given rather than configured (HQ's token), which then go elsewhere.
 */
export function vaultUnusable(cipher: SecretCipher, allowBasicText: boolean): string | undefined {
  return unprotected(cipher, allowBasicText);
}

/**
 * Seals one secret the till was given (not one of the configuration's: those are SECRET_PATHS) under
 * `name` in the vault, beside the configuration's; the configuration layer never reads it.
 */
export function sealGivenSecret(vaultFile: string, name: string, plain: string, cipher: SecretCipher): void {
  if (SECRET_PATHS.some((secretPath) => secretPath.join('.') === name)) {
    throw new Error(`${name} is a configuration secret, sealed from the machine file`);
  }
  const vault = readVault(vaultFile);
  mkdirSync(path.dirname(vaultFile), { recursive: true });
  vault[name] = cipher.encrypt(plain).toString('base64');
  writeAtomically(vaultFile, `${JSON.stringify({ version: 1, secrets: vault }, null, 2)}\n`, 0o600);
}

/** A secret sealed with `sealGivenSecret`, or undefined when the vault holds none by that name. */
export function unsealGivenSecret(vaultFile: string, name: string, cipher: SecretCipher): string | undefined {
  const blob = readVault(vaultFile)[name];
  if (blob === undefined) return undefined;
  try {
    return cipher.decrypt(Buffer.from(blob, 'base64'));
  } catch {
    // As for the configuration's secrets: the key that sealed it is gone.
    throw new ConfigError(
      `The secret ${name} in ${vaultFile} cannot be decrypted with this computer's key store. ` +
        'Remove it from the vault file and set it up again.',
    );
  }
}

/** The vault's secrets as a configuration layer; none when there is no vault. Values never reach a log. */
export function vaultLayer(vaultFile: string, cipher: SecretCipher): ConfigLayer | undefined {
  const sealed = readVault(vaultFile);
  const entries = Object.entries(sealed);
  if (entries.length === 0) return undefined;
  let values: Record<string, unknown> = {};
  for (const [dotted, blob] of entries) {
    const keys = dotted.split('.');
    const known = SECRET_PATHS.some((secretPath) => secretPath.join('.') === dotted);
    if (!known) continue;
    let plain: string;
    try {
      plain = cipher.decrypt(Buffer.from(blob, 'base64'));
    } catch {
      // Another user, a reinstalled OS or a reset keyring: the key that sealed it is gone.
      throw new ConfigError(
        `The secret ${dotted} in ${vaultFile} cannot be decrypted with this computer's key store. ` +
          'Put it in the machine file again (it is sealed anew at the next start) and delete the vault file.',
      );
    }
    values = setPath(values, keys, plain);
  }
  return { source: `encrypted secrets (${vaultFile})`, values };
}

function setPath(values: Record<string, unknown>, keys: readonly string[], value: unknown): Record<string, unknown> {
  const [first, ...rest] = keys;
  if (first === undefined) return values;
  const inner = values[first];
  return { ...values, [first]: rest.length === 0 ? value : setPath(isObject(inner) ? inner : {}, rest, value) };
}
