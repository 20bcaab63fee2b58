import type { Language } from '../../shared/config/schema.ts';
import type { Translation } from '../../shared/i18n/translation.ts';
import { formatMoney, type CurrencyCode } from '../../shared/money.ts';
import type { PaymentLink } from '../../shared/payments/payment-state.ts';
import { EmailAddressSchema } from '../../shared/receipt-mail/receipt-mail.ts';
import { TillError } from '../till-error.ts';
import { MailSendError, type MailTransport } from './mail-transport.ts';

/**
 * A payment link sent to the customer by e-mail, through the store's mail
 * server (the one receipts go through): for a phone order, or a customer who
 * would rather pay later. Nothing is kept: the link itself is in the payment
 * book, and a mail that did not go is said at once, so the cashier copies the
 * link or prints its QR code instead. Log lines name the attempt, never the
 * address.
 */

export const linkMailWords = {
  subject: (store: string) => `Your payment link from ${store}`,
  body: (store: string, amount: string, until: string) =>
    `${store} has asked you to pay ${amount}. Open this link to pay with your card or wallet (it works until ${until}):`,
  ignore: 'If you did not expect this, ignore it: nothing is charged until you pay.',
  badAddress: 'That is not a whole e-mail address. Check it with the customer: it looks like name@example.com.',
  notSent: 'The mail server did not take the link. Copy the link or print the QR code for the customer instead.',
  refused: 'The mail server refused this address. Check it with the customer, or copy the link instead.',
} as const;

export type LinkMailWords = Translation<typeof linkMailWords>;

export const linkMailWordsNl = {
  subject: (store: string) => `Uw betaallink van ${store}`,
  body: (store: string, amount: string, until: string) =>
    `${store} vraagt u ${amount} te betalen. Open deze link om te betalen met uw pas of wallet (hij werkt tot ${until}):`,
  ignore: 'Verwachtte u dit niet? Negeer dan deze e-mail: er wordt niets afgeschreven tot u betaalt.',
  badAddress: 'Dat is geen volledig e-mailadres. Controleer het met de klant: het ziet eruit als naam@voorbeeld.nl.',
  notSent: 'De mailserver heeft de link niet aangenomen. Kopieer de link of druk de QR-code af voor de klant.',
  refused: 'De mailserver weigerde dit adres. Controleer het met de klant, of kopieer de link.',
} satisfies LinkMailWords;

export function linkMailWordsFor(language: Language): LinkMailWords {
  switch (language) {
    case 'en':
      return linkMailWords;
    case 'nl':
      return linkMailWordsNl;
  }
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (character) => `&#${String(character.charCodeAt(0))};`);

export async function sendLinkMail(options: {
  transport: MailTransport;
  from: string;
  address: string;
  link: PaymentLink;
  amountMinor: number;
  currency: CurrencyCode;
  storeName: string;
  locale: string;
  words: LinkMailWords;
}): Promise<void> {
  const { words } = options;
  const address = EmailAddressSchema.safeParse(options.address);
  if (!address.success) throw new TillError('BAD_REQUEST', words.badAddress);
  const amount = formatMoney(options.amountMinor, options.currency, options.locale);
  const until = new Intl.DateTimeFormat(options.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(options.link.expiresAt),
  );
  const body = words.body(options.storeName, amount, until);
  try {
    await options.transport.send({
      from: options.from,
      to: address.data,
      subject: words.subject(options.storeName),
      text: `${body}\n\n${options.link.url}\n\n${words.ignore}\n`,
      html: `<p>${escapeHtml(body)}</p><p><a href="${escapeHtml(options.link.url)}">${escapeHtml(options.link.url)}</a></p><p>${escapeHtml(words.ignore)}</p>`,
    });
  } catch (error) {
    if (error instanceof MailSendError && error.kind === 'refused') throw new TillError('BAD_REQUEST', words.refused);
    throw new TillError('UNAVAILABLE', words.notSent);
  }
}
