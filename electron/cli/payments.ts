import { parseArgs } from 'node:util';
import { DEMO_ONLINE_GATEWAYS, OnlinePaymentsConfigSchema } from '../../shared/config/online-schema.ts';
import type { TillConfig } from '../../shared/config/schema.ts';
import { decimalStringToMinor, minorToDecimalString } from '../../shared/money.ts';
import type { PaymentAttemptView } from '../../shared/payments/payment-state.ts';
import { chosenConfigFile, ConfigError, loadTillConfig } from '../config/load-config.ts';
import { createEventHub, type EventHub } from '../events/event-hub.ts';
import type { Logger } from '../logging/logger.ts';
import { attemptView as view } from '../payments/attempt-view.ts';
import { createPaymentBook, type AttemptRecord } from '../payments/payment-book.ts';
import type { PaymentService } from '../payments/payment-service.ts';
import { startTillPayments, type TillPayments } from '../payments/till-payments.ts';
import { openTillDatabase, tillDatabasePath } from '../till-database/till-database.ts';
import { UsageError } from './arguments.ts';

/**
 * `kassa pay`, `kassa status` and `kassa recover`: card payments from the
 * command line, for IT checking a till and for tests. They use the same
 * configuration, payment service and payment book as the app, so what they do is
 * what the till does, and what the till did is what they show.
 */

/** The online gateways `--gateway` may name, for the usage text and its errors. */
const GATEWAY_NAMES = OnlinePaymentsConfigSchema.options.map((option) => option.shape.provider.value).join(' or ');

export const PAY_USAGE = `kassa pay --amount 12.34 [--tender card|link] [--gateway NAME] [--currency EUR] [--sale ID] [--config FILE] [--json]

Runs one payment on the till's card terminal, or (--tender link) one payment
link on its online gateway, and prints how it ended; a link's address is
printed on stderr as soon as the gateway made it. First settles any payment a
previous run left unfinished. Exits 0 when approved, 1 when not (declined,
cancelled, failed, expired, or waiting for a manager).

  --amount      the amount in the till's currency, e.g. 12.34
  --tender      card (default) or link: a link the customer pays on their phone
  --gateway     with --tender link: ${GATEWAY_NAMES} (must be the till's own online
                gateway; a demo till without one gets that gateway's embedded simulator)
  --currency    must match the till's currency (a guard against typos)
  --sale ID     the sale it pays for (default: a new one)
  --config FILE the till's configuration (default: $KASSA_CONFIG)
  --json        print the payment as JSON`;

export const STATUS_USAGE = `kassa status [ATTEMPT | --last] [--config FILE] [--json]

Shows a card payment from the till's journal with its history; without an
argument, every payment that is not settled. Reads the journal only.`;

export const RECOVER_USAGE = `kassa recover [--config FILE] [--json]

Settles every card and link payment left unfinished (after a crash or power
cut) by asking the terminal or the gateway about each. Exits 0 when all are settled, 1 when one
still needs a manager.`;

/** Fault injection for the crash tests: the process kills itself right after this state is written. */
export const CRASH_AFTER_ENV = 'KASSA_TEST_CRASH_AFTER';

function configOf(file: string | undefined): TillConfig {
  return loadTillConfig({ configFile: chosenConfigFile(file) });
}

/**
 * The till's configuration with the online gateway `--gateway` names: the till's own (a name that is not
 * it is refused, so a link never goes where the till's recovery would not look), or on a demo till without
 * an online section that gateway's demo merchant on its embedded simulator.
 */
function withGateway(config: TillConfig, gateway: string | undefined): TillConfig {
  if (gateway === undefined) return config;
  const known = OnlinePaymentsConfigSchema.options.find((option) => option.shape.provider.value === gateway);
  if (known === undefined) throw new UsageError(`--gateway must be ${GATEWAY_NAMES} (got "${gateway}")`);
  const name = known.shape.provider.value;
  if (config.online === undefined && config.mode === 'demo') {
    return { ...config, online: OnlinePaymentsConfigSchema.parse(DEMO_ONLINE_GATEWAYS[name]) };
  }
  if (config.online?.provider !== name) {
    throw new UsageError(
      `--gateway ${name}: this till's online gateway is ${config.online?.provider ?? 'none'} (see its online section)`,
    );
  }
  return config;
}

/**
 * The till's payments as the app opens them (card terminal and online gateway, one book, one
 * listener), without settling anything yet: each command decides when.
 */
async function openPayments(
  config: TillConfig,
  logger: Logger,
  events?: EventHub,
): Promise<{ opened: TillPayments; service: PaymentService; close: () => Promise<void> }> {
  const crashAfter = process.env[CRASH_AFTER_ENV];
  const database = openTillDatabase(tillDatabasePath(config));
  let opened: TillPayments;
  try {
    opened = await startTillPayments({
      config,
      book: createPaymentBook(database),
      logger,
      recover: false,
      ...(events === undefined ? {} : { events }),
      ...(crashAfter === undefined
        ? {}
        : {
            onTransition: (record: AttemptRecord) => {
              if (record.state === crashAfter) process.kill(process.pid, 'SIGKILL');
            },
          }),
    });
  } catch (error) {
    database.close();
    throw error;
  }
  const close = async () => {
    await opened.close();
    database.close();
  };
  if (opened.service === undefined) {
    await close();
    throw new ConfigError(
      'payment: this till takes no card or link payments (add a payment or an online section to its configuration).',
    );
  }
  return { opened, service: opened.service, close };
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
      tender: { type: 'string' },
      gateway: { type: 'string' },
      currency: { type: 'string' },
      sale: { type: 'string' },
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.amount === undefined) throw new UsageError('--amount is required, e.g. --amount 12.34');
  const tender = values.tender ?? 'card';
  if (tender !== 'card' && tender !== 'link') throw new UsageError(`--tender must be card or link (got "${tender}")`);
  if (values.gateway !== undefined && tender !== 'link') throw new UsageError('--gateway goes with --tender link');
  const config = withGateway(configOf(values.config), values.gateway);
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

  // The link, once the gateway made it: whoever runs this passes it on to the customer (or a test pays it).
  const events = createEventHub(logger);
  let shown: string | undefined;
  events.subscribe((event) => {
    if (event.type !== 'payment.progress' || event.progress.link === undefined) return;
    const { url, expiresAt } = event.progress.link;
    if (shown === url) return;
    shown = url;
    process.stderr.write(`Link: ${url} (expires ${expiresAt})\n`);
  });
  const { opened, service, close } = await openPayments(config, logger, events);
  const release = holdInterrupts();
  try {
    const taking = tender === 'link' ? opened.links?.service : opened.payments?.service;
    if (taking === undefined) {
      throw new ConfigError(
        tender === 'link'
          ? 'online: this till has no online gateway set up (add an online section to its configuration).'
          : 'payment: this till has no card terminal set up (add a payment section to its configuration).',
      );
    }
    const leftOver = await service.recover();
    for (const record of leftOver) logger.info('cli.recovered', { attemptId: record.id, state: record.state });
    const started = taking.startPayment({ saleId, amountMinor, currency: config.currency });
    const view = taking.view(await taking.whenSettled(started.id));
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
  const { service, close } = await openPayments(config, logger);
  const release = holdInterrupts();
  try {
    const settled = (await service.recover()).map((record) => service.view(record));
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
