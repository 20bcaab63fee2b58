import type { PaymentConfig, TillConfig } from '../../shared/config/schema.ts';
import type { Clock } from '../clock.ts';
import type { EventHub } from '../events/event-hub.ts';
import type { Logger } from '../logging/logger.ts';
import type { PaymentBook } from './payment-book.ts';
import { createPaymentService, type PaymentService, type PaymentTiming } from './payment-service.ts';
import type { ConnectedTerminal, WebhookPlan } from './providers/terminal-module.ts';
import type { PaymentWords } from './payment-words.ts';
import { parseListenAddress, startWebhookListener, type WebhookListener } from './webhooks/webhook-listener.ts';

/**
 * Card payments for one till, assembled on the payment book: the terminal provider,
 * the payment service and (when the payment cloud delivers to the till) the
 * webhook listener. On start every attempt a previous run left in flight is settled
 * through the status loop; until it is, the book keeps its terminal blocked.
 */

export interface CardPayments {
  readonly service: PaymentService;
  readonly book: PaymentBook;
  readonly listener: WebhookListener | undefined;
  /** Settles what a previous run left in flight; started by `startCardPayments`. */
  readonly recovered: Promise<void>;
  close(): Promise<void>;
}

export async function startCardPayments(options: {
  /** What card payments read of the till's configuration. */
  config: Pick<TillConfig, 'currency' | 'webhooks'> & Partial<Pick<TillConfig, 'locale'>>;
  /** The payment book on the till's database; its owner closes the database. */
  book: PaymentBook;
  /** How results come back, and how long the till waits for one before asking. */
  payment: Pick<PaymentConfig, 'mode' | 'resultTimeoutSeconds'>;
  /** The terminal, connected by its provider's module. */
  connection: ConnectedTerminal;
  logger: Logger;
  events?: EventHub;
  clock?: Clock;
  timing?: Partial<PaymentTiming>;
  /** Listen for results (the default); `kassa pay` and `kassa recover` listen too, so an async result reaches them. */
  listen?: boolean;
  /** Settle unfinished attempts right away (the app); the CLI decides for itself. */
  recover?: boolean;
  onTransition?: Parameters<typeof createPaymentService>[0]['onTransition'];
  /** What the cashier reads when a card payment is refused, in the till's language; English when absent (the CLI). */
  words?: PaymentWords;
  /**
   * Another provider's deliveries to take on the same listener (an online gateway beside the terminal:
   * a till has one webhook address); their intakes hand on to their own service.
   */
  alsoListenFor?: readonly WebhookPlan[];
  /** Which stored webhooks this service replays after a restart (see PaymentServiceOptions); all when absent. */
  ownsInboxRow?: (terminalId: string | undefined) => boolean;
}): Promise<CardPayments> {
  const { config, payment, connection, logger, book } = options;
  // One deadline for the provider's held request and the service's wait for a result.
  const resultTimeoutMs = options.timing?.resultTimeoutMs ?? payment.resultTimeoutSeconds * 1000;
  const provider = connection.createProvider({
    delivery: payment.mode,
    resultTimeoutMs,
    signingKey: book.signingKey,
    logger,
  });
  const service = createPaymentService({
    book,
    provider,
    currency: config.currency,
    ...(config.locale === undefined ? {} : { locale: config.locale }),
    logger,
    ...(options.events === undefined ? {} : { events: options.events }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.onTransition === undefined ? {} : { onTransition: options.onTransition }),
    ...(options.words === undefined ? {} : { words: options.words }),
    ...(options.ownsInboxRow === undefined ? {} : { ownsInboxRow: options.ownsInboxRow }),
    timing: { ...options.timing, resultTimeoutMs },
  });

  let listener: WebhookListener | undefined;
  try {
    listener =
      options.listen === false
        ? undefined
        : await listenForResults(config, connection, options.alsoListenFor ?? [], book, service, logger);
  } catch (error) {
    await service.close();
    throw error;
  }

  const recovered =
    options.recover === false
      ? Promise.resolve()
      : service.recover().then(
          (settled) => {
            if (settled.length > 0)
              logger.info('payments.recovered', { attempts: settled.map((record) => record.state) });
          },
          (error: unknown) => {
            logger.error('payments.recovery_failed', { error });
          },
        );

  let closing: Promise<void> | undefined;
  return {
    service,
    book,
    listener,
    recovered,
    close() {
      closing ??= (async () => {
        await listener?.close();
        await service.close();
      })();
      return closing;
    },
  };
}

/**
 * The listener, when there is something to listen for: at the configured
 * `webhooks` address, or for an embedded simulator on loopback. The
 * terminal's module says which intakes it takes and is told where it
 * listens.
 */
async function listenForResults(
  config: Pick<TillConfig, 'webhooks'>,
  connection: ConnectedTerminal,
  others: readonly WebhookPlan[],
  book: PaymentBook,
  service: PaymentService,
  logger: Logger,
): Promise<WebhookListener | undefined> {
  const own = connection.webhooks({ configured: config.webhooks, signingKey: book.signingKey, attempts: book });
  // The others first: each takes its own path, and Adyen's intake takes every path it is asked about.
  const plans = own === undefined ? others : [...others, own];
  if (plans.length === 0) return undefined;
  // The configured address when any provider is reached from outside; loopback when all are simulators here.
  const address =
    config.webhooks !== undefined && plans.some((plan) => !plan.loopback)
      ? parseListenAddress(config.webhooks.listen)
      : { host: '127.0.0.1', port: 0 };
  const listener = await startWebhookListener({
    ...address,
    intakes: plans.flatMap((plan) => plan.intakes),
    book,
    deliver: (body, seq) => {
      service.handleNotification(body, seq);
    },
    logger,
  });
  for (const plan of plans) plan.listening(listener.url);
  return listener;
}
