import type { AdyenPaymentConfig, TillConfig } from '../../../shared/config/schema.ts';
import { ConfigError } from '../../config/load-config.ts';
import { CARD_TERMINAL, fail, pass, type CheckOutcome } from '../../doctor/check.ts';
import type { Logger } from '../../logging/logger.ts';
import { API_KEY_ENV, connectAdyenTerminal } from './terminal-connection.ts';
import { readTerminalStatus } from './terminal-probe.ts';

/**
 * The card terminal, asked about the way the till's status probe asks:
 * Adyen's `GET …/devices/{POIID}/status`, with the connection the till would
 * use (a demo till's embedded simulator included). Only a read: no Terminal
 * API request, so it cannot disturb a payment. The API key goes in the
 * request header and nowhere else.
 */

export async function checkAdyenTerminal(
  config: TillConfig,
  adyen: AdyenPaymentConfig,
  options: { logger: Logger; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CheckOutcome> {
  const { poiId, merchantAccount } = adyen;
  let connection;
  try {
    connection = await connectAdyenTerminal(config, adyen, {
      logger: options.logger,
      ...(options.env === undefined ? {} : { env: options.env }),
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return fail(
      CARD_TERMINAL,
      error.message,
      `Put the API key from Adyen's Customer Area in payment.adyen.apiKey, or in ${API_KEY_ENV} for the till's user.`,
      { configuration: true },
    );
  }
  const simulated = connection.useEventUrl !== undefined;
  const where = simulated ? `${connection.target} (demo mode: no real card terminal)` : connection.target;
  try {
    const reading = await readTerminalStatus(
      connection,
      options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
    );
    switch (reading.kind) {
      case 'online':
        return pass(CARD_TERMINAL, `Terminal ${poiId} is online on ${where}.`);
      case 'offline':
        return fail(
          CARD_TERMINAL,
          `${connection.target} reports terminal ${poiId} offline.`,
          'Switch the terminal on and check its network cable or Wi-Fi; its screen should show it is connected.',
        );
      case 'refused':
        return reading.httpStatus === 401
          ? fail(
              CARD_TERMINAL,
              `${connection.target} refused the API key (HTTP 401) when asked about terminal ${poiId}.`,
              `The API key is wrong or revoked: put the right one in payment.adyen.apiKey or ${API_KEY_ENV} ` +
                '(Adyen Customer Area, Developers, API credentials).',
            )
          : fail(
              CARD_TERMINAL,
              `${connection.target} accepted the API key but refused access (HTTP 403) to terminal ${poiId} ` +
                `of merchant account ${merchantAccount}.`,
              'Check payment.adyen.merchantAccount and payment.adyen.poiId, and that the API credential ' +
                'may use that merchant account and its terminals.',
            );
      case 'unexpected':
        return fail(
          CARD_TERMINAL,
          `${connection.target} answered HTTP ${String(reading.httpStatus)}, not a terminal status.`,
          'Check payment.adyen.baseUrl (or environment and region) points at Adyen; ' +
            'a proxy or a captive portal may be answering instead.',
        );
      case 'unreachable':
        return fail(
          CARD_TERMINAL,
          `Cannot reach ${connection.target} to ask about terminal ${poiId}: ${reading.error}.`,
          simulated
            ? 'The embedded simulator did not answer: run kassa doctor again, and report it if it keeps failing.'
            : "Check the till's internet connection, DNS and firewall: it must reach Adyen over HTTPS.",
        );
    }
  } finally {
    await connection.close();
  }
}
