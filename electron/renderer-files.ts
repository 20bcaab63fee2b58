import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RENDERER_CSP } from '../shared/security/csp.ts';

/**
 * Reads a file of the built renderer for a URL path, with the headers the UI
 * must be served with. Used by both ways of serving the UI (Electron's app://
 * protocol and browser mode), so both get the same CSP and the same guard
 * against paths that climb out of the renderer folder.
 */

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export interface RendererFile {
  body: Buffer;
  headers: Record<string, string>;
}

/** The absolute file for a URL path, or undefined when it would leave `root`. */
export function rendererFilePath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const resolvedRoot = path.resolve(root);
  const file = path.resolve(resolvedRoot, relative);
  return file.startsWith(resolvedRoot + path.sep) ? file : undefined;
}

export async function readRendererFile(root: string, urlPath: string): Promise<RendererFile | undefined> {
  const file = rendererFilePath(root, urlPath);
  if (file === undefined) return undefined;
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (contentType === undefined) return undefined;
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return undefined;
  }
  const isHtml = contentType.startsWith('text/html');
  return {
    body,
    headers: {
      'content-type': contentType,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // Hashed assets never change; the page itself must, after an upgrade.
      'cache-control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
      ...(isHtml ? { 'content-security-policy': RENDERER_CSP } : {}),
    },
  };
}
