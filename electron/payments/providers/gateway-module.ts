import type { TillConfig } from '../../../shared/config/schema.ts';
import type { OnlineGateway, OnlinePaymentsConfig } from '../../../shared/config/online-schema.ts';
import type { CheckOutcome } from '../../doctor/check.ts';
import type { OnlinePayments } from '../../refunds/online-payments.ts';
import type { PaymentService } from '../payment-service.ts';
import type { ConnectedTerminal, ModuleContext, SimulatorCommand } from './terminal-module.ts';

/**
 * An online gateway (pay by link / QR, refunds of online payments) is built
 * like a card terminal provider: one module object per folder, listed in
 * `gateway-registry.ts`. Once connected it is a `ConnectedTerminal` whose
 * terminal is the customer's phone, so the same payment service, book,
 * listener and recovery carry it. What differs is said here.
 */
export interface GatewayModule {
  /** The `online.provider` value that chooses it (also `kassa simulator --provider`). */
  readonly name: OnlineGateway;
  /** Connects the configured gateway; a demo till without an address gets the embedded simulator. */
  connect(config: TillConfig, online: OnlinePaymentsConfig, context: ModuleContext): Promise<ConnectedGateway>;
  /** `kassa doctor`'s questions: credentials, the gateway's test connection, the webhook address. Reads only. */
  check(
    config: TillConfig,
    online: OnlinePaymentsConfig,
    options: ModuleContext & { timeoutMs?: number },
  ): Promise<CheckOutcome[]>;
  readonly simulator: SimulatorCommand;
}

export interface ConnectedGateway extends ConnectedTerminal {
  /** What the gateway says of a payment made online, for refunds of webshop orders at the till. */
  readonly onlinePayments: OnlinePayments;
  /**
   * The gateway's webhooks go to its own payment service, which exists only after the listener (shared
   * with the card terminal) is up: until this is called they are stored and replayed at recovery.
   */
  handOnTo(service: Pick<PaymentService, 'handleNotification'>): void;
}
