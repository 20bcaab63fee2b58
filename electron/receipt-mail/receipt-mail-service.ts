import type { ReceiptEmailConfig } from '../../shared/config/schema.ts';
import { EmailAddressSchema, type ReceiptMailView } from '../../shared/receipt-mail/receipt-mail.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logging/logger.ts';
import type { ReceiptContext } from '../printing/receipt-document.ts';
import type { Receipts } from '../printing/receipts.ts';
import { TillError } from '../till-error.ts';
import type { MailOutbox, ReceiptMail } from './mail-outbox.ts';
import { MailSendError, type MailTransport } from './mail-transport.ts';
import type { MailWords } from './mail-words.ts';
import { receiptEmail } from './receipt-email.ts';

/**
 * Receipts by e-mail. A request is written to the outbox before the mail
 * server is tried (persist before sending), then sent with the receipt
 * rebuilt from the sale's record. A server that is down leaves it `failed`
 * with the reason in the cashier's words; it is tried again when the cashier
 * sends it again, and when the till starts. Once sent, the address is erased
 * unless the store keeps addresses. A refusal of the address itself, or too
 * many tries, ends the tries: the address is erased then too.
 */

export interface ReceiptMailService {
  /** Writes the request, then tries to send it; answers how that went. Sending again retries an unsent one. */
  send(receiptNumber: string, address: string): Promise<ReceiptMailView>;
  /** Tries every request not sent yet, oldest first (at start). */
  retryUnsent(): Promise<void>;
  /** Resolves once no send is under way: for tests and close. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface ReceiptMailOptions {
  config: ReceiptEmailConfig;
  outbox: MailOutbox;
  receipts: Pick<Receipts, 'recorded'>;
  context: ReceiptContext;
  charactersPerLine: number;
  transport: MailTransport;
  logger: Logger;
  clock: Clock;
  /** How many tries before the till stops trying one request. */
  maxTries?: number;
  /** What the cashier reads when a receipt could not go, in the till's language; kept with the request. */
  words: MailWords;
}

export const MAX_MAIL_TRIES = 5;

export function view(mail: ReceiptMail): ReceiptMailView {
  return {
    mailId: mail.id,
    receiptNumber: mail.receiptNumber,
    status: mail.status,
    ...(mail.problem === undefined ? {} : { problem: mail.problem }),
  };
}

export function createReceiptMailService(options: ReceiptMailOptions): ReceiptMailService {
  const { config, outbox, receipts, context, transport, logger, clock, words } = options;
  const maxTries = options.maxTries ?? MAX_MAIL_TRIES;
  /** One try at a time per request: a second Send while the first is out waits for its answer. */
  const inFlight = new Map<number, Promise<ReceiptMail>>();
  let closed = false;

  const attempt = async (id: number): Promise<ReceiptMail> => {
    const current = outbox.mail(id);
    if (current === undefined) throw new Error(`No receipt mail ${String(id)} in the journal.`);
    if (current.status === 'sent' || current.address === undefined) return current;
    const trying = outbox.markTrying(id);
    const address = current.address;
    try {
      const mail = receiptEmail(receipts.recorded(trying.receiptNumber), context, {
        from: config.from,
        to: address,
        subject: config.subject,
        charactersPerLine: options.charactersPerLine,
      });
      await transport.send(mail);
      const sent = outbox.markSent(id, clock.now().toISOString(), config.keepAddress);
      logger.info('receipt_mail.sent', { mailId: id, receipt: sent.receiptNumber, tries: sent.tries });
      return sent;
    } catch (error) {
      const failure = error instanceof MailSendError ? error : undefined;
      const kind = failure?.kind ?? 'other';
      const reason = words[kind];
      // The address is the customer's: the log names the request, never the address.
      logger.warn('receipt_mail.failed', {
        mailId: id,
        receipt: trying.receiptNumber,
        tries: trying.tries,
        kind,
        ...(failure === undefined ? { error } : { detail: failure.detail }),
      });
      if (kind === 'refused') return outbox.giveUp(id, reason, config.keepAddress);
      if (trying.tries >= maxTries) return outbox.giveUp(id, words.gaveUp(trying.tries), config.keepAddress);
      return outbox.markFailed(id, reason);
    }
  };

  const once = (id: number): Promise<ReceiptMail> => {
    const running = inFlight.get(id);
    if (running !== undefined) return running;
    const started = attempt(id).finally(() => inFlight.delete(id));
    inFlight.set(id, started);
    return started;
  };

  return {
    async send(receiptNumber, typed) {
      if (closed) throw new TillError('UNAVAILABLE', words.notSetUp);
      const address = EmailAddressSchema.safeParse(typed);
      if (!address.success) throw new TillError('BAD_REQUEST', words.badAddress);
      // NOT_FOUND in the cashier's words for a receipt this till never issued.
      receipts.recorded(receiptNumber);
      const waiting = outbox.unsentTo(receiptNumber, address.data);
      const request = waiting ?? outbox.enqueue(receiptNumber, address.data, clock.now().toISOString());
      logger.info('receipt_mail.requested', {
        mailId: request.id,
        receipt: receiptNumber,
        again: waiting !== undefined,
      });
      return view(await once(request.id));
    },

    async retryUnsent() {
      for (const mail of outbox.unsent()) {
        if (closed) return;
        if (mail.tries >= maxTries) continue;
        await once(mail.id);
      }
    },

    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight.values()]);
    },

    async close() {
      closed = true;
      await this.settled();
      transport.close();
    },
  };
}
