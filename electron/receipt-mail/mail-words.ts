/**
 * Main's words about receipts by e-mail: what the cashier reads when a
 * receipt could not go, and what to do about it. Never the server's codes.
 */
export const mailWords = {
  notSetUp: 'This till is not set up to send receipts by e-mail. Print the receipt or show it on screen.',
  badAddress: 'That is not a whole e-mail address. Check it with the customer: it looks like name@example.com.',
  unreachable:
    'The till could not reach the mail server. Try Send again in a minute, or print the receipt. The till also tries again when it starts.',
  login: 'The mail server refused the till’s login: tell IT. The receipt is kept and tried again when the till starts.',
  secure:
    'The till could not set up a secure connection to the mail server: tell IT. The receipt is kept and tried again when the till starts.',
  refused: 'The mail server refused this address. Check it with the customer, or print the receipt.',
  other: 'The mail server did not take the receipt. It is kept and tried again; print it if the customer is waiting.',
  gaveUp: (tries: number) =>
    `The till tried ${String(tries)} times and has stopped trying. Print the receipt or send it again.`,
} as const;
