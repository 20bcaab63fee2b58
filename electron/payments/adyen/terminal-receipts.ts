import { z } from 'zod';
import {
  TERMINAL_RECEIPT_LINES_MAX,
  TERMINAL_RECEIPT_TEXT_MAX,
  type TerminalReceipt,
  type TerminalReceiptLine,
} from '../../../shared/payments/terminal-receipt.ts';

/**
 * Reads Adyen's `PaymentReceipt[]` into terminal receipts. Each `OutputText`
 * line is itself form-encoded (`name=Card&value=****1111&key=pan`); the key
 * says what the line is and is not printed. The text goes onto paper through
 * an ESC/POS printer, so control characters are dropped here: a byte such as
 * ESC in a receipt line would otherwise be a printer command.
 */

const OutputTextSchema = z.looseObject({
  Text: z.string(),
  CharacterStyle: z.string().optional(),
});

export const AdyenPaymentReceiptSchema = z.looseObject({
  DocumentQualifier: z.string(),
  RequiredSignatureFlag: z.boolean().optional(),
  OutputContent: z.looseObject({ OutputText: z.array(OutputTextSchema).optional() }),
});

const COPIES: Readonly<Record<string, TerminalReceipt['copy']>> = {
  CashierReceipt: 'merchant',
  CustomerReceipt: 'customer',
};

/* eslint-disable-next-line no-control-regex -- control characters are exactly what must go */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

function printable(text: string | null): string | undefined {
  if (text === null) return undefined;
  const clean = text.replace(CONTROL, ' ').trim().slice(0, TERMINAL_RECEIPT_TEXT_MAX);
  return clean === '' ? undefined : clean;
}

function receiptLine(line: z.infer<typeof OutputTextSchema>): TerminalReceiptLine {
  const fields = new URLSearchParams(line.Text);
  const label = printable(fields.get('name')) ?? '';
  const value = printable(fields.get('value'));
  return {
    label,
    ...(value === undefined ? {} : { value }),
    ...(line.CharacterStyle === 'Bold' ? { bold: true } : {}),
  };
}

/** The receipts in a PaymentResponse, or none when it carries no readable ones (a receipt is never worth failing a payment over). */
export function readTerminalReceipts(receipts: unknown): TerminalReceipt[] {
  const parsed = z.array(z.unknown()).safeParse(receipts);
  if (!parsed.success) return [];
  const read: TerminalReceipt[] = [];
  for (const item of parsed.data) {
    const receipt = AdyenPaymentReceiptSchema.safeParse(item);
    if (!receipt.success) continue;
    const copy = COPIES[receipt.data.DocumentQualifier];
    if (copy === undefined || read.some((known) => known.copy === copy)) continue;
    const lines = (receipt.data.OutputContent.OutputText ?? []).slice(0, TERMINAL_RECEIPT_LINES_MAX).map(receiptLine);
    read.push({ copy, signatureRequired: receipt.data.RequiredSignatureFlag === true, lines });
  }
  return read;
}
