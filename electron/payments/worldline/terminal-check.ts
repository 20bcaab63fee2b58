import type { TillConfig, WorldlinePaymentConfig } from '../../../shared/config/schema.ts';
import { ConfigError } from '../../config/load-config.ts';
import { CARD_TERMINAL, fail, pass, skip, type CheckOutcome } from '../../doctor/check.ts';
import type { Logger } from '../../logging/logger.ts';
import { probeWorldlineTerminal } from './terminal-probe.ts';
import { connectWorldlineTerminal, WORLDLINE_API_KEY_ENV } from './worldline-connection.ts';

/** A Worldline terminal, asked the way the till asks at start (terminal-probe.ts), with the fix for each answer. */
export async function checkWorldlineTerminal(
  config: TillConfig,
  worldline: WorldlinePaymentConfig,
  options: { logger: Logger; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CheckOutcome> {
  const { terminalId } = worldline;
  let connection;
  try {
    connection = await connectWorldlineTerminal(config, worldline, {
      logger: options.logger,
      ...(options.env === undefined ? {} : { env: options.env }),
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return fail(
      CARD_TERMINAL,
      error.message,
      `Put the API key Worldline issued in payment.worldline.apiKey, or in ${WORLDLINE_API_KEY_ENV} for the till's user.`,
      { configuration: true },
    );
  }
  try {
    const reading = await probeWorldlineTerminal(connection, {
      logger: options.logger,
      currency: config.currency,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const where = connection.webhookOnLoopback
      ? `${connection.target} (demo mode: no real card terminal)`
      : connection.target;
    switch (reading) {
      case 'no_status_questions':
        return skip(
          CARD_TERMINAL,
          `${where} answered but takes no status questions, so the terminal itself could not be checked; ` +
            'payments will still work, but one whose result is lost goes to a manager (docs/WORLDLINE.md).',
        );
      case 'online':
        return pass(CARD_TERMINAL, `Terminal ${terminalId} answered through ${where}.`);
      case 'offline':
        return fail(
          CARD_TERMINAL,
          `${connection.target} says terminal ${terminalId} is unknown or not connected (HTTP 404).`,
          'Switch the terminal on and check its network; check payment.worldline.terminalId and merchantId.',
        );
      case 'refused':
        return fail(
          CARD_TERMINAL,
          `${connection.target} refused the API key when asked about terminal ${terminalId}.`,
          `The API key is wrong or revoked: put the right one in payment.worldline.apiKey or ${WORLDLINE_API_KEY_ENV}.`,
        );
      case 'unreachable':
        return fail(
          CARD_TERMINAL,
          `Cannot reach ${connection.target} to ask about terminal ${terminalId}.`,
          "Check the till's internet connection, DNS and firewall, and payment.worldline.baseUrl.",
        );
    }
  } finally {
    await connection.close();
  }
}
