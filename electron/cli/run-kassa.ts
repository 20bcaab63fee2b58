import { createLogger, type LogLevel } from '../logging/logger.ts';
import { ConfigError } from '../config/load-config.ts';
import { pay, PAY_USAGE, recover, RECOVER_USAGE, status, STATUS_USAGE } from './payments.ts';
import { printTest, PRINT_TEST_USAGE } from './print-test.ts';
import { doctor, DOCTOR_USAGE } from './doctor.ts';
import { CONFIG_USAGE, showConfig } from './show-config.ts';
import { supportBundle, SUPPORT_BUNDLE_USAGE } from './support-bundle.ts';
import path from 'node:path';
import { defaultLogDir, LOG_FILE, openLogFiles, teeToLogFiles } from '../logging/log-files.ts';
import { hashPinCommand, HASH_PIN_USAGE } from './hash-pin.ts';
import { hq, HQ_USAGE } from './hq.ts';
import { serve, SERVE_USAGE } from './serve.ts';
import { simulator, SIMULATOR_USAGE } from './simulator.ts';
import { start, START_USAGE } from './start.ts';
import { UsageError } from './arguments.ts';

/**
 * `kassa <command>`: the till's command line for developers and IT. Results go
 * to standard output, logs (JSON lines) to standard error. Exit codes: 0 done,
 * 1 failed, 2 called wrongly or configured wrongly.
 */

const USAGE = `Usage: kassa <command> [options]

Commands:
  serve      run the till headless and serve its UI to a browser on this machine
  start      open the till in Electron, or in browser mode where Electron cannot run
  simulator  run a payment provider's cloud terminal simulator (--provider) for any client
  pay        run one card payment on the till's terminal and print how it ended
  status     show a card payment from the journal, or every unsettled one
  recover    settle every card payment left unfinished by a crash
  print-test print a test receipt and report the printer's status
  doctor     check in one run whether this till is ready to trade
  config     print the effective configuration, secrets redacted, and where it came from
  support-bundle  write a folder for a support ticket: redacted configuration, logs, journal report
  hash-pin   turn a PIN (read from standard input) into the hash for the staff configuration
  hq         Kassa HQ: run it (hq serve), make enrolment codes and accounts, revoke a till; hq enrol on a till
  help       show this text, or the options of one command: kassa help serve`;

/** Commands that run a till: their log lines go to the rotating log files (and with --verbose to the terminal). */
const TILL_COMMANDS: ReadonlySet<string> = new Set(['serve', 'start']);

type Command = (argv: readonly string[], logger: ReturnType<typeof createLogger>) => Promise<number>;

const COMMANDS: Readonly<Record<string, { run: Command; usage: string }>> = {
  serve: { run: serve, usage: SERVE_USAGE },
  start: { run: start, usage: START_USAGE },
  simulator: { run: simulator, usage: SIMULATOR_USAGE },
  pay: { run: pay, usage: PAY_USAGE },
  status: { run: (argv) => status(argv), usage: STATUS_USAGE },
  recover: { run: recover, usage: RECOVER_USAGE },
  'print-test': { run: (argv) => printTest(argv), usage: PRINT_TEST_USAGE },
  doctor: { run: (argv, logger) => doctor(argv, logger), usage: DOCTOR_USAGE },
  config: { run: (argv) => Promise.resolve(showConfig(argv)), usage: CONFIG_USAGE },
  'support-bundle': { run: (argv) => supportBundle(argv), usage: SUPPORT_BUNDLE_USAGE },
  'hash-pin': { run: (argv) => hashPinCommand(argv), usage: HASH_PIN_USAGE },
  hq: { run: (argv, logger) => hq(argv, logger), usage: HQ_USAGE },
};

const VERBOSE = '--verbose';

export const logsWhere = (dir: string) =>
  `Log lines go to ${path.join(dir, LOG_FILE)} (add --verbose to see them here).`;

function logLevel(): LogLevel {
  const level = process.env.KASSA_LOG_LEVEL;
  return level === 'debug' || level === 'warn' || level === 'error' ? level : 'info';
}

/** util.parseArgs reports unknown or malformed options with codes ERR_PARSE_ARGS_*. */
function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS_');
}

export async function runKassa(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0] === undefined ? undefined : COMMANDS[rest[0]];
    process.stdout.write(`${topic?.usage ?? USAGE}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`kassa: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  try {
    if (!TILL_COMMANDS.has(name)) return await command.run(rest, createLogger({ level: logLevel() }));
    // A till run from the command line keeps its log files for support, as the desktop app does. The terminal
    // shows only the friendly lines, unless asked for the log lines too.
    const verbose = rest.includes(VERBOSE);
    const files = openLogFiles({ dir: defaultLogDir() });
    const write = verbose ? teeToLogFiles(files) : (line: string) => files.write(line);
    if (!verbose) process.stdout.write(`${logsWhere(files.dir)}\n`);
    // Electron reads --verbose itself (the desktop app's log lines); browser mode has no use for it.
    const args = name === 'start' ? rest : rest.filter((arg) => arg !== VERBOSE);
    return await command.run(args, createLogger({ level: logLevel(), write }));
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      process.stderr.write(`kassa ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`kassa ${name}: ${error.message}\n`);
      return 2;
    }
    // Failures are already worded for the person reading them.
    process.stderr.write(`kassa ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}
