import type { Order } from './platform.ts';

/**
 * The customer's side of the hosted payment page: plain HTML with no
 * external resources, so it works offline in a demo and in any browser a
 * test drives. There is no card form: Pay pays with the simulator's test
 * card, and the amount decides the outcome (magic-amounts.ts).
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
button{display:block;width:100%;box-sizing:border-box;margin-top:1rem;padding:.75rem;font-size:1.1rem}</style>
</head>
<body>
<p><small>Worldnet hosted payment page simulator</small></p>
${body}
</body>
</html>`;
}

const shown = (order: Order) => `${order.amount} ${order.currency}`;

/** Where the page's buttons post: `{paymentPagePath}/orders/{ORDERID}`. */
export function actionPath(paymentPagePath: string, orderId: string): string {
  return `${paymentPagePath}/orders/${encodeURIComponent(orderId)}`;
}

export function paymentPage(order: Order, paymentPagePath: string): string {
  const amount = shown(order);
  return page(
    `Pay ${amount}`,
    `<h1>Pay ${escapeHtml(amount)}</h1>
<p id="order">Order ${escapeHtml(order.orderId)}</p>
<form method="post" action="${escapeHtml(actionPath(paymentPagePath, order.orderId))}">
<button type="submit" name="action" value="pay">Pay</button>
<button type="submit" name="action" value="cancel">Cancel</button>
</form>`,
  );
}

/** A refused request: 400, with every check that failed. */
export function refusedPage(problems: readonly string[]): string {
  const items = problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('\n');
  return page('Payment request refused', `<h1>Payment request refused</h1>\n<ul id="problems">\n${items}\n</ul>`);
}

function backToShop(order: Order): string {
  return order.receiptPageUrl === undefined
    ? ''
    : `<p><a href="${escapeHtml(order.receiptPageUrl)}">Back to the shop</a></p>`;
}

export function approvedPage(order: Order): string {
  return page(
    'Payment approved',
    `<h1>Payment approved</h1><p>${escapeHtml(shown(order))} has been paid. You may close this page.</p>${backToShop(order)}`,
  );
}

export function declinedPage(order: Order, responseText: string): string {
  return page(
    'Payment declined',
    `<h1>Payment declined</h1><p>${escapeHtml(responseText || 'Declined')}. Nothing was charged.</p>${backToShop(order)}`,
  );
}

export function cancelledPage(order: Order): string {
  return page('Payment cancelled', `<h1>Payment cancelled</h1><p>Nothing was charged.</p>${backToShop(order)}`);
}

export function endedPage(order: Order): string {
  return page(
    'Order closed',
    `<h1>This order is ${order.status.toLowerCase()}</h1><p>Nothing more can be paid here.</p>`,
  );
}

export function unknownOrderPage(): string {
  return page('Unknown order', '<h1>This order is not known</h1><p>Start the payment again from the shop.</p>');
}
