import { createSecretKey } from 'node:crypto';
import { worldlinePaymentsPath } from '../../../shared/payments/worldline/nexo.ts';
import type { Logger } from '../../logging/logger.ts';
import type { SendResult, StatusResult, TerminalProvider } from '../terminal-provider.ts';
import { createCloudClient, type CloudReply, type RetryPolicy } from './cloud-client.ts';
import { moneyRequest, newExchangeId, statusRequest, type Sender } from './messages.ts';
import { readMoneyReply, readStatusReply, readWebhook } from './replies.ts';
import { webhookToken, webhookTokenMatches, webhookUrl } from './webhook-token.ts';
import type { WorldlineTerminalConnection } from './worldline-connection.ts';
import { systemClock, type Clock } from '../../clock.ts';

/**
 * Worldline's cloud Terminal API as a `TerminalProvider`. Asynchronous
 * requests go to `…/payments` and their result comes to the WebhookUrl made
 * for that one request; synchronous ones to `…/payments/sync`, which holds
 * the request until the result. Status questions always go to
 * `…/payments/sync` (assumed: see docs/WORLDLINE.md).
 *
 * An answer that could mean "maybe" is never read as "no": a transport
 * failure, a 5xx after the cloud may have passed a payment on, an empty or
 * unreadable body are all `unknown`, and the service asks about the same
 * exchange. Only what the cloud turned away before processing is re-sent.
 */

/** How long a held /payments/sync may stay open beyond the result deadline before the transport gives up. */
const SYNC_HTTP_MARGIN_MS = 30_000;
/** The asynchronous endpoint answers 202 at once. */
const ASYNC_HTTP_TIMEOUT_MS = 10_000;
const STATUS_HTTP_TIMEOUT_MS = 60_000;

