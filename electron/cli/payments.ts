import { parseArgs } from 'node:util';
import type { TillConfig } from '../../shared/config/schema.ts';
import { decimalStringToMinor, minorToDecimalString } from '../../shared/money.ts';
import type { PaymentAttemptView } from '../../shared/payments/payment-state.ts';
import { chosenConfigFile, ConfigError, loadTillConfig } from '../config/load-config.ts';
import type { Logger } from '../logging/logger.ts';
import { chosenPayment } from '../payments/providers/chosen-payment.ts';
import { startCardPayments, type CardPayments } from '../payments/card-payments.ts';
import { attemptView as view } from '../payments/attempt-view.ts';
import { createPaymentBook, type AttemptRecord } from '../payments/payment-book.ts';
import { connectTerminal } from '../payments/providers/registry.ts';
import { openTillDatabase, tillDatabasePath } from '../till-database/till-database.ts';
import { UsageError } from './arguments.ts';

/**
 * `kassa pay`, `kassa status` and `kassa recover`: card payments from the
 * command line, for IT checking a till and for tests. They use the same
 * configuration, payment service and payment book as the app, so what they do is
 * what the till does, and what the till did is what they show.
 */

export const PAY_USAGE = `kassa pay --amount 12.34 [--currency EUR] [--sale ID] [--config FILE] [--json]

Runs one card payment on the till's terminal and prints how it ended. First
settles any payment a previous run left unfinished. Exits 0 when approved,
1 when not (declined, cancelled, failed, or waiting for a manager).

  --amount      the amount in the till's currency, e.g. 12.34
  --currency    must match the till's currency (a guard against typos)
  --sale ID     the sale it pays for (default: a new one)
  --config FILE the till's configuration (default: $KASSA_CONFIG)
  --json        print the payment as JSON`;

export const STATUS_USAGE = `kassa status [ATTEMPT | --last] [--config FILE] [--json]

Shows a card payment from the till's journal with its history; without an
argument, every payment that is not settled. Reads the journal only.`;

export const RECOVER_USAGE = `kassa recover [--config FILE] [--json]

Settles every card payment left unfinished (after a crash or power cut) by
asking the terminal about each. Exits 0 when all are settled, 1 when one
still needs a manager.`;

/** Fault injection for the crash tests: the process kills itself right after this state is written. */
export const CRASH_AFTER_ENV = 'KASSA_TEST_CRASH_AFTER';

function configOf(file: string | undefined): TillConfig {
  return loadTillConfig({ configFile: chosenConfigFile(file) });
}

async function openCardPayments(
  config: TillConfig,
  logger: Logger,
  options: { listen: boolean },
): Promise<{ payments: CardPayments; close: () => Promise<void> }> {
  const payment = chosenPayment(config);
  if (payment === undefined) {
    throw new ConfigError(
      'payment: this till has no card terminal set up (add a payment section to its configuration).',
    );
  }
  const crashAfter = process.env[CRASH_AFTER_ENV];
  const database = openTillDatabase(tillDatabasePath(config));
  let connection;
  try {
    connection = await connectTerminal(config, payment, { logger });
  } catch (error) {
    database.close();
    throw error;
  }
  try {
    const payments = await startCardPayments({
      config,
      book: createPaymentBook(database),
      payment,
      connection,
      logger,
      listen: options.listen,
      recover: false,
      ...(crashAfter === undefined
        ? {}
        : {
            onTransition: (record: AttemptRecord) => {
              if (record.state === crashAfter) process.kill(process.pid, 'SIGKILL');
            },
          }),
    });
    return {
      payments,
      close: async () => {
        await payments.close();
        await connection.close();
        database.close();
      },
    };
  } catch (error) {
    await connection.close();
    database.close();
    throw error;
  }
}

function describeAttempt(view: PaymentAttemptView): string {
  const money = (minor: number) => `${minorToDecimalString(minor, view.currency)} ${view.currency}`;
  const lines = [
    `${view.state.toUpperCase()}: ${money(view.amountMinor)} on ${view.terminalId} for sale ${view.saleId}`,
    `  ${view.cashierMessage}`,
  ];
  if (view.authorisedMinor !== undefined && view.authorisedMinor !== view.amountMinor) {
    lines.push(`  Approved for ${money(view.authorisedMinor)} only; the rest is still due.`);
  }
  if (view.reason !== undefined) lines.push(`  Reason: ${view.reason}`);
  if (view.terminalReference !== undefined) lines.push(`  Terminal reference: ${view.terminalReference}`);
  lines.push(`  Attempt ${view.attemptId}, last change ${view.updatedAt}`);
  return lines.join('\n');
}

