import type { OutputTextLine, PaymentReceipt } from '../../../shared/payments/adyen/nexo.ts';
import { formatAmount } from './amounts.ts';
import { formEncode } from './form-encoding.ts';

/**
 * The cashier and customer receipts a terminal returns, shaped as Adyen sends
 * them: one `OutputText` entry per line, each line itself form-encoded as
 * `name=…&value=…&key=…`, the till deciding how to lay them out.
 */

export interface ReceiptFacts {
  merchantName: string;
  poiid: string;
  when: Date;
  tenderReference: string;
  maskedPan?: string;
  brandName?: string;
  entryMode?: string;
  transactionType: 'GOODS_SERVICES' | 'REFUND';
  amountMinor: number;
  currency: string;
  outcome: 'approved' | 'declined';
  approvalCode?: string;
  refusalReason?: string;
}

function line(
  fields: { name?: string; value?: string; key: string },
  style?: OutputTextLine['CharacterStyle'],
): OutputTextLine {
  return {
    Text: formEncode({ name: fields.name, value: fields.value, key: fields.key }),
    ...(style === undefined ? {} : { CharacterStyle: style }),
    EndOfLineFlag: true,
  };
}

function receiptLines(facts: ReceiptFacts, title: string): OutputTextLine[] {
  const date = facts.when.toISOString().slice(0, 10);
  const time = facts.when.toISOString().slice(11, 19);
  const lines: OutputTextLine[] = [
    line({ key: 'header1' }),
    line({ name: title, key: 'merchantTitle' }, 'Bold'),
    line({ name: facts.merchantName, key: 'merchantName' }),
    line({ name: 'Date', value: date, key: 'txdate' }),
    line({ name: 'Time', value: time, key: 'txtime' }),
    line({ key: 'filler' }),
    line({ name: 'Terminal', value: facts.poiid, key: 'tid' }),
    line({ name: 'Tender', value: facts.tenderReference, key: 'txRef' }),
  ];
  if (facts.maskedPan !== undefined) lines.push(line({ name: 'Card', value: facts.maskedPan, key: 'pan' }));
  if (facts.brandName !== undefined) lines.push(line({ name: 'Card type', value: facts.brandName, key: 'cardType' }));
  if (facts.entryMode !== undefined) lines.push(line({ name: 'Entry', value: facts.entryMode, key: 'posEntryMode' }));
  lines.push(
    line({ key: 'filler' }),
    line({ name: 'Type', value: facts.transactionType, key: 'txtype' }, 'Bold'),
    line({ name: 'TOTAL', value: formatAmount(facts.amountMinor, facts.currency), key: 'totalAmount' }, 'Bold'),
    line({ key: 'filler' }),
  );
  if (facts.outcome === 'approved') {
    lines.push(line({ name: 'APPROVED', key: 'approved' }, 'Bold'));
    if (facts.approvalCode !== undefined) {
      lines.push(line({ name: 'Auth. code', value: facts.approvalCode, key: 'authCode' }));
    }
  } else {
    lines.push(line({ name: 'DECLINED', key: 'declined' }, 'Bold'));
    if (facts.refusalReason !== undefined) {
      lines.push(line({ name: 'Reason', value: facts.refusalReason, key: 'refusalReason' }));
    }
  }
  lines.push(line({ name: 'Please retain for your records', key: 'retain' }), line({ key: 'filler' }));
  return lines;
}

/** `signature`: a chip-and-signature card, whose merchant copy the cardholder must sign. */
export function buildReceipts(facts: ReceiptFacts, options: { signature?: boolean } = {}): PaymentReceipt[] {
  return [
    {
      DocumentQualifier: 'CashierReceipt',
      RequiredSignatureFlag: options.signature === true,
      OutputContent: { OutputFormat: 'Text', OutputText: receiptLines(facts, 'MERCHANT COPY') },
    },
    {
      DocumentQualifier: 'CustomerReceipt',
      RequiredSignatureFlag: false,
      OutputContent: { OutputFormat: 'Text', OutputText: receiptLines(facts, 'CARDHOLDER COPY') },
    },
  ];
}
