import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DISPLAY_STATE_CHANNEL, type CustomerDisplayState } from '../../shared/customer-display/display-state.ts';
import { createCustomerDisplay } from '../customer-display/customer-display.ts';
import { createMemoryLogger } from '../logging/logger.ts';

/** Electron's screens and windows, mocked: the test plugs screens in and out and reads what each window was sent. */

type Listener = (...args: unknown[]) => void;
interface FakeDisplay {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
}

const electron = vi.hoisted(() => {
  const windows: {
    options: Record<string, unknown>;
    url: string | undefined;
    sent: { channel: string; payload: unknown }[];
    closed: boolean;
    emit: (name: string) => void;
    load: () => void;
  }[] = [];
  const screens: FakeDisplay[] = [];
  const screenListeners = new Map<string, Set<Listener>>();

  class BrowserWindow {
    private readonly listeners = new Map<string, Listener[]>();
    private readonly contentsListeners = new Map<string, Listener[]>();
    readonly record: (typeof windows)[number];
    readonly webContents = {
      send: (channel: string, payload: unknown) => this.record.sent.push({ channel, payload }),
      on: (name: string, listener: Listener) => {
        this.contentsListeners.set(name, [...(this.contentsListeners.get(name) ?? []), listener]);
      },
    };
    constructor(options: Record<string, unknown>) {
      this.record = {
        options,
        url: undefined,
        sent: [],
        closed: false,
        emit: (name) => {
          for (const listener of this.listeners.get(name) ?? []) listener();
        },
        load: () => {
          for (const listener of this.contentsListeners.get('did-finish-load') ?? []) listener();
        },
      };
      windows.push(this.record);
    }
    on(name: string, listener: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    once(name: string, listener: Listener) {
      return this.on(name, listener);
    }
    loadURL(url: string) {
      this.record.url = url;
      return Promise.resolve();
    }
    showInactive() {
      return undefined;
    }
    isDestroyed() {
      return this.record.closed;
    }
    close() {
      this.record.closed = true;
      this.record.emit('closed');
    }
  }

  const emitScreens = (name: string) => {
    for (const listener of screenListeners.get(name) ?? []) listener();
  };

  return {
    windows,
    screens,
    screenListeners,
    emitScreens,
    module: {
      BrowserWindow,
      screen: {
        getPrimaryDisplay: () => screens[0],
        getAllDisplays: () => [...screens],
        on(name: string, listener: Listener) {
          screenListeners.set(name, (screenListeners.get(name) ?? new Set()).add(listener));
        },
        removeListener(name: string, listener: Listener) {
          screenListeners.get(name)?.delete(listener);
        },
      },
    },
  };
});

vi.mock('electron', () => electron.module);

const { followCustomerScreens } = await import('./customer-display-window.ts');

const TILL_SCREEN: FakeDisplay = { id: 1, bounds: { x: 0, y: 0, width: 1280, height: 800 } };
const CUSTOMER_SCREEN: FakeDisplay = { id: 2, bounds: { x: 1280, y: 0, width: 1024, height: 768 } };

function setup() {
  const display = createCustomerDisplay({
    language: 'en',
    locale: 'en-GB',
    currency: 'EUR',
    currentSale: () => undefined,
    attempt: () => undefined,
    logger: createMemoryLogger(),
  });
  const following = followCustomerScreens({
    display,
    preloadPath: '/app/out/electron/display-preload.cjs',
    url: 'app://kassa/display.html',
    devTools: false,
    logger: createMemoryLogger(),
  });
  return { display, following };
}

beforeEach(() => {
  electron.windows.splice(0);
  electron.screens.splice(0, electron.screens.length, TILL_SCREEN);
  electron.screenListeners.clear();
});

describe('the customer display window', () => {
  it('opens none while the till has only its own screen', () => {
    const { following } = setup();
    expect(electron.windows).toHaveLength(0);
    expect(following.screenId).toBeUndefined();
    following.close();
  });

  it('opens full screen on a second screen, hardened like the till’s window, with the display’s own preload', () => {
    electron.screens.push(CUSTOMER_SCREEN);
    const { following } = setup();
    expect(electron.windows).toHaveLength(1);
    const [window] = electron.windows;
    expect(window?.options).toMatchObject({ x: 1280, y: 0, width: 1024, height: 768, fullscreen: true });
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/app/out/electron/display-preload.cjs',
    });
    expect(window?.url).toBe('app://kassa/display.html');
    expect(following.screenId).toBe(2);
    following.close();
    expect(window?.closed).toBe(true);
  });

  it('sends the state now once the page has loaded, then every change, on the display channel only', () => {
    electron.screens.push(CUSTOMER_SCREEN);
    const { display, following } = setup();
    const [window] = electron.windows;
    window?.load();
    const idle: CustomerDisplayState = { kind: 'idle', language: 'en', locale: 'en-GB' };
    expect(window?.sent).toEqual([{ channel: DISPLAY_STATE_CHANNEL, payload: idle }]);
    display.saleChanged({
      saleId: 's-1',
      currency: 'EUR',
      startedAt: '2026-12-05T12:00:00.000Z',
      revision: 1,
      lines: [{ lineId: 'L1', sku: 'B', name: 'Bread', unitPriceMinor: 189, quantity: 1, vatBasisPoints: 900 }],
      approvals: [],
      openItems: [],
      totals: { totalMinor: 189, vatMinor: 16, discountMinor: 0, itemCount: 1, vat: [] },
      tenders: [],
      paidMinor: 0,
      dueMinor: 189,
      card: null,
      linesLocked: false,
      unshownReceipt: null,
    } as unknown as Parameters<typeof display.saleChanged>[0]);
    expect(window?.sent.at(-1)).toEqual({
      channel: DISPLAY_STATE_CHANNEL,
      payload: expect.objectContaining({ kind: 'sale', totalMinor: 189 }) as CustomerDisplayState,
    });
    following.close();
  });

  it('follows screens: opens when one is plugged in, closes when it is pulled out', () => {
    const { display, following } = setup();
    expect(electron.windows).toHaveLength(0);

    electron.screens.push(CUSTOMER_SCREEN);
    electron.emitScreens('display-added');
    expect(electron.windows).toHaveLength(1);
    expect(following.screenId).toBe(2);

    electron.screens.splice(1);
    electron.emitScreens('display-removed');
    expect(electron.windows[0]?.closed).toBe(true);
    expect(following.screenId).toBeUndefined();
    // A closed window is sent nothing more.
    display.saleChanged({ lines: [], saleId: 'x' } as unknown as Parameters<typeof display.saleChanged>[0]);
    expect(electron.windows[0]?.sent).toEqual([]);

    following.close();
    electron.screens.push(CUSTOMER_SCREEN);
    electron.emitScreens('display-added');
    expect(electron.windows).toHaveLength(1);
  });
});

