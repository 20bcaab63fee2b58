import { z } from 'zod';
import type { DeviceStatusBoard } from '../../devices/device-status-board.ts';
import type { Logger } from '../../logging/logger.ts';
import type { AdyenTerminalConnection } from './terminal-connection.ts';

/**
 * Keeps the status bar's card-terminal light true: asks Adyen's Cloud device
 * API whether the terminal has a cloud connection (`GET …/devices/{POIID}/
 * status`) at start and then every `intervalMs`. Only a read: it never
 * sends a Terminal API request, so it cannot disturb a payment.
 */

export const TERMINAL_DEVICE_ID = 'terminal';
export const PROBE_INTERVAL_MS = 30_000;
const PROBE_TIMEOUT_MS = 10_000;

const DeviceStatusResponseSchema = z.object({
  deviceId: z.string(),
  status: z.enum(['ONLINE', 'OFFLINE']),
});

export const TERMINAL_WORDS = {
  checking: 'Checking the card terminal…',
  online: 'Ready for card payments.',
  offline:
    'The card terminal is not connected. Check it is switched on and has network; card payments wait until it is back.',
  refused: 'Adyen did not let this till check the card terminal. Ask IT to check its terminal ID and API key.',
  unreachable: 'Cannot reach Adyen to check the card terminal. Check the internet connection; take cash meanwhile.',
} as const;

export interface TerminalProbe {
  /** One check now; resolves when the status board has been updated. */
  check(): Promise<void>;
  stop(): void;
}

export function startTerminalProbe(options: {
  connection: AdyenTerminalConnection;
  devices: DeviceStatusBoard;
  logger: Logger;
  intervalMs?: number;
}): TerminalProbe {
  const { connection, devices, logger } = options;
  const stopped = new AbortController();
  const url =
    `${connection.endpoints.device}/merchants/${encodeURIComponent(connection.merchantAccount)}` +
    `/devices/${encodeURIComponent(connection.poiId)}/status`;

  async function checkOnce(): Promise<void> {
    try {
      const response = await fetch(url, {
        headers: { 'x-api-key': connection.apiKey, accept: 'application/json' },
        signal: AbortSignal.any([stopped.signal, AbortSignal.timeout(PROBE_TIMEOUT_MS)]),
      });
      const text = await response.text();
      if (stopped.signal.aborted) return;
      if (response.status === 401 || response.status === 403) {
        logger.warn('terminal.probe_refused', { status: response.status, poiid: connection.poiId });
        devices.update(TERMINAL_DEVICE_ID, 'unknown', TERMINAL_WORDS.refused);
        return;
      }
      const parsed = response.ok ? DeviceStatusResponseSchema.safeParse(JSON.parse(text)) : undefined;
      if (parsed?.success !== true) {
        logger.warn('terminal.probe_unexpected_reply', { status: response.status, poiid: connection.poiId });
        devices.update(TERMINAL_DEVICE_ID, 'unknown', TERMINAL_WORDS.unreachable);
        return;
      }
      const online = parsed.data.status === 'ONLINE';
      devices.update(
        TERMINAL_DEVICE_ID,
        online ? 'online' : 'offline',
        online ? TERMINAL_WORDS.online : TERMINAL_WORDS.offline,
      );
    } catch (error) {
      if (stopped.signal.aborted) return;
      logger.warn('terminal.probe_failed', { poiid: connection.poiId, error: (error as Error).message });
      devices.update(TERMINAL_DEVICE_ID, 'unknown', TERMINAL_WORDS.unreachable);
    }
  }

  // One check at a time, in order: a slow answer can never overwrite a newer one.
  let queue = Promise.resolve();
  const check = () => (queue = queue.then(checkOnce));

  const timer = setInterval(() => void check(), options.intervalMs ?? PROBE_INTERVAL_MS);
  timer.unref();
  void check();
  return {
    check,
    stop() {
      clearInterval(timer);
      stopped.abort();
    },
  };
}
