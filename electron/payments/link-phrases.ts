/**
 * What a payment link's steps and endings are recorded as, whichever gateway
 * made the link: payments/recorded-words.ts knows each phrase and retells it
 * to the cashier in the till's language.
 */
export const LINK_PHRASES = {
  expired: 'The payment link expired before the customer paid',
  cancelled: 'The payment link was cancelled',
  opened: 'The customer opened the link on their phone',
  paying: 'The customer is paying on their phone',
  declinedOnPhone: 'The card was declined on the phone; the customer may try another card',
  noLinkYet: 'No payment link was made yet',
  notActive: 'The link is no longer active: the customer may have paid',
  refundToAnyCard: 'A refund to any card is given on the card terminal, not through the online gateway',
  refundNotRecalled: 'A refund asked of Worldline cannot be called back',
  backOfficeNotRecalled: 'A refund, capture or release asked of the gateway cannot be called back',
  gatewayPace: 'The gateway takes only so many questions a minute: the till asks again shortly',
  cannotShowLink: 'The gateway sent a link the till cannot show',
} as const;
