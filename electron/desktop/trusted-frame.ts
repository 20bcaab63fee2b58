import type { WebFrameMain } from 'electron';

/**
 * `scheme://host[:port]` of a URL. Not `URL.origin`: the main process parses
 * with Node's URL, which gives custom schemes such as app:// the origin "null".
 */
export function schemeAndHost(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return undefined;
  }
}

/**
 * Only the till's own UI, in the window's top frame, may call into main. A
 * frame that navigated elsewhere, an embedded frame or a destroyed one is
 * refused before any handler runs (after VS Code's validatedIpcMain).
 */
export function isTrustedFrame(frame: WebFrameMain | null, trustedOrigins: ReadonlySet<string>): boolean {
  if (frame?.parent !== null) return false;
  const origin = schemeAndHost(frame.url);
  return origin !== undefined && trustedOrigins.has(origin);
}
