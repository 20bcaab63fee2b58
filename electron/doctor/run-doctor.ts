import type { Logger } from '../logging/logger.ts';
import { tillDatabasePath } from '../till-database/till-database.ts';
import { skip, type CheckOutcome, type CheckResult } from './check.ts';
import { checkConfiguration } from './config-check.ts';
import { checkDiskSpace, DISK_SPACE } from './disk-space-check.ts';
import { checkJournal, JOURNAL } from './journal-check.ts';
import { CARD_TERMINAL } from './check.ts';
import { checkOnlineGateway, checkTerminal, ONLINE_GATEWAY } from './terminal-check.ts';
import { checkPrinter, PRINTER } from './printer-check.ts';
import { checkWebhooks, WEBHOOKS } from './webhook-check.ts';
import { checkMail, MAIL } from './mail-check.ts';
import { checkHq, HQ } from './hq-check.ts';

/**
 * `kassa doctor`'s checks, in the order IT reads them: the configuration
 * first (everything else needs it), then the journal, its disk, the card
 * terminal, the printer, the webhook listener, the mail server, the online gateway and Kassa HQ. Once the configuration has
 * loaded the other checks run side by side, so the slowest sets the pace.
 */

export interface DoctorReport {
  /** No check failed (skipped ones do not count against it). */
  readonly ok: boolean;
  readonly checks: readonly CheckResult[];
}

export interface DoctorRun {
  readonly report: DoctorReport;
  /** A check failed because the configuration is wrong: `kassa doctor` exits with 2. */
  readonly misconfigured: boolean;
}

export interface DoctorOptions {
  readonly logger: Logger;
  readonly env?: NodeJS.ProcessEnv;
  /** How long to wait for the payment cloud's answer about the terminal (default 10 s, as the till's probe). */
  readonly terminalTimeoutMs?: number;
  /** How long to wait for the printer (default: the configured printer.connectTimeoutMs). */
  readonly printerTimeoutMs?: number;
  /** How long to wait for the webhooks' public URL (default 5 s). */
  readonly webhookTimeoutMs?: number;
  /** The public URL the payment cloud delivers webhooks to, when known; checked for an answer. */
  readonly webhookPublicUrl?: string;
  /** How long to wait for the mail server (default 10 s). */
  readonly mailTimeoutMs?: number;
  /** Less free space than this on the journal's disk fails (default 500 MB). */
  readonly minFreeDiskBytes?: number;
  /** How long to wait for Kassa HQ's health answer (default 5 s). */
  readonly hqTimeoutMs?: number;
}

const NEEDS_CONFIGURATION = [JOURNAL, DISK_SPACE, CARD_TERMINAL, PRINTER, WEBHOOKS, MAIL, ONLINE_GATEWAY, HQ] as const;

export async function runDoctor(configFlag: string | boolean | undefined, options: DoctorOptions): Promise<DoctorRun> {
  const env = options.env ?? process.env;
  const loaded = checkConfiguration(configFlag, env);
  const config = loaded.config;
  let outcomes: CheckOutcome[];
  if (config === undefined) {
    outcomes = [
      loaded.result,
      ...NEEDS_CONFIGURATION.map((name) => skip(name, 'Not checked: the configuration did not load.')),
    ];
  } else {
    const journal = tillDatabasePath(config, env);
    // The configured address, unless a caller names another.
    const publicUrl = options.webhookPublicUrl ?? config.webhooks?.publicUrl;
    outcomes = [
      loaded.result,
      ...(
        await Promise.all([
          checkJournal(journal),
          checkDiskSpace(
            journal,
            options.minFreeDiskBytes === undefined ? {} : { minFreeBytes: options.minFreeDiskBytes },
          ),
          checkTerminal(config, {
            logger: options.logger,
            env,
            ...(options.terminalTimeoutMs === undefined ? {} : { timeoutMs: options.terminalTimeoutMs }),
          }),
          checkPrinter(config, options.printerTimeoutMs === undefined ? {} : { timeoutMs: options.printerTimeoutMs }),
          checkWebhooks(config, {
            ...(publicUrl === undefined ? {} : { publicUrl }),
            ...(options.webhookTimeoutMs === undefined ? {} : { timeoutMs: options.webhookTimeoutMs }),
          }),
          checkMail(config, options.mailTimeoutMs === undefined ? {} : { timeoutMs: options.mailTimeoutMs }),
          checkOnlineGateway(config, {
            logger: options.logger,
            env,
            ...(options.terminalTimeoutMs === undefined ? {} : { timeoutMs: options.terminalTimeoutMs }),
          }),
          checkHq(config, { env, ...(options.hqTimeoutMs === undefined ? {} : { timeoutMs: options.hqTimeoutMs }) }),
        ])
      ).flat(),
    ];
  }
  const checks = outcomes.map((outcome): CheckResult => ({
    name: outcome.name,
    status: outcome.status,
    detail: outcome.detail,
    ...(outcome.fix === undefined ? {} : { fix: outcome.fix }),
  }));
  return {
    report: { ok: checks.every((check) => check.status !== 'fail'), checks },
    misconfigured: outcomes.some((outcome) => outcome.configurationProblem === true),
  };
}
