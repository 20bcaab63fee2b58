/**
 * What main says to the cashier about the open sale, in one place: every
 * refusal tells them what to do next. Amounts arrive formatted for the till's
 * locale. (The screen's own words are in renderer/i18n/messages.ts.)
 */
export const saleWords = {
  unknownCode: (code: string) => `“${code}” is not in the catalogue. Check the code, or find the product by its name.`,
  unknownOpenItem: (sku: string) => `There is no open item “${sku}” on this till. Pick one of the open item keys.`,
  openItemTooDear: (name: string, max: string) =>
    `${name} can be rung up for at most ${max}. Check the price; a dearer item needs its own code.`,
  notOnTill: 'That sale is no longer open on this till. The screen now shows the sale that is.',
  lineGone: 'That line is no longer on the sale.',
  lineChanged: 'That line changed while the manager was approving. Check it and ask again.',
  tooManyLines: 'This sale has as many lines as a sale can hold. Finish it and start another.',
  linesLocked:
    'Money has been taken or asked for on this sale, so its lines cannot change. Finish the payment first, or void the sale.',
  cardGoing: 'A card payment on this sale is still going. Wait for it to finish (or for a manager to settle it) first.',
  nothingOnSale: 'There is nothing on this sale yet. Scan or pick a product first.',
  nothingDue: 'Nothing is left to pay on this sale.',
  moreThanDue: (due: string) =>
    `That is more than is still due on this sale (${due}). Type the amount for this payment.`,
  notPaid: (due: string) => `The sale is not paid in full yet: ${due} is still due. Take the rest before finishing.`,
  noCards: 'This till has no card terminal set up. Take another way to pay.',
  parkWithMoney:
    'Cash has been taken on this sale, so it cannot be parked. Finish the sale, or void it and give the cash back.',
  parkAfterCard: 'A card payment was started on this sale, so it cannot be parked. Finish the sale instead.',
  screenBehind:
    'The sale changed since this screen last showed it (the cash may already have been taken). Check what is still due, then take the rest.',
  recallOverSale: 'Park or finish the sale on screen before you recall another.',
  notParked: 'That sale is no longer parked on this till.',
  voidWithCard: 'void a sale a card has paid for (the card money must be given back)',
  discountNeedsManager: (name: string, percent: string) =>
    `A discount of ${percent} on ${name} is more than you may give. Ask a manager to approve it with their PIN.`,
  priceNeedsManager: (name: string, from: string, to: string) =>
    `Changing the price of ${name} from ${from} to ${to} needs a manager. Ask a manager to approve it with their PIN.`,
  discountAboveManager: (limit: string) => `A discount above ${limit} is not allowed on this till, even by a manager.`,
  priceNotAllowed: 'Prices cannot be changed at this till, even by a manager.',
  discountOutgrown:
    'With that change the line’s amount off would be more of it than you may give. Take the discount off first, change the line, then give the discount again.',
} as const;
