import type { Language } from '../../shared/config/schema.ts';
import type { CurrencyCode } from '../../shared/money.ts';
import type { PaymentLink } from '../../shared/payments/payment-state.ts';
import type { Translation } from '../../shared/i18n/translation.ts';
import { header, money, text, type ReceiptContext } from './receipt-document.ts';

/**
 * A payment link on paper: the QR code the customer scans with their phone,
 * for a counter without a customer display (or a customer who would rather
 * take it along), with the amount and the gateway's own expiry. No receipt:
 * nothing has been paid yet, and the slip says so.
 */

export const linkSlipWords = {
  scan: 'Scan to pay',
  amount: 'Amount',
  until: (when: string) => `The link works until ${when}`,
  notAReceipt: 'This is not a receipt.',
} as const;

export type LinkSlipWords = Translation<typeof linkSlipWords>;

export const linkSlipWordsNl = {
  scan: 'Scan om te betalen',
  amount: 'Bedrag',
  until: (when: string) => `De link werkt tot ${when}`,
  notAReceipt: 'Dit is geen kassabon.',
} satisfies LinkSlipWords;

export function linkSlipWordsFor(language: Language): LinkSlipWords {
  switch (language) {
    case 'en':
      return linkSlipWords;
    case 'nl':
      return linkSlipWordsNl;
  }
}

/** Characters that end or split a receiptline property, percent-encoded: the address stays the same address. */
const PROPERTY_MARKUP = /[;{}|\\]/g;

export function buildLinkSlip(
  link: PaymentLink,
  amountMinor: number,
  currency: CurrencyCode,
  context: ReceiptContext,
): string {
  const words = linkSlipWordsFor(context.language ?? 'en');
  const when = new Intl.DateTimeFormat(context.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(link.expiresAt),
  );
  const address = link.url.replace(
    PROPERTY_MARKUP,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return [
    ...header(context, {}),
    `"^^${words.scan}"`,
    `${words.amount}: "${money(amountMinor, currency, context.locale)}"`,
    `{code:${address}; option:qrcode,6,m}`,
    text(words.until(when)),
    '---',
    text(words.notAReceipt),
  ].join('\n');
}
