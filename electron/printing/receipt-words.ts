/**
 * What main says to the cashier about finding a receipt (the F6 panel): what
 * happened and what to do next. The screen's own words are in
 * renderer/i18n/messages.ts.
 */
export const receiptWords = {
  notANumber: (typed: string) =>
    `“${typed}” is not a receipt number. Type the number printed under the receipt, or just its last digits (R and the digits for a refund).`,
  notFound: (receiptNumber: string) =>
    `There is no receipt ${receiptNumber} on this till. Check the number on the receipt; a receipt from another till can only be found there.`,
} as const;
