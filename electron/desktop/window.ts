import { BrowserWindow, type Session, type WebContents, type WebPreferences } from 'electron';
import type { Logger } from '../logging/logger.ts';

/**
 * The till's window and the rules every web page in the app lives under: the
 * renderer gets no Node, runs sandboxed and isolated from the preload, cannot
 * open windows, navigate away, embed webviews or be granted any permission.
 */

export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools,
  };
}

/** Applied to every web contents the app creates (see `app.on('web-contents-created')`). */
export function hardenWebContents(contents: WebContents, logger: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    logger.warn('window.open_denied', { url });
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    // The UI is one page; any navigation is a link or a script going somewhere it must not.
    logger.warn('window.navigation_denied', { url: event.url });
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export interface MainWindowOptions {
  preloadPath: string;
  url: string;
  devTools: boolean;
  title: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    title: options.title,
    show: false,
    backgroundColor: '#f4f5f7',
    webPreferences: secureWebPreferences(options.preloadPath, options.devTools),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url);
  return window;
}
