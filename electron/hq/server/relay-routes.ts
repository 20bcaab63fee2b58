import type { IncomingMessage, ServerResponse } from 'node:http';
import { RelayAckSchema, type RelayedWebhook, type RelayPollResponse } from '../../../shared/hq/hq-contract.ts';
import type { TillIdentity } from '../hq-store.ts';
import type { HqContext } from './hq-context.ts';
import { sendHqError, sendJson } from './http-io.ts';
import { readJsonRequest } from './json-request.ts';
import { authenticateTill } from './till-auth.ts';

/** The longest a till may ask HQ to hold a poll: under common proxies' 60-second idle limits. */
export const MAX_RELAY_WAIT_SECONDS = 30;
/** Per answer; the contract's limit. The rest comes with the next poll. */
const RELAY_BATCH = 100;
const MAX_ACK_BYTES = 16 * 1024;

/**
 * GET /api/relay?wait=N: the webhooks HQ keeps for this till, at once when
 * there are any; otherwise the request is held until one arrives or N seconds
 * pass, then answered empty. A webhook this instance takes wakes the poll at
 * once; one taken by another instance is found by a slow look at the
 * database while holding. A till that hangs up ends the hold.
 */
export async function relayPollRoute(
  request: IncomingMessage,
  response: ServerResponse,
  context: HqContext,
  url: URL,
): Promise<void> {
  const till = await authenticateTill(request, response, context);
  if (till === undefined) return;
  const waitText = url.searchParams.get('wait') ?? '0';
  const waitSeconds = /^\d{1,2}$/.test(waitText) ? Number(waitText) : Number.NaN;
  if (!(waitSeconds <= MAX_RELAY_WAIT_SECONDS)) {
    sendHqError(
      response,
      400,
      'bad_request',
      `wait must be a whole number of seconds from 0 to ${MAX_RELAY_WAIT_SECONDS}.`,
    );
    return;
  }
  const webhooks = await holdForWebhooks(till, waitSeconds * 1000, response, context);
  if (webhooks === undefined) return;
  if (webhooks.length > 0) context.logger.info('hq.relayed', { tillKey: till.tillKey, count: webhooks.length });
  sendJson(response, 200, { webhooks } satisfies RelayPollResponse);
}

/** The till's waiting webhooks once there are some or the wait is over; undefined when the till hung up. */
async function holdForWebhooks(
  till: TillIdentity,
  waitMs: number,
  response: ServerResponse,
  context: HqContext,
): Promise<RelayedWebhook[] | undefined> {
  const hold = new AbortController();
  let hungUp = false;
  let woken = false;
  let resume: (() => void) | undefined;
  // Read through functions: the flags change in callbacks while this function awaits.
  const tillHungUp = () => hungUp;
  const takeWakeUp = () => {
    const was = woken;
    woken = false;
    return was;
  };
  const stopHolding = () => {
    hold.abort();
    resume?.();
  };
  const onClose = () => {
    hungUp = !response.writableFinished;
    stopHolding();
  };
  response.on('close', onClose);
  context.closing.addEventListener('abort', stopHolding);
  let cancelDeadline = (): void => undefined;
  if (waitMs === 0) hold.abort();
  else cancelDeadline = context.timers.after(waitMs, stopHolding);
  // Subscribed before the first look, so a webhook stored during that look still wakes the hold.
  const unsubscribe = context.wakeups.subscribe(till.tillKey, () => {
    woken = true;
    resume?.();
  });
  try {
    for (;;) {
      // A wake-up from before this look is answered by it.
      takeWakeUp();
      const webhooks = await context.store.pendingWebhooks(till.tillKey, RELAY_BATCH);
      if (tillHungUp()) return undefined;
      if (webhooks.length > 0 || hold.signal.aborted) return webhooks;
      if (takeWakeUp()) continue;
      await new Promise<void>((resolve) => {
        const cancelSlowPoll = context.timers.after(context.relaySlowPollMs, () => resume?.());
        resume = () => {
          resume = undefined;
          cancelSlowPoll();
          resolve();
        };
      });
      if (tillHungUp()) return undefined;
    }
  } finally {
    unsubscribe();
    cancelDeadline();
    context.closing.removeEventListener('abort', stopHolding);
    response.off('close', onClose);
  }
}

/** POST /api/relay/ack: the till has written these webhooks to its own inbox; HQ stops offering them. */
export async function relayAckRoute(
  request: IncomingMessage,
  response: ServerResponse,
  context: HqContext,
): Promise<void> {
  const till = await authenticateTill(request, response, context);
  if (till === undefined) return;
  const ack = await readJsonRequest(request, response, RelayAckSchema, MAX_ACK_BYTES);
  if (ack === undefined) return;
  const acknowledged = await context.store.ackWebhooks(till.tillKey, ack.ids, context.clock.now().toISOString());
  context.logger.info('hq.relay_acknowledged', { tillKey: till.tillKey, acknowledged });
  sendJson(response, 200, { acknowledged });
}
