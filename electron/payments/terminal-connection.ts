import type { PaymentConfig, TillConfig } from '../../shared/config/schema.ts';
import type { Logger } from '../logging/logger.ts';
import { createAdyenTerminal } from './adyen/adyen-terminal.ts';
import { connectAdyenTerminal, type AdyenTerminalConnection } from './adyen/terminal-connection.ts';
import type { TerminalProvider } from './terminal-provider.ts';
import type { WebhookIntake } from './webhooks/webhook-listener.ts';
import { worldlineIntake } from './worldline/webhook-intake.ts';
import { connectWorldlineTerminal, type WorldlineTerminalConnection } from './worldline/worldline-connection.ts';
import { createWorldlineTerminal } from './worldline/worldline-terminal.ts';

/**
 * The one place the till chooses between terminal providers: it connects the
 * configured one and builds its `TerminalProvider`. Everything after this
 * (the payment service, the journal, the screens) is the same for both.
 */

export type TerminalConnection = AdyenTerminalConnection | WorldlineTerminalConnection;

export function terminalIdOf(connection: TerminalConnection): string {
  return connection.provider === 'adyen' ? connection.poiId : connection.terminalId;
}

export function connectTerminal(
  config: TillConfig,
  payment: PaymentConfig,
  options: { logger: Logger; env?: NodeJS.ProcessEnv },
): Promise<TerminalConnection> {
  return payment.provider === 'adyen'
    ? connectAdyenTerminal(config, payment.adyen, options)
    : connectWorldlineTerminal(config, payment.worldline, options);
}

export function createTerminalProvider(
  connection: TerminalConnection,
  options: { delivery: 'sync' | 'async'; resultTimeoutMs: number; signingKey: Buffer; logger: Logger },
): TerminalProvider {
  return connection.provider === 'adyen'
    ? createAdyenTerminal({ connection, ...options })
    : createWorldlineTerminal({ connection, ...options });
}

/** The intakes a Worldline till's listener adds to Adyen's; none for Adyen. */
export function providerIntakes(connection: TerminalConnection, signingKey: Buffer): WebhookIntake[] {
  if (connection.provider === 'adyen') return [];
  return [
    worldlineIntake({
      terminalId: connection.terminalId,
      initiatingPartyId: connection.initiatingPartyId,
      signingKey,
    }),
  ];
}
