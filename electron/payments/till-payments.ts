import { RESULT_TIMEOUT_SECONDS, type TillConfig } from '../../shared/config/schema.ts';
import type { Clock } from '../clock.ts';
import type { EventHub } from '../events/event-hub.ts';
import type { Logger } from '../logging/logger.ts';
import { startCardPayments, type CardPayments } from './card-payments.ts';
import { combinedPayments } from './combined-payments.ts';
import type { PaymentBook } from './payment-book.ts';
import type { PaymentService, PaymentTiming } from './payment-service.ts';
import type { PaymentWords } from './payment-words.ts';
import { chosenPayment } from './providers/chosen-payment.ts';
import type { ConnectedGateway } from './providers/gateway-module.ts';
import { chosenOnline, connectGateway } from './providers/gateway-registry.ts';
import { connectTerminal } from './providers/registry.ts';
import type { ConnectedTerminal } from './providers/terminal-module.ts';

/**
 * Every way this till takes money by card, on one payment book: the card
 * terminal the configuration names (in demo mode, its embedded simulator) and
 * the online gateway for payment links. Each runs its own payment service; one
 * webhook listener takes both providers' deliveries (a till has one address).
 * The app (`startTill`) and `kassa pay` / `kassa recover` open them here, so
 * the command line settles exactly what the till would.
 */
export interface TillPayments {
  readonly terminal: ConnectedTerminal | undefined;
  readonly payments: CardPayments | undefined;
  readonly gateway: ConnectedGateway | undefined;
  readonly links: CardPayments | undefined;
  /** One service over both, for what does not care which (reads, recovery, a manager's resolution). */
  readonly service: PaymentService | undefined;
  close(): Promise<void>;
}

export async function startTillPayments(options: {
  config: TillConfig;
  book: PaymentBook;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  events?: EventHub;
  clock?: Clock;
  timing?: Partial<PaymentTiming>;
  words?: PaymentWords;
  /** Settle what a previous run left in flight at once (the app); the command line decides for itself. */
  recover?: boolean;
  onTransition?: Parameters<typeof startCardPayments>[0]['onTransition'];
}): Promise<TillPayments> {
  const { config, book, logger } = options;
  const payment = chosenPayment(config);
  const online = chosenOnline(config);
  const context = { logger, ...(options.env === undefined ? {} : { env: options.env }) };
  const common = {
    config,
    book,
    logger,
    ...(options.events === undefined ? {} : { events: options.events }),
    ...(options.words === undefined ? {} : { words: options.words }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.timing === undefined ? {} : { timing: options.timing }),
    ...(options.recover === undefined ? {} : { recover: options.recover }),
    ...(options.onTransition === undefined ? {} : { onTransition: options.onTransition }),
  };
  const started: { close(): Promise<void> }[] = [];
  const close = async () => {
    for (const part of started) await part.close();
  };
  try {
    const gateway = online === undefined ? undefined : await connectGateway(config, online, context);
    if (gateway !== undefined) started.unshift(gateway);
    const terminal = payment === undefined ? undefined : await connectTerminal(config, payment, context);
    if (terminal !== undefined) started.unshift(terminal);
    const gatewayPlan = gateway?.webhooks({ configured: config.webhooks, signingKey: book.signingKey, attempts: book });
    const payments =
      payment === undefined || terminal === undefined
        ? undefined
        : await startCardPayments({
            ...common,
            payment,
            connection: terminal,
            // One listener for the till: the card terminal's takes the gateway's webhooks too.
            ...(gateway === undefined
              ? {}
              : {
                  alsoListenFor: gatewayPlan === undefined ? [] : [gatewayPlan],
                  ownsInboxRow: (terminalId: string | undefined) => terminalId !== gateway.terminalId,
                }),
          });
    if (payments !== undefined) started.unshift(payments);
    const links =
      gateway === undefined
        ? undefined
        : await startCardPayments({
            ...common,
            // A link's result comes by webhook or by asking; its deadline is the link's (the provider's pace).
            payment: { mode: 'async', resultTimeoutSeconds: RESULT_TIMEOUT_SECONDS.default },
            connection: gateway,
            listen: payments === undefined,
            ownsInboxRow: (terminalId: string | undefined) => terminalId === gateway.terminalId,
          });
    if (links !== undefined && gateway !== undefined) {
      gateway.handOnTo(links.service);
      started.unshift(links);
    }
    const service =
      payments !== undefined && links !== undefined
        ? combinedPayments(payments.service, links.service)
        : (payments?.service ?? links?.service);
    return { terminal, payments, gateway, links, service, close };
  } catch (error) {
    await close();
    throw error;
  }
}
