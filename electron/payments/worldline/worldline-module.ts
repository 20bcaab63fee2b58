import type { Language, PaymentConfig, TillConfig } from '../../../shared/config/schema.ts';
import type { ConnectedTerminal, TerminalModule } from '../providers/terminal-module.ts';
import { checkWorldlineTerminal } from './terminal-check.ts';
import { probeWorldlineTerminal } from './terminal-probe.ts';
import { followWorldlineReadings, worldlineWordsFor } from './terminal-readings.ts';
import { worldlineIntake } from './webhook-intake.ts';
import { WORLDLINE_SIMULATOR } from './simulator-command.ts';
import { connectWorldlineTerminal, type WorldlineTerminalConnection } from './worldline-connection.ts';
import { createWorldlineTerminal } from './worldline-terminal.ts';

/**
 * Worldline's cloud Terminal API, as the till uses it: results on the held
 * request or posted to each request's own WebhookUrl (a token in the address
 * proves them genuine), the terminal light from what payments learn (there
 * is no device status request), and the embedded simulator in demo mode.
 */

function worldlineSection(payment: PaymentConfig) {
  if (payment.provider !== 'worldline') throw new Error(`The Worldline module was given a ${payment.provider} payment`);
  return payment.worldline;
}

/**
 * A connection, as the till uses it; the scenario tests connect their own simulator through it.
 * `language` is the till's: the terminal light speaks to the cashier in it.
 */
export function connectedWorldlineTerminal(
  connection: WorldlineTerminalConnection,
  language: Language = 'en',
): ConnectedTerminal {
  const words = worldlineWordsFor(language);
  return {
    provider: 'worldline',
    terminalId: connection.terminalId,
    target: connection.target,
    firstWords: words.waiting,
    createProvider: (options) => createWorldlineTerminal({ connection, ...options }),
    webhooks({ configured, signingKey }) {
      if (configured === undefined && !connection.webhookOnLoopback) return undefined;
      return {
        intakes: [
          worldlineIntake({
            terminalId: connection.terminalId,
            initiatingPartyId: connection.initiatingPartyId,
            signingKey,
          }),
        ],
        loopback: configured === undefined,
        // The embedded simulator runs on this machine: it reaches the listener directly.
        listening(url) {
          if (connection.webhookOnLoopback) connection.webhookBase = url;
        },
      };
    },
    watch({ devices, deviceId, logger, currency, recovered, paymentsInFlight }) {
      const unfollow = followWorldlineReadings(connection.readings, devices, deviceId, logger, words);
      const stopped = new AbortController();
      // Asked once, after recovery: never while a payment from before a restart may still be running.
      void recovered
        .then(async () => {
          if (paymentsInFlight() > 0 || stopped.signal.aborted) return;
          await probeWorldlineTerminal(connection, { logger, currency, signal: stopped.signal });
        })
        .catch((error: unknown) => logger.warn('terminal.worldline_probe_failed', { error }));
      return () => {
        unfollow();
        stopped.abort();
      };
    },
    close: () => connection.close(),
  };
}

export const worldlineModule: TerminalModule = {
  name: 'worldline',
  async connect(config: TillConfig, payment: PaymentConfig, context) {
    return connectedWorldlineTerminal(
      await connectWorldlineTerminal(config, worldlineSection(payment), context),
      config.language,
    );
  },
  check: (config, payment, options) => checkWorldlineTerminal(config, worldlineSection(payment), options),
  simulator: WORLDLINE_SIMULATOR,
};
