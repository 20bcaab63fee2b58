import type { Translation } from '../../../shared/i18n/translation.ts';
import { z } from 'zod';
import type { Language } from '../../../shared/config/schema.ts';
import type { DeviceStatusBoard } from '../../devices/device-status-board.ts';
import type { Logger } from '../../logging/logger.ts';
import { TERMINAL_DEVICE_ID } from '../providers/terminal-module.ts';
import type { AdyenTerminalConnection } from './terminal-connection.ts';

/**
 * Keeps the status bar's card-terminal light true: asks Adyen's Cloud device
 * API whether the terminal has a cloud connection (`GET …/devices/{POIID}/
 * status`) at start and then every `intervalMs`. Only a read: it never
 * sends a Terminal API request, so it cannot disturb a payment.
 */

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

/** A translation of the terminal light's words: every key. */
export type TerminalWords = Translation<typeof TERMINAL_WORDS>;

/** The same in Dutch, as a Dutch shop's till says them: the "pinautomaat", "pinbetalingen", "contant". */
export const TERMINAL_WORDS_NL = {
  checking: 'De pinautomaat wordt gecontroleerd…',
  online: 'Klaar voor pinbetalingen.',
  offline:
    'De pinautomaat is niet verbonden. Controleer of hij aanstaat en netwerk heeft; pinbetalingen wachten tot hij terug is.',
  refused:
    'Adyen liet deze kassa de pinautomaat niet controleren. Vraag IT om de terminal-ID en API-sleutel na te kijken.',
  unreachable:
    'Adyen is niet bereikbaar om de pinautomaat te controleren. Controleer de internetverbinding; neem intussen contant aan.',
} satisfies TerminalWords;

/** The terminal light's words in the till's configured language. */
export function terminalWordsFor(language: Language): TerminalWords {
  switch (language) {
    case 'en':
      return TERMINAL_WORDS;
    case 'nl':
      return TERMINAL_WORDS_NL;
  }
}

/** What one `GET …/devices/{POIID}/status` found out. */
export type TerminalReading =
  | { readonly kind: 'online' }
  | { readonly kind: 'offline' }
  /** 401: the API key is wrong; 403: the key may not see this merchant account or terminal. */
  | { readonly kind: 'refused'; readonly httpStatus: number }
  /** Something answered, but not with a device status (a captive portal, a wrong base URL). */
  | { readonly kind: 'unexpected'; readonly httpStatus: number }
  /** No answer: DNS, connection, TLS or the timeout. */
  | { readonly kind: 'unreachable'; readonly error: string };

export function terminalStatusUrl(connection: AdyenTerminalConnection): string {
  return (
    `${connection.endpoints.device}/merchants/${encodeURIComponent(connection.merchantAccount)}` +
    `/devices/${encodeURIComponent(connection.poiId)}/status`
  );
}

/** Asks Adyen once whether the terminal is connected. Never throws; never puts the API key anywhere but its header. */
export async function readTerminalStatus(
  connection: AdyenTerminalConnection,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<TerminalReading> {
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(terminalStatusUrl(connection), {
      headers: { 'x-api-key': connection.apiKey, accept: 'application/json' },
      signal: options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]),
    });
    const text = await response.text();
    if (response.status === 401 || response.status === 403) return { kind: 'refused', httpStatus: response.status };
    let body: unknown;
    try {
      body = response.ok ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const parsed = DeviceStatusResponseSchema.safeParse(body);
    if (!parsed.success) return { kind: 'unexpected', httpStatus: response.status };
    return { kind: parsed.data.status === 'ONLINE' ? 'online' : 'offline' };
  } catch (error) {
    if (timeout.aborted) return { kind: 'unreachable', error: `no answer within ${String(timeoutMs)} ms` };
    // fetch says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, a certificate problem).
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const why = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
    return { kind: 'unreachable', error: why === '' ? (error as Error).message : why };
  }
}

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
  /** What the light says, in the till's language; English when absent. */
  words?: TerminalWords;
}): TerminalProbe {
  const { connection, devices, logger } = options;
  const words = options.words ?? TERMINAL_WORDS;
  const stopped = new AbortController();

  async function checkOnce(): Promise<void> {
    const reading = await readTerminalStatus(connection, { signal: stopped.signal });
    if (stopped.signal.aborted) return;
    switch (reading.kind) {
      case 'refused':
        logger.warn('terminal.probe_refused', { status: reading.httpStatus, poiid: connection.poiId });
        devices.update(TERMINAL_DEVICE_ID, 'unknown', words.refused);
        return;
      case 'unexpected':
        logger.warn('terminal.probe_unexpected_reply', { status: reading.httpStatus, poiid: connection.poiId });
        devices.update(TERMINAL_DEVICE_ID, 'unknown', words.unreachable);
        return;
      case 'unreachable':
        logger.warn('terminal.probe_failed', { poiid: connection.poiId, error: reading.error });
        devices.update(TERMINAL_DEVICE_ID, 'unknown', words.unreachable);
        return;
      case 'online':
        devices.update(TERMINAL_DEVICE_ID, 'online', words.online);
        return;
      case 'offline':
        devices.update(TERMINAL_DEVICE_ID, 'offline', words.offline);
        return;
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
