import type { WebhookIntake } from '../webhooks/webhook-listener.ts';
import { openOppWebhook } from './webhook-crypto.ts';
import { dedupKey, readOppWebhookEvent } from './webhook-events.ts';

/** Where OPP posts this till's webhooks, under the listener's (or the store proxy's) address. */
export const OPP_WEBHOOK_PATH = '/opp/events';

/**
 * OPP's deliveries to the till's listener. Each body is AES-256-GCM ciphertext
 * under the listener secret; the tag is the proof it came from OPP, so a post
 * without the IV and tag headers is turned away before its body is read, and
 * one that does not open is refused before anything is parsed or stored (and
 * logged without its content). What is stored is the opened event, and two
 * deliveries of one payment's same result are one entry (OPP encrypts each
 * afresh, and may send a status twice). Only then is it acknowledged.
 */
export function oppIntake(options: {
  terminalId: string;
  saleSystemId: string;
  webhookSecret: string;
  deliver: (body: unknown, inboxSeq: number) => void;
}): WebhookIntake {
  const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return {
    handles: (url) => url.pathname.endsWith(OPP_WEBHOOK_PATH),
    authorised: (request) =>
      request.headers['x-initialization-vector'] !== undefined && request.headers['x-authentication-tag'] !== undefined,
    authentic(request, raw) {
      const opened = openOppWebhook({
        secretHex: options.webhookSecret,
        ivHex: header(request.headers['x-initialization-vector']) ?? '',
        tagHex: header(request.headers['x-authentication-tag']) ?? '',
        body: raw,
      });
      return opened.ok ? { ok: true, text: opened.plaintext } : { ok: false, why: opened.why };
    },
    describe(body) {
      const reading = readOppWebhookEvent(JSON.stringify(body));
      if (!reading.ok) return undefined;
      const event = reading.event;
      const ids = { terminalId: options.terminalId, saleSystemId: options.saleSystemId };
      if (event.type !== 'PAYMENT') return { kind: event.sentType, ...ids, serviceId: undefined };
      return {
        kind: event.type,
        ...ids,
        serviceId: event.payload.merchantTransactionId,
        sameAs: `opp ${options.terminalId} ${dedupKey(event)}`,
      };
    },
    deliver: options.deliver,
    accepted: { contentType: 'text/plain; charset=utf-8', text: 'OK' },
  };
}
