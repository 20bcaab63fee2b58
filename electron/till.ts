import { contract, type TillInfo } from '../shared/ipc/contract.ts';
import type { TillConfig } from '../shared/config/schema.ts';
import { systemClock, type Clock } from './clock.ts';
import { createDeviceStatusBoard, type DeviceStatusBoard } from './devices/device-status-board.ts';
import { createEventHub, type EventHub } from './events/event-hub.ts';
import { createHandlers } from './ipc/handlers.ts';
import { createRouter, type Router } from './ipc/router.ts';
import type { Logger } from './logging/logger.ts';
import {
  chosenTerminal,
  connectAdyenTerminal,
  type AdyenTerminalConnection,
} from './payments/adyen/terminal-connection.ts';
import { startTerminalProbe, TERMINAL_DEVICE_ID, TERMINAL_WORDS } from './payments/adyen/terminal-probe.ts';

/**
 * The composition root: builds every main-process service of one till from its
 * configuration and wires them together. It never imports Electron, so the
 * same till runs inside the desktop app, headless in browser mode
 * (`kassa serve`), in the CLI and in tests. Electron only adapts it
 * (`electron/main.ts`, `electron/desktop/`).
 */

export interface TillDependencies {
  logger: Logger;
  /** The app's version, shown in the UI and in reports. */
  version: string;
  clock?: Clock;
  /** The card terminal, connected by `startTill`; without one the till takes no cards. */
  terminal?: AdyenTerminalConnection;
}

export interface Till {
  readonly config: TillConfig;
  readonly info: TillInfo;
  /** Answers every contract call; transports (IPC, HTTP) only carry bytes to it. */
  readonly router: Router;
  /** Events for the renderer: device status, payment progress. */
  readonly events: EventHub;
  readonly devices: DeviceStatusBoard;
  /** Stops the till's services; safe to call twice. */
  close(): Promise<void>;
}

export function createTill(config: TillConfig, dependencies: TillDependencies): Till {
  const { logger, version } = dependencies;
  const clock = dependencies.clock ?? systemClock;

  const events = createEventHub(logger);
  const devices = createDeviceStatusBoard(events, clock);
  // Until a terminal provider and a printer are set up, the truth is that there are none.
  const terminal = dependencies.terminal;
  devices.register({
    id: TERMINAL_DEVICE_ID,
    kind: 'terminal',
    label: 'Card terminal',
    state: terminal === undefined ? 'not_configured' : 'unknown',
    detail: terminal === undefined ? 'No card terminal is set up on this till.' : TERMINAL_WORDS.checking,
  });
  const probe = terminal === undefined ? undefined : startTerminalProbe({ connection: terminal, devices, logger });
  devices.register({
    id: 'printer',
    kind: 'printer',
    label: 'Receipt printer',
    state: 'not_configured',
    detail: 'No receipt printer is set up on this till yet.',
  });

  const info: TillInfo = {
    storeName: config.store.name,
    addressLines: config.store.addressLines,
    tillId: config.till.id,
    tillName: config.till.name,
    mode: config.mode,
    locale: config.locale,
    currency: config.currency,
    version,
    startedAt: clock.now().toISOString(),
  };

  const router = createRouter(contract, createHandlers({ info, devices, logger }), logger);
  logger.info('till.started', {
    tillId: config.till.id,
    mode: config.mode,
    version,
    ...(terminal === undefined ? {} : { terminal: terminal.poiid, terminalTarget: terminal.target }),
  });

  let closing: Promise<void> | undefined;
  return {
    config,
    info,
    router,
    events,
    devices,
    close() {
      closing ??= (async () => {
        probe?.stop();
        await terminal?.close();
        logger.info('till.stopped', { tillId: config.till.id });
      })();
      return closing;
    },
  };
}

/**
 * Connects what the configuration names (the card terminal; in demo mode by
 * starting the embedded Adyen simulator) and builds the till on it. What it
 * started is stopped by the till's `close()`.
 */
export async function startTill(
  config: TillConfig,
  dependencies: Omit<TillDependencies, 'terminal'> & { env?: NodeJS.ProcessEnv },
): Promise<Till> {
  const { env, ...rest } = dependencies;
  const chosen = chosenTerminal(config);
  const terminal =
    chosen === undefined
      ? undefined
      : await connectAdyenTerminal(config, chosen, {
          logger: dependencies.logger,
          ...(env === undefined ? {} : { env }),
        });
  try {
    return createTill(config, { ...rest, ...(terminal === undefined ? {} : { terminal }) });
  } catch (error) {
    await terminal?.close();
    throw error;
  }
}
