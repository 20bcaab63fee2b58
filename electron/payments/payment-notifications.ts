import { isFinalPaymentState } from '../../shared/payments/payment-state.ts';
import { canDecide, standingOf } from '../../shared/payments/payment-decisions.ts';
import type { PaymentContext } from './payment-context.ts';
import type { PaymentRuns } from './payment-run.ts';
import type { NotificationHandling } from './payment-service.ts';
import type { NotificationIds, PaymentRequestIds } from './terminal-provider.ts';

/**
 * What the terminal posts to the webhook, already kept in the book's inbox:
 * matched to its attempt by the request's own identifiers (never applied to a
 * sale it does not name), verified before it is believed, and applied through
 * the same decisions as a reply. A result that cannot be applied as it is
 * makes the till ask instead; nothing is dropped.
 */

export interface NotificationIntake {
  readonly handleNotification: (body: unknown, inboxSeq: number) => NotificationHandling;
}

export function createNotificationIntake(context: PaymentContext, runs: PaymentRuns): NotificationIntake {
  const { book, provider, logger, current, open, requestIds, learn, publish } = context;

  function requestOf(ids: NotificationIds): PaymentRequestIds | undefined {
    if (ids.terminalId === undefined || ids.saleSystemId === undefined || ids.serviceId === undefined) return undefined;
    const record = book.attemptByRequest(ids.terminalId, ids.saleSystemId, ids.serviceId);
    return record === undefined ? undefined : requestIds(record);
  }

  function handleNotification(body: unknown, inboxSeq: number): NotificationHandling {
    const notification = provider.readNotification(body, requestOf);
    const mark = (handling: NotificationHandling, attemptId?: string): NotificationHandling => {
      book.markInbox(inboxSeq, handling, attemptId);
      return handling;
    };
    if (notification === undefined) return mark('unreadable');
    const request = requestOf(notification.ids);
    const record =
      request === undefined
        ? undefined
        : book.attemptByRequest(request.terminalId, request.saleSystemId, request.serviceId);
    if (notification.kind === 'event') {
      logger.info('payments.terminal_event', { event: notification.event, terminal: notification.ids.terminalId });
      return mark('ignored', record?.id);
    }
    if (record === undefined) {
      if (notification.kind === 'result') {
        // Kept in the inbox for a manager; never applied to a sale it does not name.
        logger.error('payments.unmatched_result', { ...notification.ids });
        return mark('unmatched');
      }
      return mark('ignored');
    }
    switch (notification.kind) {
      case 'display': {
        // A step on the terminal's display: it has the payment. Nothing to learn for one not sent yet.
        if (canDecide(standingOf(record), 'running')) learn(record.id, 'running');
        const link = current(record.id).link;
        if (notification.stage !== undefined && link !== undefined && open(record.id)) {
          context.keepLink(record.id, { ...link, stage: notification.stage });
        }
        if (open(record.id)) publish(current(record.id), notification.terminalMessage);
        return mark('progress', record.id);
      }
      case 'rejected': {
        return runs.wakeToCheck(record.id, `Rejected: ${notification.reason}`)
          ? mark('checking', record.id)
          : mark('ignored', record.id);
      }
      case 'result': {
        if (
          notification.signature === undefined ||
          !provider.verifySignature(requestIds(record), notification.signature)
        ) {
          // Anyone can post to a public webhook; only the terminal's status is trusted now.
          logger.warn('payments.unauthentic_result', { attemptId: record.id });
          if (!runs.wakeToCheck(record.id, 'A result arrived that the till could not verify')) {
            runs.askInBackground(record.id, 'unverified result');
          }
          return mark('unauthentic', record.id);
        }
        if (notification.outcome === 'timeout' || notification.outcome === 'unreadable') {
          const why = notification.outcome === 'timeout' ? 'Communication timeout' : 'Unreadable result';
          if (!runs.wakeToCheck(record.id, why)) runs.askInBackground(record.id, notification.outcome);
          return mark('checking', record.id);
        }
        const before = record.state;
        const after = runs.settle(record.id, notification.outcome, 'notification');
        const conflict = after.state === 'needs_attention' && before !== 'needs_attention';
        const same = after.updatedAt === record.updatedAt && isFinalPaymentState(before);
        return mark(conflict ? 'conflict' : same ? 'duplicate' : 'applied', record.id);
      }
    }
  }

  return { handleNotification };
}
