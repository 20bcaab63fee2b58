import type { RendererBridge } from '../api/renderer-bridge.ts';

/** A screen that fails in a loop must not flood main's log; the first reports say what broke. */
const MAX_REPORTS = 50;
let reports = 0;

/** Sends what the UI could not handle to main's log, where IT looks. Never throws, never rejects. */
export function reportRendererError(bridge: RendererBridge, where: string, error: unknown): void {
  if (reports >= MAX_REPORTS) return;
  reports += 1;
  const message = (error instanceof Error ? error.message : String(error)) || 'Unknown error';
  const stack = error instanceof Error ? error.stack : undefined;
  bridge.api['diagnostics.reportRendererError']({
    where: where.slice(0, 200) || 'unknown',
    message: message.slice(0, 2_000),
    ...(stack === undefined ? {} : { stack: stack.slice(0, 20_000) }),
  }).catch(() => undefined);
}

export function reportUncaughtErrors(bridge: RendererBridge, target: Window): void {
  target.addEventListener('error', (event) => {
    reportRendererError(bridge, 'window.onerror', event.error ?? event.message);
  });
  target.addEventListener('unhandledrejection', (event) => {
    reportRendererError(bridge, 'unhandledrejection', event.reason);
  });
}
