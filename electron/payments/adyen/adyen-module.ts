import { randomBytes } from 'node:crypto';
import type { Language, PaymentConfig, TillConfig } from '../../../shared/config/schema.ts';
import type { ConnectedTerminal, TerminalModule } from '../providers/terminal-module.ts';
import { createAdyenTerminal } from './adyen-terminal.ts';
import { checkAdyenTerminal } from './terminal-check.ts';
import { startTerminalProbe, terminalWordsFor } from './terminal-probe.ts';
import { connectAdyenTerminal, type AdyenTerminalConnection } from './terminal-connection.ts';
import { ADYEN_SIMULATOR } from './simulator-command.ts';
import { adyenIntake } from './webhook-intake.ts';

/**
 * Adyen's cloud terminals, as the till uses them: the Terminal API (Cloud
 * device API or the older `/sync` and `/async` hosts), results on the held
 * request or at the event URL with basic auth, the terminal light from
 * Adyen's device status request every 30 seconds, and the embedded
 * simulator in demo mode.
 */

function adyenSection(payment: PaymentConfig) {
  if (payment.provider !== 'adyen') throw new Error(`The Adyen module was given a ${payment.provider} payment`);
  return payment.adyen;
}

/**
 * A connection, as the till uses it; the scenario tests connect their own simulator through it.
 * `language` is the till's: the terminal light speaks to the cashier in it.
 */
export function connectedAdyenTerminal(
  connection: AdyenTerminalConnection,
  language: Language = 'en',
): ConnectedTerminal {
  const words = terminalWordsFor(language);
  // What payments learn of the terminal, for the light: a Reject ("Did not receive a response from the POI")
  // says it is offline now, without waiting for the next device status check.
  const readings = new Set<(reading: 'online' | 'offline') => void>();
  return {
    provider: 'adyen',
    terminalId: connection.poiId,
    target: connection.target,
    firstWords: words.checking,
    createProvider: (options) =>
      createAdyenTerminal({
        connection,
        ...options,
        onReading: (reading) => {
          for (const listener of readings) listener(reading);
        },
      }),
    webhooks({ configured }) {
      if (configured !== undefined) {
        // The schema makes an Adyen till's webhooks section carry both.
        const { username = '', password = '' } = configured;
        return { intakes: [adyenIntake(username, password)], loopback: false, listening: () => undefined };
      }
      const tell = connection.useEventUrl;
      if (tell === undefined) return undefined;
      // The embedded simulator posts to a loopback listener, with credentials made up for this run.
      const username = 'kassa';
      const password = randomBytes(18).toString('base64url');
      return {
        intakes: [adyenIntake(username, password)],
        loopback: true,
        listening: (url) => tell({ url, username, password }),
      };
    },
    watch({ devices, deviceId, logger }) {
      const probe = startTerminalProbe({ connection, devices, logger, words });
      const follow = (reading: 'online' | 'offline') =>
        devices.update(deviceId, reading, reading === 'online' ? words.online : words.offline);
      readings.add(follow);
      return () => {
        readings.delete(follow);
        probe.stop();
      };
    },
    close: () => connection.close(),
  };
}

export const adyenModule: TerminalModule = {
  name: 'adyen',
  async connect(config: TillConfig, payment: PaymentConfig, context) {
    return connectedAdyenTerminal(await connectAdyenTerminal(config, adyenSection(payment), context), config.language);
  },
  check: (config, payment, options) => checkAdyenTerminal(config, adyenSection(payment), options),
  simulator: ADYEN_SIMULATOR,
};
