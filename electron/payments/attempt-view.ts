import { CASHIER_WORDS, type PaymentAttemptView } from '../../shared/payments/payment-state.ts';
import type { AttemptRecord } from './payment-book.ts';
import type { ProviderLink } from './terminal-provider.ts';
import { isOnlineGateway } from '../../shared/config/online-schema.ts';
import type { Retell } from './recorded-words.ts';

/**
 * A payment book record as the renderer and the command line see it: no
 * ServiceIDs, no raw messages. With `resultDeadlineMs` (the service's own
 * deadline), the view says until when the till waits for the result.
 * `retell` puts the recorded reason in the till's language; as recorded when absent.
 */
export function attemptView(record: AttemptRecord, resultDeadlineMs?: number, retell?: Retell): PaymentAttemptView {
  return {
    attemptId: record.id,
    kind: record.kind,
    saleId: record.saleId,
    tenderId: record.tenderId,
    terminalId: record.terminalId,
    amountMinor: record.amountMinor,
    currency: record.currency,
    state: record.state,
    ...(record.authorisedMinor === undefined ? {} : { authorisedMinor: record.authorisedMinor }),
    ...(record.terminalReference === undefined ? {} : { terminalReference: record.terminalReference }),
    ...(record.reason === undefined ? {} : { reason: retell === undefined ? record.reason : retell(record.reason) }),
    ...(record.attention === undefined ? {} : { attention: record.attention }),
    ...(record.card === undefined ? {} : { card: record.card }),
    cashierMessage: CASHIER_WORDS[record.state],
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    ...(resultDeadlineMs === undefined
      ? {}
      : { resultDeadlineAt: new Date(Date.parse(record.createdAt) + resultDeadlineMs).toISOString() }),
    ...(record.link === undefined ? {} : { link: screenLink(record.link) }),
    ...(isOnlineGateway(record.provider) ? { tender: 'link' as const } : {}),
  };
}

/** A link as the screen sees it: the gateway's id for it stays in main. */
export function screenLink(link: ProviderLink): PaymentAttemptView['link'] & object {
  return { url: link.url, expiresAt: link.expiresAt, ...(link.stage === undefined ? {} : { stage: link.stage }) };
}
