import { copyFileSync, mkdirSync, statfsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { TillConfig } from '../../shared/config/schema.ts';
import { chosenConfigFile, configLayers, redactConfig, resolveConfig } from '../config/load-config.ts';
import { defaultDataDir } from '../config/data-dir.ts';
import { defaultLogDir, logFilesIn } from '../logging/log-files.ts';
import { tillDatabasePath } from '../till-database/till-database.ts';
import { journalReport } from '../support/journal-report.ts';
import { projectVersion } from './project.ts';
import { systemClock, type Clock } from '../clock.ts';

/**
 * `kassa support-bundle`: one folder for IT to attach to a ticket. It holds
 * the effective configuration with every secret redacted, the recent log
 * files (already redacted as they were written), a report on the journal
 * (integrity, schema, counts of what may be stuck; no sales, no cards) and
 * what machine it came from. A folder, not an archive: IT can look inside
 * before sending it, and zip it with whatever their estate uses.
 */

export const SUPPORT_BUNDLE_USAGE = `kassa support-bundle [--config FILE] [--out DIR]

Writes a folder for a support ticket into DIR (default: the current folder):
  configuration.json  the effective configuration, secrets redacted, and its layers
  journal.json        the journal's integrity, schema and counts (no sales, no cards)
  logs/               the till's recent log files (secrets redacted when written)
  machine.json        Kassa's version, the operating system, free disk
Prints the folder's path.

  --config FILE  the till's configuration (default: $KASSA_CONFIG)
  --out DIR      where to write the folder`;

export interface SupportBundleIo {
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  output?: (text: string) => void;
  /** Tests name their own machine file (or none). */
  machineFile?: string | null;
}

export async function supportBundle(argv: readonly string[], io: SupportBundleIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const now = (io.clock ?? systemClock).now();
  const output = io.output ?? ((text: string) => process.stdout.write(text));
  const { values } = parseArgs({
    args: [...argv],
    options: { config: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: false,
  });

  // A configuration that does not load is exactly what a ticket may be about: it goes in the bundle.
  let config: TillConfig | undefined;
  let configuration: Record<string, unknown>;
  try {
    const layers = configLayers({
      configFile: chosenConfigFile(values.config, env),
      env,
      ...(io.machineFile === undefined ? {} : { machineFile: io.machineFile }),
    });
    configuration = { layers: layers.map((layer) => layer.source) };
    config = resolveConfig(layers);
    configuration.effective = redactConfig(config);
  } catch (error) {
    configuration = { error: (error as Error).message };
  }

  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const folder = path.join(values.out ?? process.cwd(), `kassa-support-${config?.till.id ?? 'unknown-till'}-${stamp}`);
  mkdirSync(path.join(folder, 'logs'), { recursive: true });
  const json = (name: string, value: unknown) =>
    writeFileSync(path.join(folder, name), `${JSON.stringify(value, null, 2)}\n`);

  json('configuration.json', configuration);
  json(
    'journal.json',
    config === undefined
      ? { problem: 'The configuration did not load, so the journal could not be found.' }
      : await journalReport(tillDatabasePath(config, env)),
  );
  const logs = logFilesIn(defaultLogDir(env));
  for (const file of logs) copyFileSync(file, path.join(folder, 'logs', path.basename(file)));
  const dataDir = defaultDataDir(env);
  let freeBytes: number | undefined;
  try {
    const disk = statfsSync(dataDir);
    freeBytes = disk.bavail * disk.bsize;
  } catch {
    freeBytes = undefined;
  }
  json('machine.json', {
    kassa: projectVersion(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    dataDir,
    ...(freeBytes === undefined ? {} : { freeBytesInDataDir: freeBytes }),
    logFiles: logs.length,
    writtenAt: now.toISOString(),
  });
  output(`${folder}\n`);
  return 0;
}
