import { randomBytes, randomInt } from 'node:crypto';

/**
 * Identifiers shaped like Adyen's: a 16-digit PSP reference, and a tender
 * reference (4 letters or digits, "00", then the epoch milliseconds) that is
 * the terminal's own name for a transaction. `POITransactionID.TransactionID`
 * is the tender reference, plus "." and the PSP reference once the acquirer
 * has seen the transaction.
 */

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function createReferences(now: () => Date) {
  let counter = randomInt(0, 1_000_000);
  return {
    pspReference(): string {
      counter = (counter + 1) % 1_000_000;
      return `88${String(now().getTime() % 100_000_000).padStart(8, '0')}${String(counter).padStart(6, '0')}`;
    },
    tenderReference(): string {
      const prefix = Array.from(randomBytes(4), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
      return `${prefix}00${now().getTime()}`;
    },
    approvalCode(): string {
      return String(randomInt(0, 1_000_000)).padStart(6, '0');
    },
  };
}
export type References = ReturnType<typeof createReferences>;
