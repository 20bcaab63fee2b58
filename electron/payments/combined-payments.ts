import type { AttemptRecord } from './payment-book.ts';
import type { PaymentService } from './payment-service.ts';

/**
 * A till with a card terminal and an online gateway (pay by link) runs one
 * payment service per provider on one payment book. The rest of the till
 * (sales, refunds, the day, the screen's channels) sees one service: new card
 * payments and refunds go to the card terminal, a link to the gateway (the
 * sale service asks for that one by name), and anything about an existing
 * attempt goes to the service whose terminal made it. Reads come from the
 * book both share, so they already cover both.
 */
export function combinedPayments(card: PaymentService, gateway: PaymentService): PaymentService {
  const services = [card, gateway];

  /** The service whose provider made the attempt; the card terminal's for one the book does not know. */
  const serviceOf = (attemptId: string): PaymentService =>
    card.attempt(attemptId)?.terminalId === gateway.terminalId ? gateway : card;

  return {
    terminalId: card.terminalId,
    startPayment: (input) => card.startPayment(input),
    // A refund quoting a payment goes back the way the money came: a link payment is refunded by its gateway.
    // A webshop order's payment, named by its gateway id, goes back through that gateway too.
    startRefund: (input) => {
      if (input.onlinePaymentId !== undefined) return gateway.startRefund(input);
      return input.originalAttemptId === undefined
        ? card.startRefund(input)
        : serviceOf(input.originalAttemptId).startRefund(input);
    },
    // Deposits are the gateway's alone: a hold is a link, and its capture or release goes where the hold went.
    holds: gateway.holds === true,
    startHold: (input) => gateway.startHold(input),
    startCapture: (input) => gateway.startCapture(input),
    startRelease: (input) => gateway.startRelease(input),
    refundableOn: (attemptId) => serviceOf(attemptId).refundableOn(attemptId),
    whenSettled: (attemptId) => serviceOf(attemptId).whenSettled(attemptId),
    abort: (attemptId) => serviceOf(attemptId).abort(attemptId),
    checkStatus: (attemptId) => serviceOf(attemptId).checkStatus(attemptId),
    resolve: (attemptId, resolution) => serviceOf(attemptId).resolve(attemptId, resolution),
    async recover() {
      const settled = await Promise.all(services.map((service) => service.recover()));
      return settled.flat();
    },
    // The card terminal's listener hands on what its intakes took; the gateway's intake delivers to its own.
    handleNotification: (body, inboxSeq) => card.handleNotification(body, inboxSeq),
    view: (record: AttemptRecord) => (record.terminalId === gateway.terminalId ? gateway : card).view(record),
    attempt: (attemptId) => card.attempt(attemptId),
    attemptsOf: (saleId) => card.attemptsOf(saleId),
    history: (attemptId) => card.history(attemptId),
    unsettled: () => card.unsettled(),
    inFlight: () => card.inFlight(),
    onAttemptChanged(listener) {
      const stops = services.map((service) => service.onAttemptChanged(listener));
      return () => {
        for (const stop of stops) stop();
      };
    },
    async close() {
      await Promise.all(services.map((service) => service.close()));
    },
  };
}
