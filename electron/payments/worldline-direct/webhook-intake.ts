import type { WebhookIntake } from '../webhooks/webhook-listener.ts';
import { readWebhookEvent } from './webhook-events.ts';
import { verifyWebhookSignature, type WebhookSecrets } from './webhook-signature.ts';

/** Where Worldline Direct posts this till's webhooks, under the listener's (or the proxy's) address. */
export const DIRECT_WEBHOOK_PATH = '/worldline-direct/events';

/**
 * Worldline Direct's deliveries to the till's listener. Direct signs each body
 * (X-GCS-Signature, HMAC-SHA256 of the raw bytes with the webhook secret named
 * by X-GCS-KeyId): a post without both headers is turned away before its body
 * is read, and one whose signature does not match the bytes before anything is
 * parsed or stored. What is stored is the event as sent; only then is it
 * acknowledged. `deliver` hands it to the gateway's own payment service.
 */
export function directIntake(options: {
  terminalId: string;
  saleSystemId: string;
  secrets: WebhookSecrets;
  deliver: (body: unknown, inboxSeq: number) => void;
}): WebhookIntake {
  return {
    handles: (url) => url.pathname.endsWith(DIRECT_WEBHOOK_PATH),
    authorised: (request) =>
      request.headers['x-gcs-signature'] !== undefined && request.headers['x-gcs-keyid'] !== undefined,
    authentic(request, raw) {
      const verified = verifyWebhookSignature(raw, request.headersDistinct, options.secrets);
      // The refusal's message names headers and key ids, never a secret or the signature itself.
      return verified.kind === 'verified' ? { ok: true } : { ok: false, why: verified.reason };
    },
    describe(body) {
      const reading = readWebhookEvent(JSON.stringify(body));
      if (reading.kind === 'refused') return undefined;
      const event = reading.event;
      const merchantReference =
        event.kind === 'payment' || event.kind === 'paymentLink' || event.kind === 'refund'
          ? event.merchantReference
          : undefined;
      return {
        kind: event.type,
        terminalId: options.terminalId,
        saleSystemId: options.saleSystemId,
        serviceId: merchantReference,
      };
    },
    deliver: options.deliver,
    accepted: { contentType: 'text/plain; charset=utf-8', text: 'OK' },
  };
}
