import { protocol } from 'electron';
import { readRendererFile } from '../renderer-files.ts';
import { schemeAndHost } from './trusted-frame.ts';

/**
 * The packaged UI is served from app://kassa/ rather than file://, so it has a
 * real origin the IPC sender check can trust and headers (CSP) we control.
 */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://kassa`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRendererOverAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file =
      schemeAndHost(request.url) === APP_ORIGIN ? await readRendererFile(rendererDir, url.pathname) : undefined;
    if (file === undefined) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), { status: 200, headers: file.headers });
  });
}
