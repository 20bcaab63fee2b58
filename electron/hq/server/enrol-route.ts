import type { IncomingMessage, ServerResponse } from 'node:http';
import { EnrolRequestSchema, type EnrolResponse, type HqError } from '../../../shared/hq/hq-contract.ts';
import type { RedeemOutcome } from '../hq-store.ts';
import type { HqContext } from './hq-context.ts';
import { sendHqError, sendJson } from './http-io.ts';
import { readJsonRequest } from './json-request.ts';
import { newTillToken, sha256Hex } from './secret-hashes.ts';

const MAX_ENROL_BYTES = 4 * 1024;

type Refusal = Exclude<RedeemOutcome['kind'], 'enrolled'>;

const REFUSALS: Readonly<Record<Refusal, { status: number; error: HqError['error']; message: string }>> = {
  code_unknown: {
    status: 400,
    error: 'code_unknown',
    message: 'HQ does not know this code. Check it, or make a new one with `kassa hq code`.',
  },
  code_used: {
    status: 410,
    error: 'code_used',
    message: 'This code has already enrolled a till; each code works once. Make a new one with `kassa hq code`.',
  },
  code_expired: {
    status: 410,
    error: 'code_expired',
    message: 'This code has expired. Make a new one with `kassa hq code`.',
  },
  till_taken: {
    status: 409,
    error: 'till_taken',
    message:
      'A till with this id is already enrolled in this shop. Give this till another id, or revoke the old one first.',
  },
};

/**
 * POST /api/enrol: a till spends a one-time code and gets its key and bearer
 * token. The token is made here, answered once and kept only as a hash.
 */
export async function enrolRoute(
  request: IncomingMessage,
  response: ServerResponse,
  context: HqContext,
): Promise<void> {
  const enrol = await readJsonRequest(request, response, EnrolRequestSchema, MAX_ENROL_BYTES);
  if (enrol === undefined) return;
  const token = newTillToken();
  let outcome: RedeemOutcome;
  try {
    outcome = await context.store.redeemEnrolmentCode({
      codeHash: sha256Hex(enrol.code),
      tillId: enrol.tillId,
      tillName: enrol.tillName,
      tokenHash: sha256Hex(token),
      now: context.clock.now().toISOString(),
    });
  } catch (error) {
    context.logger.error('hq.enrol_failed', { error });
    sendHqError(response, 503, 'unavailable', 'HQ cannot reach its database. Try again in a minute.');
    return;
  }
  if (outcome.kind !== 'enrolled') {
    const refusal = REFUSALS[outcome.kind];
    context.logger.warn('hq.enrol_refused', { why: outcome.kind, tillId: enrol.tillId });
    sendHqError(response, refusal.status, refusal.error, refusal.message);
    return;
  }
  context.logger.info('hq.till_enrolled', { tillKey: outcome.tillKey, appVersion: enrol.appVersion });
  sendJson(response, 200, {
    tillKey: outcome.tillKey,
    shopId: outcome.shopId,
    shopName: outcome.shopName,
    token,
  } satisfies EnrolResponse);
}
