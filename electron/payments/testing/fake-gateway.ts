import type { Clock } from '../../clock.ts';
import type {
  PaymentRequestIds,
  PoiTransaction,
  SendResult,
  StatusResult,
  TerminalOutcome,
  TerminalProvider,
} from '../terminal-provider.ts';

/**
 * An online gateway that takes deposits, in process and scripted by the test:
 * a hold is a link the customer authorises when the test says so
 * (`authorise`), and a capture or release is answered at once, declined, or
 * carried out with its answer lost (`nextSettle`), so the till must ask about
 * it. It keeps what a real gateway would: which holds are authorised, what was
 * captured and released, every request and every status question, so a test
 * can see that a lost answer was asked about, not sent again.
 *
 * Named as a gateway the configuration knows, so the till treats its attempts
 * as links; real loopback HTTP is the real gateways' own tests' business.
 */

export type SettleScript =
  /** The gateway does it and says so. */
  | 'approve'
  /** The gateway refuses it (nothing moves). */
  | 'decline'
  /** The gateway does it, and the answer never reaches the till: only a status question tells. */
  | 'lose-answer'
  /** The request never reaches the gateway, and the till is told nothing: a status question finds nothing. */
  | 'lose-request';

export interface GatewayHold {
  readonly paymentId: string;
  readonly depositId: string;
  readonly amountMinor: number;
  state: 'waiting' | 'authorised' | 'declined' | 'cancelled';
  authorisedMinor?: number;
}

export interface GatewaySettlement {
  readonly kind: 'capture' | 'release';
  readonly paymentId: string;
  readonly amountMinor: number;
  readonly serviceId: string;
}

export interface FakeGateway extends TerminalProvider {
  /** Every payment request the till sent, in order. */
  readonly sent: PaymentRequestIds[];
  /** Every status question the till asked, in order. */
  readonly asked: PaymentRequestIds[];
  /** The holds the gateway made, by the deposit they are for. */
  readonly holdsMade: ReadonlyMap<string, GatewayHold>;
  /** Captures and releases the gateway carried out. */
  readonly settlements: GatewaySettlement[];
  /** The customer authorises the deposit's hold (all of it unless `authorisedMinor` says less). */
  authorise(depositId: string, authorisedMinor?: number): void;
  /** The customer's card is refused on the link. */
  decline(depositId: string): void;
  /** How the next capture or release is answered; each is used once, then `approve` again. */
  nextSettle(...scripts: SettleScript[]): void;
}

const TERMINAL_ID = 'fake-gateway';