export function createWorldlineTerminal(options: {
  connection: WorldlineTerminalConnection;
  delivery: 'sync' | 'async';
  resultTimeoutMs: number;
  signingKey: Buffer;
  logger: Logger;
  clock?: Clock;
  retry?: RetryPolicy;
}): TerminalProvider {
  const { connection, delivery, resultTimeoutMs, logger } = options;
  const key = createSecretKey(options.signingKey);
  const clock = options.clock ?? systemClock;
  const sender: Sender = { terminalId: connection.terminalId, initiatingPartyId: connection.initiatingPartyId };
  const retry = options.retry ?? connection.retry;
  const cloud = createCloudClient({
    baseUrl: connection.baseUrl,
    apiKey: connection.apiKey,
    logger,
    ...(retry === undefined ? {} : { retry }),
  });
  const path = (channel: 'sync' | 'async') =>
    worldlinePaymentsPath(connection.merchantId, connection.terminalId, channel);

  /**
   * What a money request's answer that is not a 2xx means, and what it says
   * about the terminal's reachability. Only what certainly started nothing
   * fails the attempt; everything else is unknown and the service asks.
   */
  function notOk(reply: CloudReply): SendResult {
    switch (reply.kind) {
      case 'failed':
        // The till's own deadline stopping the wait says nothing about the network.
        if (reply.reason !== 'stopped waiting') connection.readings.report('unreachable');
        return { kind: 'unknown', reason: reply.reason };
      case 'turned_away':
        // Rate-limited every time: nothing was taken, nothing can have started.
        return { kind: 'refused', reason: `Worldline is busy (${reply.reason}); nothing was charged` };
      case 'redirect_refused':
        return {
          kind: 'refused',
          reason: `Worldline redirected the till to ${reply.location}, which is not Worldline; IT must check payment.worldline.baseUrl`,
        };
      case 'reply':
        break;
    }
    const { status, text, resent } = reply;
    // After a re-send, an error may be about the copy that went first: only asking can tell.
    if (resent) return { kind: 'unknown', reason: `HTTP ${status} after sending again` };
    if (status === 401 || status === 403) {
      connection.readings.report('refused');
      return {
        kind: 'refused',
        reason: `Worldline refused the API key (HTTP ${status}); IT must check payment.worldline.apiKey`,
      };
    }
    if (status === 404) {
      connection.readings.report('offline');
      // Worldline's word that the terminal is not connected; the terminal's own status confirms it.
      return { kind: 'not_started', reason: 'The card terminal is not connected to Worldline (HTTP 404)' };
    }
    if (status === 400) {
      // Our request is wrong: a bug to report, never something to send again.
      logger.error('worldline.request_rejected', { status, message: messageOf(text) });
      return { kind: 'refused', reason: `Worldline rejected the request as malformed (HTTP 400: ${messageOf(text)})` };
    }
    return { kind: 'unknown', reason: `HTTP ${status}` };
  }

  return {
    name: 'worldline',
    terminalId: connection.terminalId,
    saleSystemId: connection.initiatingPartyId,
    delivery,
    canAbort: false,
    newServiceId: newExchangeId,

    async sendPayment(request, signal): Promise<SendResult> {
      let callback: { webhookUrl: string; retries: number } | undefined;
      if (delivery === 'async') {
        const base = connection.webhookBase;
        if (base === undefined)
          return { kind: 'refused', reason: 'No webhook address is set up for Worldline results' };
        const token = webhookToken(key, connection.terminalId, request.serviceId);
        callback = { webhookUrl: webhookUrl(base, request.serviceId, token), retries: connection.webhookRetries };
      }
      const message = moneyRequest(sender, request, clock.now(), callback);
      const reply = await cloud.post(path(delivery), message, {
        timeoutMs: delivery === 'sync' ? resultTimeoutMs + SYNC_HTTP_MARGIN_MS : ASYNC_HTTP_TIMEOUT_MS,
        signal,
        retryServerErrors: false,
        what: `${request.kind} ${request.serviceId}`,
      });
      if (reply.kind !== 'reply' || reply.status < 200 || reply.status > 299) return notOk(reply);
      connection.readings.report('online');
      if (delivery === 'async') {
        // 202 (or 200) with a request id: taken; the result comes to the webhook.
        return { kind: 'accepted' };
      }
      return readMoneyReply(reply.text, request);
    },

    async askStatus(request, serviceId, signal): Promise<StatusResult> {
      const reply = await cloud.post(path('sync'), statusRequest(sender, request, serviceId, clock.now()), {
        timeoutMs: STATUS_HTTP_TIMEOUT_MS,
        signal,
        retryServerErrors: true,
        what: `status of ${request.serviceId}`,
      });
      if (reply.kind === 'reply' && reply.status >= 200 && reply.status <= 299) {
        connection.readings.report('online');
        return readStatusReply(reply.text, request, serviceId);
      }
      if (reply.kind === 'reply' && reply.status === 400) {
        return { kind: 'refused', reason: 'Worldline would not answer a status question about this payment' };
      }
      const answer = notOk(reply);
      const reason = 'reason' in answer ? answer.reason : 'no answer';
      // A refused key will not get better by asking again; a manager must settle it.
      if (reply.kind === 'reply' && (reply.status === 401 || reply.status === 403)) return { kind: 'refused', reason };
      // An offline terminal, a busy cloud, no answer: nothing about the payment yet. Keep asking.
      return { kind: 'unknown', reason };
    },

    abort() {
      // Worldline's cloud has no way to stop a request from the till (the service refuses before asking).
      return Promise.resolve({ delivered: false, reason: 'not supported by Worldline' });
    },

    readNotification: (body, requestOf) =>
      readWebhook(body, { terminalId: connection.terminalId, saleSystemId: connection.initiatingPartyId }, requestOf),

    verifySignature: (request, signature) => webhookTokenMatches(key, request.terminalId, request.serviceId, signature),
  };
}

/** Worldline's error message, without any address in it: one could be our WebhookUrl, token and all. */
function messageOf(text: string): string {
  let message = text;
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // not JSON: the text itself
  }
  return message
    .replace(/[a-z][a-z0-9+.-]*:\/\/\S*/gi, '<address>')
    .replace(/token=\S*/gi, 'token=<hidden>')
    .slice(0, 160);
}
