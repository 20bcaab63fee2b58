import type { RendererBridge } from '../api/renderer-bridge.ts';

/** Sends what the UI could not handle to main's log, where IT looks. Never throws. */
export function reportRendererError(bridge: RendererBridge, where: string, error: unknown): void {
  const message = (error instanceof Error ? error.message : String(error)) || 'Unknown error';
  const stack = error instanceof Error ? error.stack : undefined;
  void bridge.api['diagnostics.reportRendererError']({
    where: where.slice(0, 200),
    message: message.slice(0, 2_000),
    ...(stack === undefined ? {} : { stack: stack.slice(0, 20_000) }),
  });
}

export function reportUncaughtErrors(bridge: RendererBridge, target: Window): void {
  target.addEventListener('error', (event) => {
    reportRendererError(bridge, 'window.onerror', event.error ?? event.message);
  });
  target.addEventListener('unhandledrejection', (event) => {
    reportRendererError(bridge, 'unhandledrejection', event.reason);
  });
}
