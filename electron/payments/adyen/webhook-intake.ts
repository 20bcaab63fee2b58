import { createHash, timingSafeEqual } from 'node:crypto';
import type { WebhookIntake } from '../webhooks/webhook-listener.ts';
import { describeEnvelope } from './replies.ts';

/** What Adyen expects back from an event URL. */
export const ACCEPTED = '[accepted]';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Adyen's event URL: basic auth, Terminal API envelopes, `[accepted]`. */
export function adyenIntake(username: string, password: string): WebhookIntake {
  // Compared as digests so the comparison takes the same time whatever was sent.
  const expected = digest(`${username}:${password}`);
  return {
    handles: () => true,
    authorised(request) {
      const header = request.headers.authorization ?? '';
      const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
      const given = digest(match === null ? '' : Buffer.from(match[1] ?? '', 'base64').toString('utf8'));
      return timingSafeEqual(given, expected);
    },
    describe: (body) => describeEnvelope(body),
    accepted: { contentType: 'text/plain; charset=utf-8', text: ACCEPTED },
  };
}

/**
 * Adyen's notifications as HQ relays them to a till behind a router: read and kept as the event URL's
 * are, but never posted to the till directly, so its sender check refuses everyone. The relay's
 * pipeline (`sender: 'hq'`) does not ask it: HQ checked Adyen's basic auth when it took the webhook,
 * and the till knows HQ by its own TLS connection and bearer token.
 */
export function adyenRelayIntake(): WebhookIntake {
  return {
    handles: () => true,
    authorised: () => false,
    describe: (body) => describeEnvelope(body),
    accepted: { contentType: 'text/plain; charset=utf-8', text: ACCEPTED },
  };
}
