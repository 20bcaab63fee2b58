import { ipcMain, type BrowserWindow, type WebFrameMain } from 'electron';
import { EVENT_CHANNEL, ipcChannelName, isChannel } from '../../shared/ipc/channels.ts';
import { fail } from '../../shared/result.ts';
import type { EventFeed } from '../staff/locked-event-feed.ts';
import type { Router } from '../ipc/router.ts';
import type { Logger } from '../logging/logger.ts';

/**
 * Carries the contract over Electron IPC: one `ipcMain.handle` per channel,
 * each refusing untrusted frames, then handing the payload to the router that
 * validates it. Returns the function that removes the handlers.
 */
export function exposeRouterOverIpc(
  router: Router,
  isTrusted: (frame: WebFrameMain | null) => boolean,
  logger: Logger,
): () => void {
  const names: string[] = [];
  for (const channel of router.channels) {
    if (!isChannel(channel)) throw new Error(`Router channel "${channel}" is not in the contract's channel list`);
    const name = ipcChannelName(channel);
    ipcMain.handle(name, async (event, payload: unknown) => {
      if (!isTrusted(event.senderFrame)) {
        logger.warn('ipc.untrusted_sender', { channel, url: event.senderFrame?.url ?? '(gone)' });
        return fail('FORBIDDEN', 'This window is not allowed to talk to the till.');
      }
      return router.call(channel, payload, { transport: 'ipc' });
    });
    names.push(name);
  }
  return () => {
    for (const name of names) ipcMain.removeHandler(name);
  };
}

/** Sends the till's events to the window while it lives (only what a locked till may show, while locked). */
export function forwardEventsToWindow(events: EventFeed, window: BrowserWindow): () => void {
  const unsubscribe = events.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
  });
  window.on('closed', unsubscribe);
  return unsubscribe;
}
