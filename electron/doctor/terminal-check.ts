import type { TillConfig } from '../../shared/config/schema.ts';
import type { Logger } from '../logging/logger.ts';
import { chosenPayment } from '../payments/providers/chosen-payment.ts';
import { terminalModule } from '../payments/providers/registry.ts';
import { chosenOnline, gatewayModule } from '../payments/providers/gateway-registry.ts';
import { CARD_TERMINAL, skip, type CheckOutcome } from './check.ts';

/**
 * The card terminal, asked about the way the till asks, with the connection
 * the till would use (a demo till's embedded simulator included). The
 * provider's module knows its question and the fix for each answer; it only
 * reads, so it cannot disturb a payment.
 */
export async function checkTerminal(
  config: TillConfig,
  options: { logger: Logger; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CheckOutcome> {
  const payment = chosenPayment(config);
  if (payment === undefined) {
    return skip(CARD_TERMINAL, 'No card terminal set up (no payment section): this till takes no cards.');
  }
  return terminalModule(payment.provider).check(config, payment, options);
}

/** The online gateway's name in the doctor's report, whichever gateway answers. */
export const ONLINE_GATEWAY = 'online gateway';

/**
 * The online gateway for payment links: the gateway's module checks its
 * credentials with the gateway's own test call (a read, no money) and the
 * address its webhooks would reach the till at.
 */
export async function checkOnlineGateway(
  config: TillConfig,
  options: { logger: Logger; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CheckOutcome[]> {
  const online = chosenOnline(config);
  if (online === undefined) {
    return [skip(ONLINE_GATEWAY, 'No online gateway set up (no online section): this till makes no payment links.')];
  }
  return gatewayModule(online.provider).check(config, online, options);
}
