/**
 * Main's words about receipts by e-mail: what the cashier reads when a
 * receipt could not go, and what to do about it. Never the server's codes.
 */
export const mailWords = {
  notSetUp: 'This till is not set up to send receipts by e-mail. Print the receipt or show it on screen.',
  badAddress: 'That is not a whole e-mail address. Check it with the customer: it looks like name@example.com.',
  unreachable:
    'The till could not reach the mail server. The receipt is kept and sent when the server answers again; print it if the customer is waiting.',
  login: 'The mail server refused the till’s login. Tell IT; the receipt is kept and sent once it is fixed.',
  secure:
    'The till could not set up a secure connection to the mail server. Tell IT; the receipt is kept and sent once it is fixed.',
  refused: 'The mail server refused this address. Check it with the customer, or print the receipt.',
  other: 'The mail server did not take the receipt. It is kept and tried again; print it if the customer is waiting.',
  gaveUp: (tries: number) =>
    `The till tried ${String(tries)} times and has stopped trying. Print the receipt or send it again.`,
} as const;
