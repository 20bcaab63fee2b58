/**
 * The e-mails Worldnet sends the merchant, recorded instead of sent: today
 * only the one saying a transaction expired because its background
 * validation could not be delivered (docs/WORLDNET.md). A test or a demo
 * reads them from `GET /_simulator/emails`.
 */

/** Where the simulated terminal's notices go; `.invalid` so nothing could ever deliver it. */
export const MERCHANT_EMAIL = 'merchant@worldnet-simulator.invalid';

export interface MerchantEmail {
  to: string;
  /** Simulated time it was written. */
  at: string;
  subject: string;
  text: string;
  orderId: string;
  uniqueReference: string;
}

export interface Mailbox {
  record(email: Omit<MerchantEmail, 'to'>): MerchantEmail;
  readonly records: readonly MerchantEmail[];
  reset(): void;
}

export function createMailbox(): Mailbox {
  let records: MerchantEmail[] = [];
  return {
    record(email) {
      const made = { to: MERCHANT_EMAIL, ...email };
      records.push(made);
      return made;
    },
    get records() {
      return records;
    },
    reset() {
      records = [];
    },
  };
}
