import type { IncomingMessage, ServerResponse } from 'node:http';
import { PushRequestSchema, type PushResponse } from '../../../shared/hq/hq-contract.ts';
import type { TillIdentity } from '../hq-store.ts';
import { HqBadPushError } from '../push-rows.ts';
import type { HqContext } from './hq-context.ts';
import { sendHqError, sendJson } from './http-io.ts';
import { readJsonRequest } from './json-request.ts';
import { authenticateTill } from './till-auth.ts';

/** 500 records of a few KiB each, with room to spare; anything larger is not a till's push. */
export const MAX_PUSH_BYTES = 8 * 1024 * 1024;

/**
 * POST /api/sync: a till's batch of outbox records and its status, written in
 * one transaction. The answer is the highest sequence HQ holds for the till,
 * so a batch sent twice is written once and acknowledged again. Only so
 * many pushes are read and written at once (`context.pushGate`): the rest
 * wait their turn with their bodies unread, and past the queue's limit are
 * answered 503 to come back later.
 */
export async function syncRoute(request: IncomingMessage, response: ServerResponse, context: HqContext): Promise<void> {
  // Authenticated first (headers only), so a stranger without a token cannot take a place in the queue.
  const till = await authenticateTill(request, response, context);
  if (till === undefined) return;
  const admission = await context.pushGate.enter(hangUpSignal(response));
  if (!admission.admitted) {
    if (admission.refusal === 'queue_full') {
      context.logger.warn('hq.push_queue_full', { tillKey: till.tillKey, waiting: context.pushGate.waiting });
      // Closed rather than kept alive: otherwise node reads and discards the body this answer refuses.
      response.setHeader('connection', 'close');
      sendHqError(response, 503, 'unavailable', 'HQ is busy with other tills. Send this batch again later.');
    }
    return;
  }
  try {
    await receivePush(request, response, context, till);
  } finally {
    admission.leave();
  }
}

/**
 * Aborts when the client hangs up before it has its answer. Node notices only on a socket it reads, and it
 * stops reading one whose unread body passes what it buffers ahead (some 128 KiB). Such a push keeps its
 * place and is handled at its turn: written if its body arrived whole (harmless, a push is written once
 * however often it comes), refused if not.
 */
function hangUpSignal(response: ServerResponse): AbortSignal {
  // Not answered yet, so closed means the client left while the till was being looked up.
  if (response.closed) return AbortSignal.abort();
  const hungUp = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) hungUp.abort();
  });
  return hungUp.signal;
}

async function receivePush(
  request: IncomingMessage,
  response: ServerResponse,
  context: HqContext,
  till: TillIdentity,
): Promise<void> {
  const push = await readJsonRequest(request, response, PushRequestSchema, MAX_PUSH_BYTES);
  if (push === undefined) return;
  let ackedThrough: number;
  try {
    ackedThrough = await context.store.push(till, push.items, push.status, context.clock.now().toISOString());
  } catch (error) {
    // The store refused the batch itself (a record that is not what its kind says): sending it again will not help.
    if (error instanceof HqBadPushError) {
      context.logger.warn('hq.push_refused', { tillKey: till.tillKey, reason: error.message });
      sendHqError(response, 400, 'bad_request', error.message);
      return;
    }
    context.logger.error('hq.push_failed', { tillKey: till.tillKey, error });
    sendHqError(response, 503, 'unavailable', 'HQ could not store this batch. Send it again later.');
    return;
  }
  context.logger.info('hq.pushed', { tillKey: till.tillKey, items: push.items.length, ackedThrough });
  sendJson(response, 200, { ackedThrough } satisfies PushResponse);
}
