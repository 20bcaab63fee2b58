import type { ServerResponse } from 'node:http';

/**
 * An answer as the simulator's routes build it, and the one place that
 * writes it. HTML pages forbid everything but their own inline style and
 * forms posting back to the simulator, as a hosted page should.
 */

export type Reply =
  | { kind: 'json'; status: number; body: unknown; headers?: Readonly<Record<string, string>> }
  | { kind: 'html'; status: number; html: string }
  | { kind: 'text'; status: number; text: string };

export const json = (status: number, body: unknown, headers?: Readonly<Record<string, string>>): Reply =>
  headers === undefined ? { kind: 'json', status, body } : { kind: 'json', status, body, headers };
export const html = (status: number, text: string): Reply => ({ kind: 'html', status, html: text });

export function sendReply(response: ServerResponse, reply: Reply): void {
  if (response.headersSent || response.destroyed) return;
  const [text, contentType] =
    reply.kind === 'json'
      ? [JSON.stringify(reply.body), 'application/json; charset=utf-8']
      : reply.kind === 'html'
        ? [reply.html, 'text/html; charset=utf-8']
        : [reply.text, 'text/plain; charset=utf-8'];
  response.writeHead(reply.status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    ...(reply.kind === 'json' ? reply.headers : {}),
    ...(reply.kind === 'html'
      ? {
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
          'cache-control': 'no-store',
        }
      : {}),
  });
  response.end(text);
}
