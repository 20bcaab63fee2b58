import { createServer } from 'node:net';
import type { TillConfig } from '../../shared/config/schema.ts';
import { parseListenAddress } from '../payments/webhooks/webhook-listener.ts';
import { errorCode, fail, pass, skip, type CheckOutcome } from './check.ts';

/**
 * The webhook listener's address: the port in `webhooks.listen` must be free
 * on this machine when the till is not running (it is bound and released at
 * once), and the public URL the payment cloud delivers to, when one is given, must
 * answer. Any HTTP answer will do: the proxy in front of the till is there.
 */

export const WEBHOOKS = 'webhooks';
const PUBLIC_URL_TIMEOUT_MS = 5_000;

type Part = { ok: true; detail: string } | { ok: false; detail: string; fix: string };

function tryListen(host: string, port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error) => resolve(error));
    server.listen({ host, port, exclusive: true }, () => {
      server.close(() => resolve(undefined));
    });
  });
}

async function listenPart(listen: string): Promise<Part> {
  const { host, port } = parseListenAddress(listen);
  if (port === 0) {
    return {
      ok: true,
      detail: `webhooks.listen ${listen} takes any free port at each start (a payment cloud needs a fixed one in production).`,
    };
  }
  const error = await tryListen(host, port);
  if (error === undefined) return { ok: true, detail: `Port ${String(port)} on ${host} is free for the listener.` };
  switch (errorCode(error)) {
    case 'EADDRINUSE':
      return {
        ok: false,
        detail: `Something on this machine already listens on ${listen}.`,
        fix:
          `Stop the program using port ${String(port)} (if it is Kassa itself, close the till before running ` +
          'kassa doctor), or choose another port in webhooks.listen and change the address your payment provider delivers to.',
      };
    case 'EACCES':
      return {
        ok: false,
        detail: `The till may not listen on port ${String(port)}.`,
        fix: "Ports below 1024 need administrator rights: use a port from 1024 up in webhooks.listen and let the store's proxy forward to it.",
      };
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        ok: false,
        detail: `${host} is not an address of this machine.`,
        fix: "Use 0.0.0.0 (every network) or one of this till's own addresses in webhooks.listen.",
      };
    case undefined:
    default:
      return {
        ok: false,
        detail: `Cannot listen on ${listen}: ${error.message}.`,
        fix: 'Check webhooks.listen names this machine and a free port.',
      };
  }
}

async function publicUrlPart(url: string, timeoutMs: number): Promise<Part> {
  try {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return { ok: true, detail: `The public URL ${url} answers (HTTP ${String(response.status)}).` };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    const cause = (error as { cause?: { code?: unknown } }).cause?.code;
    const why = timedOut
      ? `no answer within ${String(timeoutMs)} ms`
      : typeof cause === 'string'
        ? cause
        : (error as Error).message;
    return {
      ok: false,
      detail: `The public URL ${url} does not answer: ${why}.`,
      fix: "Check that the store's proxy or router forwards that address to this till, and that its name resolves.",
    };
  }
}

export async function checkWebhooks(
  config: TillConfig,
  options: { publicUrl?: string; timeoutMs?: number } = {},
): Promise<CheckOutcome> {
  const webhooks = config.webhooks;
  if (webhooks === undefined) {
    return skip(WEBHOOKS, "No webhooks section: the till does not listen for the payment provider's notifications.");
  }
  const parts = [await listenPart(webhooks.listen)];
  if (options.publicUrl !== undefined) {
    parts.push(await publicUrlPart(options.publicUrl, options.timeoutMs ?? PUBLIC_URL_TIMEOUT_MS));
  }
  const failed = parts.filter((part) => !part.ok);
  if (failed.length === 0) return pass(WEBHOOKS, parts.map((part) => part.detail).join(' '));
  return fail(WEBHOOKS, failed.map((part) => part.detail).join(' '), failed.map((part) => part.fix).join(' '));
}
