import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  PushRequestSchema,
  RelayAckSchema,
  type HqError,
  type PushRequest,
  type RelayedWebhook,
  type SyncItem,
} from '../../../shared/hq/hq-contract.ts';

/**
 * The tests' HQ double: a small HTTP server on loopback that speaks the wire
 * contract (shared/hq/hq-contract.ts) the way HQ does (pushes stored by seq
 * and acknowledged with the highest seq held, so a batch sent twice is kept
 * once; webhooks kept for the till until it acks them; 401 for a token it does
 * not know), with faults the till must survive switched on by the test. The
 * real HQ (electron/hq/) is built beside this against the same contract.
 */

export const DOUBLE_TOKEN = 'till-token-0123456789abcdef0123456789abcdef';

type Fault =
  /** Answer 503 `unavailable`. */
  | 'unavailable'
  /** Store the push, then drop the connection without answering: the answer is lost. */
  | 'lose_answer'
  /** Answer 401 `revoked`. */
  | 'revoked';

export interface HqDouble {
  readonly url: string;
  /** Every push as it arrived (the ones that failed included), in order. */
  readonly pushes: PushRequest[];
  /** The records HQ holds, by seq: each once. */
  readonly held: ReadonlyMap<number, SyncItem>;
  /** The next `times` pushes meet `fault`. */
  failPushes(fault: Fault, times?: number): void;
  /** Every request from now on gets 401 `revoked` (IT revoked the till). */
  revoke(): void;
  /** The till enrolled again: its token works again (HQ gives a re-enrolled till its old key). */
  reinstate(): void;
  /** Keeps a webhook for the till; a poll held open answers at once. */
  keepWebhook(webhook: Omit<RelayedWebhook, 'id' | 'provider' | 'receivedAt'>): number;
  /** Webhook ids the till has acked. */
  readonly acked: number[];
  /** Called with the ids of each ack before it is answered (a test looks at the till's inbox then). */
  onAck?: (ids: readonly number[]) => void;
  /** The next `times` acks are lost: the connection drops before HQ forgets anything (as a crash would). */
  dropAcks(times?: number): void;
  /** Answers POST /api/enrol with this. */
  enrolAnswer: { status: number; body: unknown };
  readonly enrolRequests: unknown[];
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function error(response: ServerResponse, status: number, code: HqError['error'], message: string): void {
  send(response, status, { error: code, message } satisfies HqError);
}

async function body(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

export async function startHqDouble(): Promise<HqDouble> {
  const pushes: PushRequest[] = [];
  const held = new Map<number, SyncItem>();
  const faults: Fault[] = [];
  let revoked = false;
  const webhooks: RelayedWebhook[] = [];
  let nextWebhookId = 1;
  const acked: number[] = [];
  let dropAcks = 0;
  const polls = new Set<() => void>();
  const enrolRequests: unknown[] = [];

  const double: HqDouble = {
    url: '',
    pushes,
    held,
    failPushes(fault, times = 1) {
      for (let n = 0; n < times; n += 1) faults.push(fault);
    },
    revoke() {
      revoked = true;
    },
    reinstate() {
      revoked = false;
    },
    keepWebhook(webhook) {
      const id = nextWebhookId;
      nextWebhookId += 1;
      webhooks.push({ id, provider: 'adyen', receivedAt: new Date().toISOString(), ...webhook });
      for (const wake of polls) wake();
      return id;
    },
    acked,
    dropAcks(times = 1) {
      dropAcks += times;
    },
    enrolAnswer: { status: 200, body: {} },
    enrolRequests,
    close: () => Promise.resolve(),
  };

  function authorised(request: IncomingMessage, response: ServerResponse): boolean {
    if (revoked) {
      error(response, 401, 'revoked', 'This till was revoked at HQ.');
      return false;
    }
    if (request.headers.authorization !== `Bearer ${DOUBLE_TOKEN}`) {
      error(response, 401, 'unauthorised', 'HQ does not know this token.');
      return false;
    }
    return true;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://hq');
    const route = `${request.method ?? ''} ${url.pathname}`;
    if (route === 'GET /api/health') return send(response, 200, { ok: true });
    if (route === 'POST /api/enrol') {
      enrolRequests.push(await body(request));
      return send(response, double.enrolAnswer.status, double.enrolAnswer.body);
    }
    if (route === 'POST /api/sync') {
      const push = PushRequestSchema.parse(await body(request));
      pushes.push(push);
      if (!authorised(request, response)) return;
      const fault = faults.shift();
      if (fault === 'unavailable') return error(response, 503, 'unavailable', 'HQ could not store this batch.');
      if (fault === 'revoked') return error(response, 401, 'revoked', 'This till was revoked at HQ.');
      for (const item of push.items) if (!held.has(item.seq)) held.set(item.seq, item);
      if (fault === 'lose_answer') {
        request.socket.destroy();
        return;
      }
      return send(response, 200, { ackedThrough: Math.max(0, ...held.keys()) });
    }
    if (route === 'GET /api/relay') {
      if (!authorised(request, response)) return;
      const waitMs = Number(url.searchParams.get('wait') ?? '0') * 1000;
      if (webhooks.length === 0 && waitMs > 0) {
        // Held until a webhook comes, the wait is over, or the till hangs up.
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            polls.delete(done);
            resolve();
          };
          const timer = setTimeout(done, waitMs);
          polls.add(done);
          request.once('close', done);
        });
      }
      if (response.destroyed) return;
      return send(response, 200, { webhooks: webhooks.slice(0, 100) });
    }
    if (route === 'POST /api/relay/ack') {
      if (!authorised(request, response)) return;
      const ack = RelayAckSchema.parse(await body(request));
      double.onAck?.(ack.ids);
      if (dropAcks > 0) {
        dropAcks -= 1;
        request.socket.destroy();
        return;
      }
      let acknowledged = 0;
      for (const id of ack.ids) {
        const index = webhooks.findIndex((webhook) => webhook.id === id);
        if (index >= 0) {
          webhooks.splice(index, 1);
          acked.push(id);
          acknowledged += 1;
        }
      }
      return send(response, 200, { acknowledged });
    }
    return error(response, 404, 'bad_request', `No ${route} here.`);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((failure: unknown) => {
      if (!response.headersSent) error(response, 500, 'unavailable', String(failure));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(double, {
    url: `http://127.0.0.1:${String(port)}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const wake of polls) wake();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
