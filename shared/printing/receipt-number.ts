/**
 * Receipt numbers as people type them. A sale's receipt is `<till>-000042`,
 * a refund's `<till>-R000001` (six digits at least, more once a till passes
 * a million). At the till a cashier types what they can read or what the
 * customer says: `42`, `000042`, `R1`, `till-1-000042`. This module turns
 * that into the one number the till wrote, or says it cannot be one.
 * A number without a till in front means this till's receipt.
 */

/** What a receipt number may look like when typed: letters, digits and dashes, up to 40 characters. */
export const TYPED_RECEIPT_NUMBER = /^[A-Za-z0-9-]{1,40}$/;

const DIGITS = 6;

export interface ReceiptNumberParts {
  kind: 'sale' | 'refund';
  /** The number the till wrote on the receipt, as it wrote it. */
  receiptNumber: string;
}

/**
 * The receipt number `typed` names on till `tillId`, in the form the till
 * wrote it; undefined when it cannot be a receipt number at all. Case does
 * not matter; leading zeros may be left off; a short number is this till's.
 * A number with another till in front keeps that till (it will not be
 * found here, and the refusal says so).
 */
export function receiptNumberFrom(typed: string, tillId: string): ReceiptNumberParts | undefined {
  const text = typed.trim();
  if (!TYPED_RECEIPT_NUMBER.test(text)) return undefined;
  const match = /^(?:(.+)-)?(R?)(\d+)$/i.exec(text);
  if (match === null) return undefined;
  const [, prefix, refund = '', digits = ''] = match;
  const sequence = digits.replace(/^0+(?=\d)/, '');
  if (sequence === '0') return undefined;
  const till = prefix === undefined || prefix.toUpperCase() === tillId.toUpperCase() ? tillId : prefix.toUpperCase();
  const kind = refund === '' ? 'sale' : 'refund';
  return {
    kind,
    receiptNumber: `${till}-${kind === 'refund' ? 'R' : ''}${sequence.padStart(DIGITS, '0')}`,
  };
}
