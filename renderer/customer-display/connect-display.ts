import { takeAccessToken } from '../api/access-token.ts';
import { fromDisplayStream, fromDisplayWindow, type DisplayFeed } from './display-feed.ts';

/** Kept apart from the till's token: a display tab never holds the cashier's. */
const DISPLAY_TOKEN_KEY = 'kassa.display-token';

/** Inside Electron the display window's preload; in a browser the display stream, or nothing without its link. */
export function connectToDisplay(): DisplayFeed | undefined {
  if (window.kassaDisplay !== undefined) return fromDisplayWindow(window.kassaDisplay);
  const token = takeAccessToken(window.location, window.history, window.sessionStorage, DISPLAY_TOKEN_KEY);
  return token === undefined ? undefined : fromDisplayStream({ origin: window.location.origin, token });
}
