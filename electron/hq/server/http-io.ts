import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HqError } from '../../../shared/hq/hq-contract.ts';

/** Reading requests and writing answers, the same way for every route of HQ. */

export const HQ_PAGE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** A body larger than allowed: the route answers 413 and the connection is closed. */
export class BodyTooLarge extends Error {
  constructor(limit: number) {
    super(`The request body is larger than ${String(limit)} bytes.`);
    this.name = 'BodyTooLarge';
  }
}

/** The body as bytes, refused past `limit` (declared or actual) without reading the rest. */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLarge(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

const COMMON_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

export function sendHqError(response: ServerResponse, status: number, error: HqError['error'], message: string): void {
  sendJson(response, status, { error, message } satisfies HqError);
}

export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  extraHeaders: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...extraHeaders,
  });
  response.end(text);
}

export function sendHtml(
  response: ServerResponse,
  status: number,
  html: string,
  extraHeaders: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': HQ_PAGE_CSP,
    // Not `no-referrer`: under it Chromium sends `Origin: null` on the page's own form posts, which the
    // Origin check (page-session.ts) must refuse. `same-origin` still tells other sites nothing.
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    ...extraHeaders,
  });
  response.end(html);
}

/** 303: after a form post, the browser loads the page with GET. */
export function redirect(
  response: ServerResponse,
  location: string,
  extraHeaders: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(303, { ...COMMON_HEADERS, location, 'content-length': 0, ...extraHeaders });
  response.end();
}

/** A JSON body, or undefined when it is not JSON. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
