import { currencyExponent } from '../../../shared/money.ts';
import type { PaymentLink } from './platform.ts';

/**
 * The customer's side of a payment link: what the QR code on the till's
 * screen opens. Plain HTML with no external resources, so it works offline
 * in a demo and in any browser a test drives.
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
<p><small>Worldline Direct simulator</small></p>
${body}
</body>
</html>`;
}

/** 1999 EUR → "19.99 EUR"; the exponent from ISO 4217 (0 for JPY), not an assumed 2. */
export function formatAmount(amount: number, currencyCode: string): string {
  const exponent = currencyExponent(currencyCode);
  return `${(amount / 10 ** exponent).toFixed(exponent)} ${currencyCode}`;
}

export function payPage(link: PaymentLink, testCard: string): string {
  const amount = formatAmount(link.amount.amount, link.amount.currencyCode);
  const action = `/pay/${encodeURIComponent(link.paymentLinkId)}`;
  return page(
    `Pay ${amount}`,
    `<h1>Pay ${escapeHtml(amount)}</h1>
${link.description === undefined ? '' : `<p id="description">${escapeHtml(link.description)}</p>`}
<form method="post" action="${escapeHtml(action)}">
<label for="cardNumber">Card number</label>
<input id="cardNumber" name="cardNumber" inputmode="numeric" autocomplete="cc-number" value="${escapeHtml(testCard)}">
<button type="submit">Pay</button>
</form>`,
  );
}

export function resultPage(approved: boolean, link: PaymentLink): string {
  const amount = formatAmount(link.amount.amount, link.amount.currencyCode);
  return approved
    ? page(
        'Payment approved',
        `<h1>Payment approved</h1><p>${escapeHtml(amount)} has been paid. You may close this page.</p>`,
      )
    : page(
        'Payment declined',
        `<h1>Payment declined</h1><p>Nothing was charged. <a href="/pay/${encodeURIComponent(link.paymentLinkId)}">Try again</a></p>`,
      );
}

export function noLongerValidPage(): string {
  return page('Link no longer valid', '<h1>This link is no longer valid</h1><p>Nothing was charged.</p>');
}

export function unknownLinkPage(): string {
  return page('Unknown link', '<h1>This link is not known</h1><p>Check the address, or ask for a new link.</p>');
}
