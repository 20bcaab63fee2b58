import type { IncomingMessage, ServerResponse } from 'node:http';
import { PushRequestSchema, type PushResponse } from '../../../shared/hq/hq-contract.ts';
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
 * so a batch sent twice is written once and acknowledged again.
 */
export async function syncRoute(request: IncomingMessage, response: ServerResponse, context: HqContext): Promise<void> {
  const till = await authenticateTill(request, response, context);
  if (till === undefined) return;
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
