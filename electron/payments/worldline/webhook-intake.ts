import { createSecretKey } from 'node:crypto';
import type { WebhookIntake } from '../webhooks/webhook-listener.ts';
import { describeWebhook } from './replies.ts';
import { WORLDLINE_WEBHOOK_PATH, webhookTokenMatches } from './webhook-token.ts';

/**
 * Worldline's deliveries to the till's listener: `POST …/worldline/result?
 * exchange=…&token=…`, the URL the till put in that request's WebhookUrl.
 * Worldline signs nothing, so the token is the only proof: a post without a
 * valid one is turned away before its body is read or stored. The path may
 * sit under a proxy's prefix, so only its end is matched.
 */
export function worldlineIntake(options: {
  terminalId: string;
  initiatingPartyId: string;
  signingKey: Buffer;
}): WebhookIntake {
  const key = createSecretKey(options.signingKey);
  const identity = { terminalId: options.terminalId, saleSystemId: options.initiatingPartyId };
  const exchangeOf = (url: URL) => url.searchParams.get('exchange') ?? '';
  const tokenOf = (url: URL) => url.searchParams.get('token') ?? '';
  return {
    handles: (url) => url.pathname.endsWith(WORLDLINE_WEBHOOK_PATH),
    authorised(_request, url) {
      const exchange = exchangeOf(url);
      if (!/^[A-Za-z0-9]{1,35}$/.test(exchange)) return false;
      return webhookTokenMatches(key, options.terminalId, exchange, tokenOf(url));
    },
    describe: (body, url) => describeWebhook(body, exchangeOf(url), tokenOf(url), identity),
    // What Worldline's integrators answer (Odoo: an empty JSON object with 200).
    accepted: { contentType: 'application/json', text: '{}' },
  };
}
