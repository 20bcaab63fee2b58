import type { TillMode } from '../../shared/config/schema.ts';
import type { DepositState } from '../../shared/deposits/deposit.ts';
import type { DeviceKind, DeviceState } from '../../shared/devices.ts';
import type { PaymentState } from '../../shared/payments/payment-state.ts';
import type { PrintJobView } from '../../shared/printing/print-job.ts';
import type { OnlinePaymentView } from '../../shared/refunds/online-refund.ts';
import type { RefundPartView, RefundView } from '../../shared/refunds/refund.ts';
import type { Connection } from '../api/renderer-bridge.ts';
import type { Translation } from '../../shared/i18n/translation.ts';

/**
 * The English words of the screens whose logic lives beside their words
 * (shell/shell-words.ts, journal/journal.ts, till-day/till-day.ts,
 * refunds/refund-words.ts), as plain objects of the catalogue's kind. This is
 * the one source of those words: the word files read them from the chosen
 * catalogue (live-words.ts), and nl-areas.ts translates them key for key.
 * Sentences that need a little logic in the word files are functions here.
 */

/** The shell: one word per device state, the badge of a till that is not live, the link to main. */
export const enShell = {
  /** The device's name in the status bar, by its kind (main's own label is English). */
  deviceKinds: {
    terminal: 'Card terminal',
    webhook: 'Result listener',
    printer: 'Receipt printer',
    hq: 'HQ',
  } satisfies Record<DeviceKind, string>,
  deviceStates: {
    online: 'Ready',
    busy: 'Busy',
    offline: 'Offline',
    unknown: 'Checking',
    not_configured: 'Not set up',
  } satisfies Record<DeviceState, string>,
  /** A live till shows no badge. */
  modeBadge: {
    training: 'Training: sales are not counted',
    demo: 'Demo: no real payments',
  } satisfies Record<Exclude<TillMode, 'live'>, string>,
  /** Nothing is shown while connected. */
  connection: {
    connecting: 'Connecting to the till…',
    reconnecting: 'Lost contact with the till. Reconnecting… Wait for this message to clear before you carry on.',
    refused:
      'The till refused this page. Open the address Kassa printed when it last started; it changes at every start.',
  } satisfies Record<Exclude<Connection, 'connected'>, string>,
  /** Kassa HQ's light: how the till's records are getting to head office (shell/hq-light.ts picks one). */
  hq: {
    synced: (time: string) => `synced ${time}`,
    waiting: (count: number, lastSynced: string | undefined) =>
      `${count === 1 ? '1 record' : `${String(count)} records`} waiting, ` +
      (lastSynced === undefined ? 'not synced yet' : `last synced ${lastSynced}`),
    unreachable: (lastSynced: string | undefined) =>
      lastSynced === undefined ? 'not reachable' : `not reachable, last synced ${lastSynced}`,
    connecting: 'connecting…',
    refused: 'refused what the till sent — call IT',
    revoked: 'enrolment revoked — call IT',
    notEnrolled: 'not enrolled — call IT',
  },
};

