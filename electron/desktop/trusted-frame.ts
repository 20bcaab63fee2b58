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
 * frame that navigated elsewhere, an embedded frame, a destroyed one or the
 * customer display's page is refused before any handler runs (after VS
 * Code's validatedIpcMain).
 */
export function isTrustedFrame(frame: WebFrameMain | null, trustedOrigins: ReadonlySet<string>): boolean {
  if (frame?.parent !== null) return false;
  const origin = schemeAndHost(frame.url);
  return origin !== undefined && trustedOrigins.has(origin) && !isCustomerDisplayPage(frame.url);
}

/** The customer display's page only receives (its preload has no `api`); were it ever to call, it is refused too. */
function isCustomerDisplayPage(url: string): boolean {
  try {
    return new URL(url).pathname === '/display.html';
  } catch {
    return true;
  }
}
