import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, ipcChannelName } from '../shared/ipc/channels.ts';
import { RENDERER_CSP } from '../shared/security/csp.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'kassa-main-test-'));

/**
 * The Electron glue cannot run here (no Electron binary), so main.ts runs
 * against a mocked `electron` module that records what it was asked to do.
 * Everything behind the glue (config, till, router) is real.
 */

type IpcHandler = (event: unknown, payload: unknown) => Promise<unknown>;
type Listener = (...args: unknown[]) => void;

const electron = vi.hoisted(() => {
  const ipcHandlers = new Map<string, IpcHandler>();
  const appListeners = new Map<string, Listener[]>();
  const windows: { options: Record<string, unknown>; loadedUrl: string | undefined }[] = [];
  let protocolHandler: ((request: Request) => Promise<Response>) | undefined;
  let permissionRequest:
    ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
  let permissionCheck: (() => boolean) | undefined;

  class BrowserWindow {
    readonly webContents = { send: () => undefined };
    readonly record: { options: Record<string, unknown>; loadedUrl: string | undefined };
    constructor(options: Record<string, unknown>) {
      this.record = { options, loadedUrl: undefined };
      windows.push(this.record);
    }
    once() {
      return this;
    }
    on() {
      return this;
    }
    loadURL(url: string) {
      this.record.loadedUrl = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
  }

  return {
    ipcHandlers,
    appListeners,
    windows,
    get protocolHandler() {
      return protocolHandler;
    },
    get permissionRequest() {
      return permissionRequest;
    },
    get permissionCheck() {
      return permissionCheck;
    },
    module: {
      app: {
        isPackaged: false,
        requestSingleInstanceLock: () => true,
        whenReady: () => Promise.resolve(),
        getVersion: () => '9.9.9-test',
        on(name: string, listener: Listener) {
          appListeners.set(name, [...(appListeners.get(name) ?? []), listener]);
        },
        quit: () => undefined,
        exit: () => undefined,
      },
      BrowserWindow,
      ipcMain: {
        handle: (channel: string, handler: IpcHandler) => ipcHandlers.set(channel, handler),
        removeHandler: (channel: string) => ipcHandlers.delete(channel),
      },
      protocol: {
        registerSchemesAsPrivileged: () => undefined,
        handle: (_scheme: string, handler: (request: Request) => Promise<Response>) => {
          protocolHandler = handler;
        },
      },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (handler: typeof permissionRequest) => {
            permissionRequest = handler;
          },
          setPermissionCheckHandler: (handler: typeof permissionCheck) => {
            permissionCheck = handler;
          },
        },
      },
      dialog: { showErrorBox: () => undefined },
      // One screen: no customer display window.
      screen: {
        getPrimaryDisplay: () => ({ id: 1, bounds: { x: 0, y: 0, width: 1280, height: 800 } }),
        getAllDisplays: () => [{ id: 1, bounds: { x: 0, y: 0, width: 1280, height: 800 } }],
        on: () => undefined,
        removeListener: () => undefined,
      },
      // No key store in the test: nothing in a machine file here to seal anyway.
      safeStorage: {
        isEncryptionAvailable: () => false,
        encryptString: () => Buffer.alloc(0),
        decryptString: () => '',
        getSelectedStorageBackend: () => 'basic_text',
      },
    },
  };
});

vi.mock('electron', () => electron.module);

const fromApp = { senderFrame: { url: 'app://kassa/index.html', parent: null } };

function invoke(channel: string, event: unknown, payload: unknown) {
  const handler = electron.ipcHandlers.get(channel);
  if (handler === undefined) throw new Error(`no IPC handler for ${channel}`);
  return handler(event, payload);
}

beforeEach(() => {
  // main.ts logs to standard error; keep the test output readable.
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

beforeAll(async () => {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  vi.stubEnv('KASSA_CONFIG', '');
  vi.stubEnv('VITE_DEV_SERVER_URL', '');
  // The journal, the vault and the log files go to a folder of this test's own.
  vi.stubEnv('KASSA_DATA_DIR', dataDir);
  await import('./main.ts');
  await vi.waitFor(() => {
    expect(electron.windows).toHaveLength(1);
  });
});

describe('electron/main.ts', () => {
  it('writes its log lines to the rotating log file in the data folder as well', () => {
    const lines = readFileSync(path.join(dataDir, 'logs', 'kassa.log'), 'utf8')
      .trim()
      .split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toContain('till.started');
  });

  it('registers every contract channel, and only those, on ipcMain.handle', () => {
    expect([...electron.ipcHandlers.keys()].sort()).toEqual(CHANNELS.map(ipcChannelName).sort());
  });

  it('opens one window with the secure web preferences and the app:// page', () => {
    const [window] = electron.windows;
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    const { preload } = window?.options.webPreferences as { preload: string };
    expect(path.basename(preload)).toBe('preload.cjs');
    expect(window?.loadedUrl).toBe('app://kassa/index.html');
  });

  it('answers a call from the app page with the till behind it', async () => {
    const result = await invoke(ipcChannelName('till.getInfo'), fromApp, {});
    expect(result).toMatchObject({ ok: true, value: { storeName: 'Kassa Demo Store', version: '9.9.9-test' } });
  });

  it.each([
    ['another origin', { senderFrame: { url: 'https://shop.example/', parent: null } }],
    ['an embedded frame of the app', { senderFrame: { url: 'app://kassa/index.html', parent: {} } }],
    ['a frame that is gone', { senderFrame: null }],
    ['a file:// page', { senderFrame: { url: 'file:///tmp/evil.html', parent: null } }],
    ['the customer display’s page', { senderFrame: { url: 'app://kassa/display.html', parent: null } }],
  ])('refuses a call from %s with a typed FORBIDDEN', async (_what, event) => {
    const result = await invoke(ipcChannelName('till.getInfo'), event, {});
    expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) as string } });
  });

  it('answers an invalid payload with a typed BAD_REQUEST instead of throwing', async () => {
    const result = await invoke(ipcChannelName('diagnostics.reportRendererError'), fromApp, { message: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('denies new windows, navigation and webviews in every web contents', () => {
    const listeners = new Map<string, Listener>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = {
      setWindowOpenHandler: (handler: typeof openHandler) => {
        openHandler = handler;
      },
      on: (name: string, listener: Listener) => listeners.set(name, listener),
    };
    for (const listener of electron.appListeners.get('web-contents-created') ?? []) listener({}, contents);

    expect(openHandler?.({ url: 'https://shop.example/' })).toEqual({ action: 'deny' });
    const navigation = { url: 'https://shop.example/', preventDefault: vi.fn() };
    listeners.get('will-navigate')?.(navigation);
    expect(navigation.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')?.(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('grants no permission to any page', () => {
    const callback = vi.fn();
    electron.permissionRequest?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(electron.permissionCheck?.()).toBe(false);
  });

  it('serves the UI over app:// with the CSP and nothing outside the renderer folder', async () => {
    const handler = electron.protocolHandler;
    if (handler === undefined) throw new Error('app:// protocol was not handled');
    const rendererDir = path.resolve(import.meta.dirname, '..', 'renderer');

    const page = await handler(new Request('app://kassa/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await page.text()).toBe(readFileSync(path.join(rendererDir, 'index.html'), 'utf8'));

    // package.json sits just outside the renderer folder and is a type the protocol serves.
    expect((await handler(new Request('app://kassa/..%2fpackage.json'))).status).toBe(404);
    expect((await handler(new Request('app://elsewhere/index.html'))).status).toBe(404);
  });
});