/** The journal panel: `journalWords`, and the words of STATE_WORDS, REFUND_STATE_WORDS, printJobWords and cardLabel. */
export const enJournal = {
  open: 'Journal (F7)',
  title: 'Journal',
  searchHeading: 'Find a sale',
  receiptNumber: 'Receipt number',
  from: 'From',
  to: 'To',
  amount: 'Amount',
  cardLast4: 'Card last 4',
  search: 'Search',
  searchHint: 'Fill in what you know. Leave everything empty to see the latest sales.',
  resultsLabel: 'Sales found',
  noResults: 'No sale matches. Check the receipt number, widen the times, or leave a box empty.',
  badAmount: 'Type the amount as on the receipt, for example 12.50.',
  badCard: 'Type the last 4 digits of the card, as printed on the receipt.',
  badTime: (field: string, example: string) =>
    `“${field}” is not a date and time. Type it like ${example}, or leave it empty.`,
  toBeforeFrom: '“To” is before “From”. Swap them, or leave one empty.',
  cash: 'Cash',
  sale: (receiptNumber: string) => `Sale ${receiptNumber}`,
  completedAt: (when: string) => `Completed ${when}`,
  total: 'Total',
  linesHeading: 'Lines',
  item: 'Item',
  quantity: 'Quantity',
  lineAmount: 'Amount',
  discount: (amount: string) => `discount ${amount}`,
  tendersHeading: 'Paid with',
  cashTendered: (tendered: string, change: string) => `handed over ${tendered}, change ${change}`,
  authCode: (code: string) => `approval code ${code}`,
  attemptsHeading: 'Card attempts',
  noAttempts: 'No card was used on this sale.',
  attemptKinds: { payment: 'Card payment', reversal: 'Refund to the card', refund: 'Refund to any card' },
  printHeading: 'Receipts on paper',
  noPrintJobs: 'Nothing was sent to a printer for this sale.',
  refundsHeading: 'Refunds of this sale',
  noRefunds: 'Nothing has been refunded on this sale.',
  refundNotNumbered: 'Not finished',
  showRefund: 'Show',
  refundableHeading: 'Still refundable',
  refundableTotal: (amount: string) => `Still refundable: ${amount}`,
  nothingRefundable: 'Everything on this sale has been refunded.',
  ofPaid: (left: string, paid: string) => `${left} of ${paid}`,
  close: 'Close',
  attemptStates: {
    created: 'Created',
    sent: 'Sent to the terminal',
    in_progress: 'At the terminal',
    checking: 'Checking',
    approved: 'Approved',
    declined: 'Declined',
    cancelled: 'Cancelled',
    failed: 'Failed',
    needs_attention: 'Needs a manager',
  } satisfies Record<PaymentState, string>,
  refundStates: {
    open: 'not finished',
    completed: 'completed',
    cancelled: 'cancelled',
  } satisfies Record<RefundView['state'], string>,
  jobKinds: {
    receipt: 'Receipt',
    copy: 'Copy',
    merchant_copy: 'Store copy of the card slip',
    document: 'Document',
  } satisfies Record<PrintJobView['kind'], string>,
  /** "Receipt: printed 10:02", "Copy: waiting for the printer (Out of paper.)"; `kind` from `jobKinds`. */
  printJob: {
    printed: (kind: string, time: string | undefined) => `${kind}: printed${time === undefined ? '' : ` ${time}`}`,
    printing: (kind: string) => `${kind}: printing`,
    queued: (kind: string, problem: string | undefined) =>
      `${kind}: waiting for the printer${problem === undefined ? '' : ` (${problem})`}`,
  } satisfies Record<PrintJobView['status'], (kind: string, detail: string | undefined) => string>,
  /** The first word of "Card VISA ••••1234". */
  cardLabel: 'Card',
};

/** The till day panel: `dayWords`, and the sentences of `differenceWords`. */
export const enDay = {
  open: 'Till day (F5)',
  title: 'Till day',
  notOpen: 'The till day is not open',
  notOpenHint: 'Count the cash in the drawer, type it as the float and open the day.',
  openSince: (when: string) => `Open since ${when}`,
  float: (amount: string) => `float ${amount}`,
  floatNotCounted: 'The day opened by itself with its first sale: no float was counted.',
  lastZ: (zNumber: number) => `Last Z report: number ${zNumber}.`,
  floatCounted: 'Float counted',
  openDay: 'Open the day',
  opened: 'The till day is open. Put the float in the drawer.',
  badAmount: 'Type the amount as counted, for example 150.00.',
  managerApproves:
    'A manager approves cash moves, the day’s figures and closing the day: when asked, they pick their name and type their PIN here.',

  cashHeading: 'Cash into or out of the drawer',
  cashKind: 'Cash in or out',
  cashIn: 'Cash in',
  cashOut: 'Cash out',
  cashAmount: 'Cash amount',
  cashReason: 'Reason for the cash move',
  cashReasonHint: 'For example: change from the bank, or takings to the safe. It is kept in the audit log.',
  recordCashMove: 'Record cash move',
  cashMoved: (kind: 'in' | 'out', amount: string) =>
    kind === 'in' ? `Recorded ${amount} put into the drawer.` : `Recorded ${amount} taken out of the drawer.`,
  shortReason: 'Say why the cash moves (at least 3 characters).',

  reportsHeading: 'The day’s figures',
  xReport: 'X report',
  printX: 'Print X report',
  xPrinting: 'The X report is on its way to the printer.',

  closeHeading: 'Close the day',
  closeHint: 'Count every note and coin in the drawer first. The Z report is final: nothing can be added to the day.',
  countedCash: 'Counted cash',
  closeDay: 'Close the day (Z report)',
  closeConfirm: (counted: string) => `Close the till day with ${counted} counted in the drawer?`,
  closeYes: 'Yes, close the day',
  linksLiveHeading: (count: number) =>
    count === 1 ? 'A payment link is still live' : `${count} payment links are still live`,
  linksLiveHint:
    'The customer may still pay. Closing the day cancels each link first; a link paid in the meantime stays paid and counts in the day.',
  liveLink: (amount: string, time: string) => `${amount}, made at ${time}`,
  closeYesCancelLinks: 'Cancel the links and close the day',
  back: 'Back',
  closed: (zNumber: number) => `The till day is closed. Z report ${zNumber} is on its way to the printer.`,
  closedOnScreen: (zNumber: number) =>
    `The till day is closed. This till has no printer, so Z report ${zNumber} is not printed: read it on screen below.`,

  reprintHeading: 'Print a Z report again',
  zNumber: 'Z number',
  badZNumber: 'Type the number printed on the Z report, for example 12.',
  reprintZ: 'Reprint Z report',
  reprinted: (zNumber: number) => `A copy of Z report ${zNumber} is on its way to the printer.`,
  noPrinter: 'No printer is set up on this till: read the report on screen.',

  zTitle: 'Z report',
  close: 'Close',
  report: {
    day: (dayNumber: number, opened: string) => `Day ${dayNumber}, opened ${opened}`,
    generated: (when: string) => `Figures at ${when}`,
    closedAt: (when: string) => `Closed ${when}`,
    closedBy: (who: string) => `Closed by ${who}`,
    summary: 'Summary',
    salesCount: 'Sales',
    salesTotal: 'Sales total',
    items: 'Items sold',
    discounts: 'Discounts given',
    refundsCount: 'Refunds',
    refundsTotal: 'Refunds total',
    voidsCount: 'Sales cleared (voids)',
    voidsTotal: 'Value of cleared sales',
    netTakings: 'Net takings',
    tenders: 'Per tender',
    tender: 'Tender',
    sales: 'Sales',
    refunds: 'Refunds',
    net: 'Net',
    tenderNames: { cash: 'Cash', card: 'Card', link: 'Paid by link', online: 'Online refunds in store' },
    vat: 'VAT',
    rate: 'Rate',
    gross: 'Gross',
    vatAmount: 'VAT',
    netAmount: 'Net',
    drawer: 'Cash in the drawer',
    float: 'Float',
    cashSales: 'Cash sales',
    cashRefunds: 'Cash refunds',
    cashIn: 'Cash put in',
    cashOut: 'Cash taken out',
    expected: 'Expected in the drawer',
    counted: 'Counted',
    difference: 'Difference',
    moves: 'Cash moves',
    noMoves: 'No cash was put in or taken out.',
    moveKinds: { in: 'in', out: 'out' },
    deposits: 'Deposits (not in takings)',
    depositsKind: 'Deposits',
    depositsCount: 'Count',
    depositsAmount: 'Amount',
    depositsTaken: 'Taken (authorised by customers)',
    depositsCaptured: 'Captured',
    depositsReleased: 'Released',
  },
  /** The drawer count against what should be there; `amount` without a sign. */
  difference: {
    short: (amount: string) => `Cash short by ${amount}`,
    over: (amount: string) => `Cash over by ${amount}`,
    none: 'No difference: the drawer matches',
  },
};

