import { homedir } from 'node:os';
import path from 'node:path';

/**
 * Where a till keeps its files (the payment book) when the configuration
 * does not say: the same folder Electron calls `userData` for an app named
 * Kassa, so `kassa pay` and `kassa recover` run by IT find the till's database the
 * desktop app writes. KASSA_DATA_DIR overrides it.
 */
export const DATA_DIR_ENV = 'KASSA_DATA_DIR';

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const override = env[DATA_DIR_ENV]?.trim();
  if (override !== undefined && override !== '') return path.resolve(override);
  const home = env.HOME ?? homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Kassa');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Kassa');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Kassa');
}
