import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeEnvelope } from '../../payments/adyen/replies.ts';
import { ACCEPTED } from '../../payments/adyen/webhook-intake.ts';
import type { HqContext } from './hq-context.ts';
import { BodyTooLarge, parseJson, readBody, sendText } from './http-io.ts';
import { sha256Hex } from './secret-hashes.ts';

export const ADYEN_WEBHOOK_PREFIX = '/webhooks/adyen';
/** The contract's limit on a relayed body; a Terminal API event is a few KiB. */
const MAX_WEBHOOK_BYTES = 256 * 1024;

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Basic auth against the configured pair, compared as digests so the time taken tells nothing. */
function authorised(request: IncomingMessage, username: string, password: string): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(request.headers.authorization ?? '');
  const given = match === null ? '' : Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  return timingSafeEqual(digest(given), digest(`${username}:${password}`));
}

/** The path below `/webhooks/adyen` as Adyen posted it (query included), `/` for the event URL itself. */
function pathBelowPrefix(rawUrl: string): string {
  const below = rawUrl.slice(ADYEN_WEBHOOK_PREFIX.length);
  return below === '' || below.startsWith('?') ? `/${below}` : below;
}

/**
 * POST /webhooks/adyen[/…]: Adyen's Terminal API event URL for tills that
 * cannot be reached. The sender is checked before the body is read; the body
 * is stored, for the till whose status names its POIID or for nobody (then
 * a manager sees it on the page), before Adyen hears `[accepted]`. A store
 * failure answers 500, so Adyen delivers it again. Bodies are never logged.
 */
export async function adyenWebhookRoute(
  request: IncomingMessage,
  response: ServerResponse,
  context: HqContext,
): Promise<void> {
  const credentials = context.config.webhooks.adyen;
  if (credentials === undefined) {
    sendText(response, 404, 'HQ takes no Adyen webhooks (webhooks.adyen is not configured).');
    return;
  }
  if (!authorised(request, credentials.username, credentials.password)) {
    context.logger.warn('hq.webhook_unauthorised', { provider: 'adyen', remote: request.socket.remoteAddress });
    sendText(response, 401, 'Unauthorised.', { 'www-authenticate': 'Basic realm="kassa-hq"' });
    return;
  }
  let raw: Buffer;
  try {
    raw = await readBody(request, MAX_WEBHOOK_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    sendText(response, 413, 'Too large.', { connection: 'close' });
    return;
  }
  const body = raw.toString('utf8');
  const described = describeEnvelope(parseJson(raw));
  if (described === undefined) {
    context.logger.warn('hq.webhook_not_terminal_api', { provider: 'adyen', bytes: raw.length });
    sendText(response, 400, 'Not a Terminal API message.');
    return;
  }
  const poiId = described.terminalId;
  let tillKey: string | undefined;
  let stored: { id: number; stored: boolean };
  try {
    tillKey = poiId === undefined ? undefined : await context.store.tillForPoi(poiId);
    stored = await context.store.storeWebhook({
      provider: 'adyen',
      receivedAt: context.clock.now().toISOString(),
      path: pathBelowPrefix(request.url ?? ADYEN_WEBHOOK_PREFIX),
      body,
      tillKey,
      poiId,
      dedupeKey: sha256Hex(body),
    });
  } catch (error) {
    // Not stored, so not accepted: Adyen delivers it again.
    context.logger.error('hq.webhook_store_failed', { provider: 'adyen', poiId, error });
    sendText(response, 500, 'Could not store the notification; send it again.');
    return;
  }
  sendText(response, 200, ACCEPTED);
  context.logger.info(tillKey === undefined ? 'hq.webhook_unrouted' : 'hq.webhook_stored', {
    provider: 'adyen',
    id: stored.id,
    duplicate: !stored.stored,
    kind: described.kind,
    poiId,
    tillKey,
  });
  if (tillKey !== undefined && stored.stored) context.wakeups.wake(tillKey);
}
