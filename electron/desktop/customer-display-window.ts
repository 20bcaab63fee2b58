import { BrowserWindow, screen, type Display } from 'electron';
import { DISPLAY_STATE_CHANNEL, type CustomerDisplayState } from '../../shared/customer-display/display-state.ts';
import type { Logger } from '../logging/logger.ts';
import { secureWebPreferences } from './window.ts';

/**
 * The customer display in the desktop app: when a screen other than the
 * primary one is connected, a full-screen window on it shows the display
 * page, fed the till's display states through its own preload (states in,
 * nothing out: no `api`). It follows screens being plugged in and out. The
 * window lives under the same rules as the till's (see window.ts and
 * `hardenWebContents`, applied to every web contents).
 */

export interface CustomerDisplayWindowOptions {
  /** The till's `customerDisplay`. */
  display: {
    current(): CustomerDisplayState;
    subscribe(listener: (state: CustomerDisplayState) => void): () => void;
  };
  /** out/electron/display-preload.cjs */
  preloadPath: string;
  /** The display page: app://kassa/display.html (or the dev server's). */
  url: string;
  devTools: boolean;
  logger: Logger;
}

export interface CustomerDisplayWindow {
  /** The screen the display window is on, if one is open. */
  readonly screenId: number | undefined;
  close(): void;
}

/** A connected screen that is not the primary one: where the customer looks. */
function customerScreen(): Display | undefined {
  const primary = screen.getPrimaryDisplay();
  return screen.getAllDisplays().find((candidate) => candidate.id !== primary.id);
}

export function followCustomerScreens(options: CustomerDisplayWindowOptions): CustomerDisplayWindow {
  const { display, logger } = options;
  let open: { window: BrowserWindow; screenId: number; unsubscribe: () => void } | undefined;
  let closed = false;

  function send(window: BrowserWindow, state: CustomerDisplayState): void {
    if (!window.isDestroyed()) window.webContents.send(DISPLAY_STATE_CHANNEL, state);
  }

  function openOn(target: Display): void {
    const { x, y, width, height } = target.bounds;
    const window = new BrowserWindow({
      x,
      y,
      width,
      height,
      fullscreen: true,
      frame: false,
      // The cashier's keys stay with the till's window.
      focusable: false,
      show: false,
      title: 'Kassa customer display',
      backgroundColor: '#ffffff',
      webPreferences: secureWebPreferences(options.preloadPath, options.devTools),
    });
    const unsubscribe = display.subscribe((state) => send(window, state));
    open = { window, screenId: target.id, unsubscribe };
    window.once('ready-to-show', () => window.showInactive());
    // The page asks nothing: it is sent what the display shows now once it has loaded, then every change.
    window.webContents.on('did-finish-load', () => send(window, display.current()));
    window.on('closed', () => {
      unsubscribe();
      if (open?.window === window) open = undefined;
    });
    void window.loadURL(options.url);
    logger.info('customer_display.opened', { screen: target.id, width, height });
  }

  function closeWindow(): void {
    const current = open;
    open = undefined;
    if (current === undefined) return;
    current.unsubscribe();
    if (!current.window.isDestroyed()) current.window.close();
  }

  /** One display window, on a screen other than the primary, whenever there is one. */
  function follow(): void {
    if (closed) return;
    const target = customerScreen();
    if (open !== undefined && open.screenId === target?.id) return;
    closeWindow();
    if (target !== undefined) openOn(target);
  }

  const onScreensChanged = () => follow();
  screen.on('display-added', onScreensChanged);
  screen.on('display-removed', onScreensChanged);
  follow();

  return {
    get screenId() {
      return open?.screenId;
    },
    close() {
      closed = true;
      screen.removeListener('display-added', onScreensChanged);
      screen.removeListener('display-removed', onScreensChanged);
      closeWindow();
    },
  };
}
