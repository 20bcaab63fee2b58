import type { WebFrameMain } from 'electron';

/**
 * Only the till's own UI, in the window's top frame, may call into main. A
 * frame that navigated elsewhere, an embedded frame or a destroyed one is
 * refused before any handler runs (after VS Code's validatedIpcMain).
 */
export function isTrustedFrame(frame: WebFrameMain | null, trustedOrigins: ReadonlySet<string>): boolean {
  if (frame?.parent !== null) return false;
  let origin: string;
  try {
    origin = new URL(frame.url).origin;
  } catch {
    return false;
  }
  return trustedOrigins.has(origin);
}