/** The refund screens: `refundWords`. */
export const enRefund = {
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

  online: 'Refund an online payment',
  onlineHint:
    'A webshop order or a payment link paid online: the money goes back to the card that paid, through the payment gateway. The card does not need to be here.',
  onlineReference: 'Payment id or order reference',
  onlineReferenceHint:
    'The payment id from the order confirmation or the webshop. For a payment link paid at this till, its reference works too.',
  find: 'Find',
  noReference: 'Type the payment id or the order reference, then press Find.',
  onlineFound: (paymentId: string) => `Online payment ${paymentId}`,
  onlineGateway: (gateway: string) => `Paid online through ${gateway}`,
  onlineOrder: (reference: string) => `Order reference ${reference}`,
  onlineFigures: 'What the gateway says',
  onlinePaid: (amount: string) => `Paid: ${amount}`,
  onlineRefunded: (amount: string) => `Already refunded: ${amount}`,
  onlineRequested: (amount: string) => `Requested, not final yet: ${amount}`,
  onlineLeft: (amount: string) => `Left to refund: ${amount}`,
  onlineCard: (card: string) => `Paid with: ${card}`,
  onlineReceipt: (receipt: string) => `Paid by link at this till: receipt ${receipt}`,
  onlineRefundsHeading: 'Refunds of this payment',
  onlineNoRefunds: 'Nothing has gone back on this payment yet.',
  onlineRefundStates: {
    requested: 'requested, not final yet',
    refunded: 'refunded',
    rejected: 'rejected: no money went back',
  } satisfies Record<OnlinePaymentView['refunds'][number]['state'], string>,
  onlineRefundNumber: (number: string) => `refund number ${number}`,
  onlineAmount: 'Amount to refund',
  onlineAmountHint: (left: string) => `Up to ${left}: what is left on this payment.`,
  onlineRefund: (amount: string) => `Refund ${amount} to the card`,
  onlineTooMuch: (left: string) => `Only ${left} is left to refund on this payment. Type ${left} or less.`,
  onlineNothingLeft: 'Nothing is left to refund on this payment: it has all gone back, or is on its way.',
  onlineStarted: 'The refund is asked for: follow it under “Refund” above.',
  onlinePart: (card: string) => `Back to the card that paid online (${card})`,
  onlinePartStates: {
    to_do: 'not asked for yet',
    waiting: 'requested, waiting for the gateway to confirm',
    done: 'given back',
    failed: 'refused: no money went back',
    needs_attention: 'needs a manager',
  } satisfies Record<RefundPartView['state'], string>,
  findAnother: 'Find another payment',
};