describe('the display window’s preload', () => {
  it('listens on the same channel main sends on, and exposes no way to call main', () => {
    const source = readFileSync(path.join(import.meta.dirname, 'display-preload.ts'), 'utf8');
    expect(source).toContain(`const DISPLAY_STATE_CHANNEL = '${DISPLAY_STATE_CHANNEL}';`);
    expect(source).not.toMatch(/\.invoke\(|\.send\(|sendSync|postMessage/);
  });
});

describe('the display window’s preload at work', () => {
  it('hands a page that starts listening late the state main already sent, then each new one', async () => {
    vi.resetModules();
    const exposed = new Map<string, unknown>();
    const onChannel = new Map<string, (event: unknown, payload: unknown) => void>();
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        on: (channel: string, listener: (event: unknown, payload: unknown) => void) => onChannel.set(channel, listener),
      },
    }));
    await import('./display-preload.ts');
    expect([...exposed.keys()]).toEqual(['kassaDisplay']);
    const bridge = exposed.get('kassaDisplay') as { onState(listener: (state: unknown) => void): () => void };
    expect(Object.keys(bridge)).toEqual(['onState']);

    const idle = { kind: 'idle', language: 'en', locale: 'en-GB' };
    onChannel.get(DISPLAY_STATE_CHANNEL)?.({}, idle);
    const heard: unknown[] = [];
    const stop = bridge.onState((state) => heard.push(state));
    expect(heard).toEqual([idle]);
    onChannel.get(DISPLAY_STATE_CHANNEL)?.({}, { ...idle, language: 'nl' });
    expect(heard).toHaveLength(2);
    stop();
    onChannel.get(DISPLAY_STATE_CHANNEL)?.({}, idle);
    expect(heard).toHaveLength(2);
    vi.doUnmock('electron');
  });
});
