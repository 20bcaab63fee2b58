import { randomBytes } from 'node:crypto';
import type { PaymentConfig, TillConfig } from '../../shared/config/schema.ts';
import type { Clock } from '../clock.ts';
import type { EventHub } from '../events/event-hub.ts';
import type { Logger } from '../logging/logger.ts';
import type { PaymentJournal } from './journal/payment-journal.ts';
import { createPaymentService, type PaymentService, type PaymentTiming } from './payment-service.ts';
import { createTerminalProvider, providerIntakes, type TerminalConnection } from './terminal-connection.ts';
import { parseListenAddress, startWebhookListener, type WebhookListener } from './webhooks/webhook-listener.ts';

/**
 * Card payments for one till, assembled on the payment book: the terminal provider,
 * the payment service and (when the payment cloud delivers to the till) the
 * webhook listener. On start every attempt a previous run left in flight is settled
 * through the status loop; until it is, the journal keeps its terminal blocked.
 */

export interface CardPayments {
  readonly service: PaymentService;
  readonly journal: PaymentJournal;
  readonly listener: WebhookListener | undefined;
  /** Settles what a previous run left in flight; started by `startCardPayments`. */
  readonly recovered: Promise<void>;
  close(): Promise<void>;
}

export async function startCardPayments(options: {
  config: TillConfig;
  /** The payment book on the till's database; its owner closes the database. */
  journal: PaymentJournal;
  payment: PaymentConfig;
  connection: TerminalConnection;
  logger: Logger;
  events?: EventHub;
  clock?: Clock;
  timing?: Partial<PaymentTiming>;
  /** `kassa pay` runs one payment and leaves webhooks to the app; it never listens. */
  listen?: boolean;
  /** Settle unfinished attempts right away (the app); the CLI decides for itself. */
  recover?: boolean;
  onTransition?: Parameters<typeof createPaymentService>[0]['onTransition'];
}): Promise<CardPayments> {
  const { config, payment, connection, logger, journal } = options;
  const provider = createTerminalProvider(connection, {
    delivery: payment.mode,
    resultTimeoutMs: payment.resultTimeoutSeconds * 1000,
    signingKey: journal.signingKey,
    logger,
  });
  const service = createPaymentService({
    journal,
    provider,
    currency: config.currency,
    logger,
    ...(options.events === undefined ? {} : { events: options.events }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.onTransition === undefined ? {} : { onTransition: options.onTransition }),
    timing: { resultTimeoutMs: payment.resultTimeoutSeconds * 1000, ...options.timing },
  });

  let listener: WebhookListener | undefined;
  try {
    listener =
      options.listen === false ? undefined : await listenForResults(config, connection, journal, service, logger);
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
    journal,
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
 * The listener, when there is something to listen for: the configured
 * `webhooks`; for an embedded simulator, a loopback one (Adyen's with
 * credentials made up for this run; Worldline's as the base of its WebhookUrls).
 */
async function listenForResults(
  config: TillConfig,
  connection: TerminalConnection,
  journal: PaymentJournal,
  service: PaymentService,
  logger: Logger,
): Promise<WebhookListener | undefined> {
  const deliver = (body: unknown, seq: number) => {
    service.handleNotification(body, seq);
  };
  const intakes = providerIntakes(connection, journal.signingKey);
  const common = { journal, deliver, logger, intakes };
  if (config.webhooks !== undefined) {
    const { host, port } = parseListenAddress(config.webhooks.listen);
    // Adyen's basic-auth intake only on an Adyen till: a Worldline till takes nothing but its own tokens.
    const adyen =
      connection.provider === 'adyen' ? { username: config.webhooks.username, password: config.webhooks.password } : {};
    const listener = await startWebhookListener({ host, port, ...adyen, ...common });
    // The embedded simulator runs on this machine: it reaches the listener directly.
    if (connection.provider === 'worldline' && connection.webhookOnLoopback) connection.webhookBase = listener.url;
    return listener;
  }
  if (connection.provider === 'worldline') {
    if (!connection.webhookOnLoopback) return undefined;
    const listener = await startWebhookListener({ host: '127.0.0.1', port: 0, ...common });
    connection.webhookBase = listener.url;
    return listener;
  }
  if (connection.useEventUrl === undefined) return undefined;
  const username = 'kassa';
  const password = randomBytes(18).toString('base64url');
  const listener = await startWebhookListener({ host: '127.0.0.1', port: 0, username, password, ...common });
  connection.useEventUrl({ url: listener.url, username, password });
  return listener;
}
