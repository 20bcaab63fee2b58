import { takeAccessToken } from './access-token.ts';
import { createHttpBridge } from './http-bridge.ts';
import { fromPreload, type RendererBridge } from './renderer-bridge.ts';
import { t } from '../i18n/words.ts';

export type TillLink = { bridge: RendererBridge } | { problem: string };

/** Inside Electron the preload's bridge; in a browser the HTTP bridge to `kassa serve`. */
export function connectToTill(): TillLink {
  if (window.kassa !== undefined) return { bridge: fromPreload(window.kassa) };
  const token = takeAccessToken(window.location, window.history, window.sessionStorage);
  if (token === undefined) {
    return {
      problem: t.app.needsLink,
    };
  }
  return { bridge: createHttpBridge({ origin: window.location.origin, token }) };
}
