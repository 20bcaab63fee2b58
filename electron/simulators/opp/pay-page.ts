import { formatAmount } from './money.ts';
import type { PaymentLink } from './platform.ts';

/**
 * The shopper's side of a pay-by-link link: what the QR code on the till's
 * screen opens. Plain HTML with no external resources, so it works offline
 * in a demo and in any browser a test drives. The card number is prefilled
 * with OPP's test Visa; a test can type another (a declined one, say).
 */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${String(character.charCodeAt(0))};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}
label,input,button{display:block;width:100%;box-sizing:border-box;margin-top:.5rem;font-size:1.1rem}
button{padding:.75rem;margin-top:1rem}</style>
</head>
<body>
<p><small>ACI Open Payment Platform simulator</small></p>
${body}
</body>
</html>`;
}

const shown = (link: PaymentLink) => `${formatAmount(link.amount)} ${link.currency}`;
const action = (link: PaymentLink) => `/pay/${encodeURIComponent(link.id)}`;

export function payPage(link: PaymentLink, testCard: string): string {
  const amount = shown(link);
  const verb = link.paymentType === 'PA' ? 'Authorise' : 'Pay';
  return page(
    `${verb} ${amount}`,
    `<h1>${verb} ${escapeHtml(amount)}</h1>
<p id="reference">Reference ${escapeHtml(link.merchantTransactionId)}</p>
<form method="post" action="${escapeHtml(action(link))}">
<label for="cardNumber">Card number</label>
<input id="cardNumber" name="cardNumber" inputmode="numeric" autocomplete="cc-number" value="${escapeHtml(testCard)}">
<button type="submit">Pay</button>
</form>`,
  );
}

export function resultPage(approved: boolean, link: PaymentLink): string {
  return approved
    ? page(
        'Payment approved',
        `<h1>Payment approved</h1><p>${escapeHtml(shown(link))} has been paid. You may close this page.</p>`,
      )
    : page(
        'Payment declined',
        `<h1>Payment declined</h1><p>Nothing was charged. <a href="${escapeHtml(action(link))}">Try another card</a></p>`,
      );
}

const ENDED: Readonly<Record<Exclude<PaymentLink['status'], 'ACTIVE'>, string>> = {
  PAID: 'This link has already been paid',
  EXPIRED: 'This link has expired',
  DEACTIVATED: 'This link has been cancelled',
};

export function endedPage(status: Exclude<PaymentLink['status'], 'ACTIVE'>): string {
  return page(ENDED[status], `<h1>${ENDED[status]}</h1><p>Nothing more can be paid here.</p>`);
}

export function unknownLinkPage(): string {
  return page('Unknown link', '<h1>This link is not known</h1><p>Check the address, or ask for a new link.</p>');
}