/** The deposits panel: `depositWords`. Where a deposit stands and what to do next is main's `message`. */
export const enDeposit = {
  open: 'Deposits (F1)',
  title: 'Deposits',
  takeHeading: 'Take a deposit',
  takeHint:
    'The customer authorises the amount with a link on their phone: the money is reserved on their card, not taken.',
  customer: 'Customer name',
  contact: 'Phone or e-mail (optional)',
  note: 'Note (optional)',
  noteHint: 'What the deposit is for, for example the order it reserves.',
  amount: 'Deposit amount',
  amountHint: 'For example 50.00.',
  take: 'Take the deposit',
  noCustomer: 'Type the customer’s name.',
  badAmount: 'Type the deposit as an amount above zero, for example 50.00.',
  listHeading: 'Open deposits',
  noneOpen: 'No deposit is open.',
  holdDays: (days: number) =>
    `A reservation lasts about ${String(days)} days: capture or release each deposit before it ends.`,
  managerOnly: 'A manager captures or releases a deposit: when asked, they pick their name and type their PIN here.',
  heading: (number: string, customer: string) => `${number} · ${customer}`,
  state: 'Where it stands',
  states: {
    awaiting_customer: 'Waiting for the customer',
    held: 'Reserved on the card',
    capturing: 'Capturing…',
    captured: 'Captured',
    releasing: 'Releasing…',
    released: 'Released',
    failed: 'Not authorised',
    needs_attention: 'Needs a manager',
  } satisfies Record<DepositState, string>,
  amountAsked: 'Deposit',
  contactLabel: 'Contact',
  noteLabel: 'Note',
  authorisedAt: 'Authorised',
  notYet: 'not yet',
  expiresAt: 'Reservation ends',
  capturedAmount: 'Captured',
  expiresSoon: 'The reservation ends soon: capture or release it now.',
  expired: 'The reservation may have lapsed: it can no longer be captured.',
  qrLabel: (amount: string) => `QR code to authorise a deposit of ${amount}`,
  scan: 'Ask the customer to scan the code with their phone and authorise the deposit.',
  address: 'Address of the link',
  capture: 'Capture',
  captureHeading: 'Capture the deposit',
  captureAmount: 'Amount to capture',
  captureHint: (held: string) => `Up to ${held}, once: a deposit is captured one time only.`,
  captureReason: 'Note for the capture (optional)',
  captureDo: (amount: string) => `Capture ${amount}`,
  badCapture: 'Type the amount to capture as an amount above zero, for example 25.00.',
  tooMuch: (held: string) => `Only ${held} is reserved. Type ${held} or less.`,
  release: 'Release',
  releaseHeading: 'Release the deposit',
  releaseReason: 'Reason for the release',
  releaseHint: 'For example: order cancelled. It is kept in the audit log.',
  releaseDo: 'Release the deposit',
  noReason: 'Say why the deposit is released.',
  back: 'Back',
  settle: 'Settle it',
  done: 'Done',
  close: 'Close',
};

/** The customer display: the second screen, facing the customer. Short, plain words read from a metre away. */
export const enDisplay = {
  welcome: 'Welcome',
  welcomeDetail: 'Your items will show here.',
  items: 'Your items',
  moreAbove: (count: number) => `and ${String(count)} more above`,
  quantity: (count: number) => `${String(count)} ×`,
  total: 'Total',
  due: 'Still to pay',
  payOnTerminal: 'Please pay on the card terminal',
  scanToPay: 'Scan the code with your phone to pay',
  amount: 'Amount',
  expiresIn: (time: string) => `The code expires in ${time}`,
  expired: 'This code has expired. Please ask at the till.',
  qrLabel: (amount: string) => `QR code to pay ${amount} by link`,
  thanks: 'Thank you',
  paid: 'Paid',
  change: 'Your change',
  goodbye: 'See you again soon.',
  connecting: 'Connecting to the till…',
  needsLink: 'This display needs its own address: open the customer display address the till printed.',
  refused: 'The till did not accept this display’s address. Open the customer display address the till printed.',
};

export type ShellWords = Translation<typeof enShell>;
export type JournalWords = Translation<typeof enJournal>;
export type DayWords = Translation<typeof enDay>;
export type RefundWords = Translation<typeof enRefund>;
export type DisplayWords = Translation<typeof enDisplay>;
export type DepositWords = Translation<typeof enDeposit>;
