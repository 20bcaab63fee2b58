import receiptline from 'receiptline';
import type { CompletedSale } from '../../shared/sale/completed-sale.ts';
import { buildReceiptDocument, type ReceiptContext } from '../printing/receipt-document.ts';
import type { OutgoingMail } from './mail-transport.ts';

/**
 * A sale's receipt as an e-mail: the same receiptline document the printer
 * gets, laid out by receiptline's plain-text renderer at the printer's line
 * width, so the customer reads what the paper says (double-width words come
 * out letter-spaced, as they print). The HTML part is that text in a <pre>.
 */

export interface ReceiptEmailOptions {
  readonly from: string;
  readonly to: string;
  /** With `{store}` and `{receipt}` to fill in. */
  readonly subject: string;
  readonly charactersPerLine: number;
}

/** The receipt as text, one printed line per line; trailing spaces and blank lines at either end trimmed. */
export function receiptText(sale: CompletedSale, context: ReceiptContext, charactersPerLine: number): string {
  const laidOut = receiptline.transform(buildReceiptDocument(sale, context), {
    command: 'text',
    cpl: charactersPerLine,
    encoding: 'multilingual',
    cutting: false,
  });
  return `${laidOut
    .split('\n')
    .map((line) => line.replace(/\s+$/, '').replace(/\u00a0/g, ' '))
    .join('\n')
    .replace(/^\n+|\n+$/g, '')}\n`;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** Fills in `{store}` and `{receipt}`; line breaks would end the header, so there are none. */
export function receiptSubject(template: string, storeName: string, receiptNumber: string): string {
  return template
    .replaceAll('{store}', storeName)
    .replaceAll('{receipt}', receiptNumber)
    .replace(/[\r\n]+/g, ' ');
}

export function receiptEmail(sale: CompletedSale, context: ReceiptContext, options: ReceiptEmailOptions): OutgoingMail {
  const text = receiptText(sale, context, options.charactersPerLine);
  const subject = receiptSubject(options.subject, context.storeName, sale.receiptNumber);
  const html = [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body><pre style="font-family: Consolas, \'Courier New\', monospace; font-size: 14px; line-height: 1.3">',
    escapeHtml(text),
    '</pre></body></html>',
  ].join('\n');
  return { from: options.from, to: options.to, subject, text, html };
}