export function createFakeGateway(options: { clock: Clock; name?: 'worldline-direct' }): FakeGateway {
  const { clock } = options;
  const sent: PaymentRequestIds[] = [];
  const asked: PaymentRequestIds[] = [];
  const holds = new Map<string, GatewayHold>();
  const settlements: GatewaySettlement[] = [];
  const scripts: SettleScript[] = [];
  let counter = 0;
  let links = 0;

  const transaction = (paymentId: string): PoiTransaction => ({
    transactionId: paymentId,
    timeStamp: clock.now().toISOString(),
  });

  function holdOutcome(hold: GatewayHold): StatusResult {
    switch (hold.state) {
      case 'waiting':
        return { kind: 'in_progress' };
      case 'authorised':
        return {
          kind: 'outcome',
          outcome: {
            state: 'approved',
            authorisedMinor: hold.authorisedMinor ?? hold.amountMinor,
            terminalReference: hold.paymentId,
            poiTransaction: transaction(hold.paymentId),
          },
        };
      case 'declined':
        return { kind: 'outcome', outcome: { state: 'declined', reason: 'Refused' } };
      case 'cancelled':
        return { kind: 'outcome', outcome: { state: 'cancelled', reason: 'Cancelled at the till' } };
    }
  }

  const settled = (settlement: GatewaySettlement): TerminalOutcome => ({
    state: 'approved',
    authorisedMinor: settlement.amountMinor,
    terminalReference: `${settlement.kind}-${settlement.serviceId}`,
  });

  const holdOf = (depositId: string): GatewayHold => {
    const hold = holds.get(depositId);
    if (hold === undefined) throw new Error(`The gateway has no hold for deposit ${depositId}`);
    return hold;
  };

  return {
    name: options.name ?? 'worldline-direct',
    terminalId: TERMINAL_ID,
    saleSystemId: 'KassaShop',
    delivery: 'async',
    canAbort: true,
    holds: true,
    // Asked while waiting, so an authorisation shows without a webhook; a link lives an hour.
    pace: { resultDeadlineMs: 3_600_000, askWhileWaitingMs: 10, minStatusIntervalMs: 0 },
    sent,
    asked,
    holdsMade: holds,
    settlements,
    newServiceId() {
      counter += 1;
      return `FG${String(counter).padStart(8, '0')}`;
    },
    sendPayment(request): Promise<SendResult> {
      sent.push(request);
      switch (request.kind) {
        case 'hold': {
          links += 1;
          holds.set(request.saleTransactionId, {
            paymentId: `PA-${String(links).padStart(4, '0')}`,
            depositId: request.saleTransactionId,
            amountMinor: request.amountMinor,
            state: 'waiting',
          });
          return Promise.resolve({
            kind: 'accepted',
            link: {
              reference: `link-${String(links)}`,
              url: `https://pay.example/l/${String(links)}`,
              expiresAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
            },
          });
        }
        case 'capture':
        case 'release': {
          const paymentId = request.original?.transactionId;
          if (paymentId === undefined) {
            return Promise.resolve({ kind: 'outcome', outcome: { state: 'failed', reason: 'No payment id' } });
          }
          const script = scripts.shift() ?? 'approve';
          if (script === 'decline') {
            return Promise.resolve({
              kind: 'outcome',
              outcome: { state: 'declined', reason: 'Refused by the acquirer' },
            });
          }
          if (script === 'lose-request') return Promise.resolve({ kind: 'unknown', reason: 'connection reset' });
          const settlement = {
            kind: request.kind,
            paymentId,
            amountMinor: request.amountMinor,
            serviceId: request.serviceId,
          };
          settlements.push(settlement);
          if (script === 'lose-answer') return Promise.resolve({ kind: 'unknown', reason: 'connection reset' });
          return Promise.resolve({ kind: 'outcome', outcome: settled(settlement) });
        }
        case 'payment':
        case 'reversal':
        case 'refund':
          return Promise.resolve({
            kind: 'refused',
            reason: `This fake gateway takes deposits only, not ${request.kind}`,
          });
      }
    },
    askStatus(request): Promise<StatusResult> {
      asked.push(request);
      if (request.kind === 'hold') {
        const hold = holds.get(request.saleTransactionId);
        return Promise.resolve(hold === undefined ? { kind: 'not_found', reason: 'No such link' } : holdOutcome(hold));
      }
      const found = settlements.find((settlement) => settlement.serviceId === request.serviceId);
      return Promise.resolve(
        found === undefined
          ? { kind: 'not_found', reason: 'No such operation' }
          : { kind: 'outcome', outcome: settled(found) },
      );
    },
    abort(request) {
      const hold = request.kind === 'hold' ? holds.get(request.saleTransactionId) : undefined;
      if (hold?.state !== 'waiting') return Promise.resolve({ delivered: false, reason: 'Not live' });
      hold.state = 'cancelled';
      return Promise.resolve({ delivered: true });
    },
    readNotification: () => undefined,
    verifySignature: () => false,
    authorise(depositId, authorisedMinor) {
      const hold = holdOf(depositId);
      hold.state = 'authorised';
      if (authorisedMinor !== undefined) hold.authorisedMinor = authorisedMinor;
    },
    decline(depositId) {
      holdOf(depositId).state = 'declined';
    },
    nextSettle(...next) {
      scripts.push(...next);
    },
  };
}
