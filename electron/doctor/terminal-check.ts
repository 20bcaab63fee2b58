import type { TillConfig } from '../../shared/config/schema.ts';
import type { Logger } from '../logging/logger.ts';
import { chosenPayment } from '../payments/providers/chosen-payment.ts';
import { terminalModule } from '../payments/providers/registry.ts';
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
