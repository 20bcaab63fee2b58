import type { RefundPartView } from '../../shared/refunds/refund.ts';

/** Every word of the refund screens: the form in a sale, the refund without a receipt, the refund's progress. */
export const refundWords = {
  formHeading: 'Give money back on this sale',
  quantityFor: (name: string) => `Refund quantity for ${name}`,
  canRefund: (count: number) => (count === 0 ? 'already refunded in full' : `up to ${count}`),
  amount: 'Refund amount',
  amountHint: 'Or, with no lines chosen: an amount of goodwill, spread over the sale’s VAT rates.',
  amountDisabled: 'Lines are chosen: the amount comes from them. Set every quantity to 0 to refund an amount.',
  reason: 'Reason for the refund',
  reasonHint: 'At least 3 characters. It is printed on the refund receipt and kept in the audit log.',
  refund: (amount: string) => `Refund ${amount}`,
  managerApproves: 'A manager approves refunds: when asked, they pick their name and type their PIN here.',

  badQuantity: (name: string) => `Type a whole number of ${name} to refund, or 0.`,
  tooMany: (count: number, name: string) =>
    count === 0 ? `“${name}” has already been refunded in full.` : `Only ${count} of “${name}” can still be refunded.`,
  badAmount: 'Type the amount to refund, for example 5.00.',
  tooMuch: (amount: string) => `Only ${amount} can still be refunded on this sale.`,
  shortReason: 'Say why the money goes back (at least 3 characters).',

  withoutReceipt: 'Refund without a receipt',
  withoutReceiptHint:
    'Money back to the card the customer presents, with no sale to refer to. Only when the sale cannot be found.',
  review: 'Review the refund',
  confirmHeading: 'Confirm the refund without a receipt',
  confirmAmount: (amount: string) => `Refund ${amount}`,
  confirmTerminal: 'to the card the customer presents on the card terminal',
  confirmNoSale: 'no original sale',
  confirmReason: (reason: string) => `Reason: ${reason}`,
  confirm: 'Confirm refund',
  back: 'Back',

  statusHeading: 'Refund',
  number: (number: string) => `Refund number ${number}`,
  forReceipt: (receipt: string) => `For receipt ${receipt}`,
  total: (amount: string) => `Total ${amount}`,
  partsLabel: 'Where the money goes',
  anyCard: 'Any card presented',
  cash: 'Cash from the drawer',
  partStates: {
    to_do: 'not started',
    waiting: 'waiting for the terminal',
    done: 'given back',
    failed: 'did not go through',
    needs_attention: 'needs a manager',
  } satisfies Record<RefundPartView['state'], string>,
  retry: 'Try the card again',
  cancel: 'Cancel the refund',
  cancelReason: 'Reason for cancelling the refund',
  done: 'Done',

  openHeading: 'Refunds not finished',
  openItem: (amount: string, reason: string) => `${amount} · ${reason}`,
  show: 'Show',
} as const;