function print(json: boolean, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}

/** Ctrl+C while a payment is out would leave it unknown: the first one only warns. */
function holdInterrupts(): () => void {
  let warned = false;
  const onInterrupt = () => {
    if (warned) {
      process.stderr.write('Stopping. Run `kassa recover` to settle the payment.\n');
      process.exit(130);
    }
    warned = true;
    process.stderr.write(
      'A card payment is in progress and will be settled first. Press Ctrl+C again to stop anyway.\n',
    );
  };
  process.on('SIGINT', onInterrupt);
  return () => process.off('SIGINT', onInterrupt);
}

export async function pay(argv: readonly string[], logger: Logger): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      amount: { type: 'string' },
      currency: { type: 'string' },
      sale: { type: 'string' },
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.amount === undefined) throw new UsageError('--amount is required, e.g. --amount 12.34');
  const config = configOf(values.config);
  if (values.currency !== undefined && values.currency !== config.currency) {
    throw new UsageError(`--currency ${values.currency}: this till takes ${config.currency}`);
  }
  let amountMinor: number;
  try {
    amountMinor = decimalStringToMinor(values.amount, config.currency);
  } catch (error) {
    throw new UsageError(`--amount: ${(error as Error).message}`);
  }
  if (amountMinor <= 0) throw new UsageError('--amount must be more than zero');
  const saleId = values.sale ?? `cli-${Date.now().toString(36)}`;

  const { payments, close } = await openCardPayments(config, logger, { listen: true });
  const release = holdInterrupts();
  try {
    const { service } = payments;
    const leftOver = await service.recover();
    for (const record of leftOver) logger.info('cli.recovered', { attemptId: record.id, state: record.state });
    const started = service.startPayment({ saleId, amountMinor, currency: config.currency });
    const view = service.view(await service.whenSettled(started.id));
    print(values.json, view, describeAttempt(view));
    return view.state === 'approved' ? 0 : 1;
  } finally {
    release();
    await close();
  }
}

export function status(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      last: { type: 'boolean', default: false },
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 1 || (values.last && positionals.length > 0)) {
    throw new UsageError('give one attempt id, or --last, or nothing');
  }
  const config = configOf(values.config);
  const database = openTillDatabase(tillDatabasePath(config));
  const book = createPaymentBook(database);
  try {
    const id = positionals[0];
    if (id !== undefined || values.last) {
      const record = id === undefined ? book.lastAttempt() : book.attempt(id);
      if (record === undefined) {
        process.stderr.write(id === undefined ? 'No card payments in the journal yet.\n' : `No card payment ${id}.\n`);
        return Promise.resolve(1);
      }
      const events = book.events(record.id);
      const history = events.map(
        (event) => `  ${event.at}  ${event.from ?? '—'} → ${event.to}  ${JSON.stringify(event.detail)}`,
      );
      print(
        values.json,
        { ...view(record), events },
        [describeAttempt(view(record)), 'History:', ...history].join('\n'),
      );
      return Promise.resolve(0);
    }
    const unsettled = book.unsettledAttempts().map((record) => view(record));
    // Results the till kept but could not apply: a manager should see each one.
    const toReview = new Set(['unmatched', 'unreadable', 'unauthentic']);
    const unmatched = book.inbox().filter((entry) => toReview.has(entry.outcome ?? '')).length;
    const summary =
      unsettled.length === 0
        ? 'Every card payment in the journal is settled.'
        : [`${unsettled.length} card payment(s) not settled:`, ...unsettled.map(describeAttempt)].join('\n');
    const extra =
      unmatched === 0
        ? ''
        : `\n${unmatched} result(s) from the terminal could not be matched or read; a manager should look at them.`;
    print(values.json, { unsettled, unmatchedResults: unmatched }, summary + extra);
    return Promise.resolve(0);
  } finally {
    database.close();
  }
}

export async function recover(argv: readonly string[], logger: Logger): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { config: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false,
  });
  const config = configOf(values.config);
  const { payments, close } = await openCardPayments(config, logger, { listen: true });
  const release = holdInterrupts();
  try {
    const settled = (await payments.service.recover()).map((record) => payments.service.view(record));
    const text =
      settled.length === 0
        ? 'Nothing to recover: every card payment was already settled.'
        : [`Settled ${settled.length} card payment(s):`, ...settled.map(describeAttempt)].join('\n');
    print(values.json, settled, text);
    return settled.some((view) => view.state === 'needs_attention') ? 1 : 0;
  } finally {
    release();
    await close();
  }
}
