import { z } from 'zod';
import type { PaymentConfigSchema, PaymentProvider, TillMode, WebhooksConfig } from '../../../shared/config/schema.ts';
// Only test code may import the simulators.
import { API_KEY, MERCHANT, startTestSimulator } from '../../simulators/adyen/testing/harness.ts';
import { POIID } from '../../simulators/adyen/testing/requests.ts';
import { startTestWorldlineSimulator, WORLDLINE_UTID } from '../../simulators/worldline/testing/harness.ts';
import type { ListedTransaction } from '../../simulators/worldline/testing/schemas.ts';

/**
 * One card terminal of either provider for the crash tests, behind what they
 * need of it: its simulator started for the test, the till configuration that
 * points a real till at it (so `kassa` goes through the provider registry and
 * nothing else tells it which provider it has), a fault on the next payment
 * request, and the terminal's own record of every payment request it saw,
 * read from the simulator's control API as the truth a book is held to.
 */

export type Delivery = 'sync' | 'async';

/** The faults the crash table scripts, as both simulators take them. */
export type CrashFault =
  /** The terminal finishes, then the connection is cut instead of the reply. */
  | { readonly fault: 'drop-connection' }
  /** A gateway answers 502; `beforeTerminal`: it never passed the request on. */
  | { readonly fault: 'http-error'; readonly status: 502; readonly beforeTerminal: boolean };

/** What the terminal decided about a payment request it finished. */
export type TerminalVerdict =
  | { readonly kind: 'approved'; readonly authorisedMinor: number; readonly terminalReference: string | null }
  | { readonly kind: 'not_approved' };

/** One payment request as the terminal recorded it. */
export interface TerminalPayment {
  /** What names the request at the terminal: Adyen's ServiceID, Worldline's ExchangeIdentification. */
  readonly serviceId: string;
  readonly finished: boolean;
  /** Read from the terminal's own response once finished. */
  readonly verdict: () => TerminalVerdict;
}

export interface TerminalRecord {
  /** Every payment (and refund) request the terminal took, oldest first. */
  readonly payments: readonly TerminalPayment[];
  /**
   * Payment requests the cloud refused because their id had been used
   * already: a second request for one attempt that never shows as a payment
   * (Worldline refuses a repeated ExchangeIdentification; Adyen lists every
   * request it gets, so 0).
   */
  readonly refusedRepeats: number;
}

/** The till configuration's sections that choose and reach the terminal. */
export interface TerminalTillConfig {
  readonly mode: TillMode;
  readonly payment: z.input<typeof PaymentConfigSchema>;
  readonly webhooks?: WebhooksConfig;
}

export interface CrashTerminal {
  readonly provider: PaymentProvider;
  /**
   * A till pointing at this terminal, in `delivery` mode, naming itself
   * `saleSystemId`, its webhook listener (if the provider needs one for this
   * delivery) on loopback at `webhookPort`.
   */
  tillConfig(options: {
    delivery: Delivery;
    webhookPort: number;
    saleSystemId: string;
    resultTimeoutSeconds: number;
  }): TerminalTillConfig;
  /** Scripts the fault on the terminal's next payment request. */
  addFault(fault: CrashFault): Promise<void>;
  record(): Promise<TerminalRecord>;
  /** The payment requests of this attempt (by its request id, and its till where the terminal records it). */
  requestsOf(attempt: { readonly serviceId: string; readonly saleSystemId: string }): Promise<TerminalPayment[]>;
}

export function startCrashTerminal(provider: PaymentProvider, options: { timeScale: number }): Promise<CrashTerminal> {
  switch (provider) {
    case 'adyen':
      return adyenTerminal(options.timeScale);
    case 'worldline':
      return worldlineTerminal(options.timeScale);
  }
}

const minorOf = (major: number) => Math.round(major * 100);

const WEBHOOK_USER = 'adyen-events';
const WEBHOOK_PASSWORD = 'crash-test-secret-1';

const AdyenResultSchema = z.looseObject({
  SaleToPOIResponse: z.looseObject({
    PaymentResponse: z.looseObject({
      Response: z.looseObject({
        Result: z.enum(['Success', 'Failure', 'Partial']),
        AdditionalResponse: z.string().optional(),
      }),
      PaymentResult: z
        .looseObject({ AmountsResp: z.looseObject({ AuthorizedAmount: z.number() }).optional() })
        .optional(),
    }),
  }),
});

async function adyenTerminal(timeScale: number): Promise<CrashTerminal> {
  const sim = await startTestSimulator({ timeScale, terminals: [{ poiid: POIID }] });
  const listed = async () =>
    (await sim.client.transactions(POIID)).filter((transaction) => transaction.category === 'Payment');
  const asPayment = (transaction: Awaited<ReturnType<typeof listed>>[number]): TerminalPayment => ({
    serviceId: transaction.serviceId,
    finished: transaction.finished,
    verdict() {
      const response = AdyenResultSchema.parse(transaction.response).SaleToPOIResponse.PaymentResponse;
      if (response.Response.Result === 'Failure') return { kind: 'not_approved' };
      const authorised = response.PaymentResult?.AmountsResp?.AuthorizedAmount;
      if (authorised === undefined) throw new Error('An approval without an authorised amount');
      const pspReference = new URLSearchParams(response.Response.AdditionalResponse).get('pspReference');
      return { kind: 'approved', authorisedMinor: minorOf(authorised), terminalReference: pspReference };
    },
  });
  return {
    provider: 'adyen',
    tillConfig({ delivery, webhookPort, saleSystemId, resultTimeoutSeconds }) {
      // Adyen posts displays (both modes) and results (async) to the event URL set at the cloud.
      sim.simulator.setEventUrls([
        { url: `http://127.0.0.1:${String(webhookPort)}/`, username: WEBHOOK_USER, password: WEBHOOK_PASSWORD },
      ]);
      return {
        mode: 'training',
        payment: {
          provider: 'adyen',
          mode: delivery,
          resultTimeoutSeconds,
          adyen: {
            poiId: POIID,
            merchantAccount: MERCHANT,
            baseUrl: sim.simulator.url,
            apiKey: API_KEY,
            saleId: saleSystemId,
            api: 'cloud-device',
          },
        },
        webhooks: { listen: `127.0.0.1:${String(webhookPort)}`, username: WEBHOOK_USER, password: WEBHOOK_PASSWORD },
      };
    },
    addFault: (fault) => sim.client.addFault(POIID, fault),
    async record() {
      return { payments: (await listed()).map(asPayment), refusedRepeats: 0 };
    },
    async requestsOf(attempt) {
      return (await listed())
        .filter(
          (transaction) => transaction.serviceId === attempt.serviceId && transaction.saleId === attempt.saleSystemId,
        )
        .map(asPayment);
    },
  };
}

function worldlineVerdict(transaction: ListedTransaction): TerminalVerdict {
  const response = transaction.response;
  if (response === undefined) throw new Error(`Exchange ${transaction.exchangeId} has no response`);
  const payment = response.PaymentResponse?.PaymentTransaction;
  const authorisation = payment?.TransactionResponse?.AuthorisationResult?.ResponseToAuthorisation?.Response;
  // Worldline approves only with the authorisation saying so; Success alone is not enough.
  const approved =
    (response.Response.Result === 'Success' || response.Response.Result === 'Partial') &&
    (authorisation === 'Approved' || authorisation === 'Partial');
  if (!approved) return { kind: 'not_approved' };
  const authorised = payment?.TransactionDetails?.TotalAmount;
  if (authorised === undefined) throw new Error('An approval without an authorised amount');
  return {
    kind: 'approved',
    authorisedMinor: minorOf(authorised),
    terminalReference: payment?.TransactionIdentification.TransactionReference ?? null,
  };
}

async function worldlineTerminal(timeScale: number): Promise<CrashTerminal> {
  const { simulator, client } = await startTestWorldlineSimulator({
    timeScale,
    terminals: [{ utid: WORLDLINE_UTID }],
  });
  const asPayment = (transaction: ListedTransaction): TerminalPayment => ({
    serviceId: transaction.exchangeId,
    finished: transaction.state === 'done',
    verdict: () => worldlineVerdict(transaction),
  });
  const listing = () => client.transactions(WORLDLINE_UTID);
  // Payments and refunds, as Adyen's 'Payment' category: not reversals.
  const moneyIn = (transactions: readonly ListedTransaction[]) =>
    transactions.filter((transaction) => transaction.kind !== 'reversal');
  return {
    provider: 'worldline',
    tillConfig({ delivery, webhookPort, saleSystemId, resultTimeoutSeconds }) {
      const worldline = {
        merchantId: simulator.merchantId,
        terminalId: WORLDLINE_UTID,
        baseUrl: simulator.url,
        apiKey: simulator.apiKey,
        initiatingPartyId: saleSystemId,
      };
      if (delivery === 'sync') {
        // Results come on the held request and Worldline sends no displays: a sync till has no listener.
        return {
          mode: 'training',
          payment: { provider: 'worldline', mode: delivery, resultTimeoutSeconds, worldline },
        };
      }
      const listen = `127.0.0.1:${String(webhookPort)}`;
      // Worldline posts each result to the WebhookUrl the till made under `publicUrl` for that request.
      // A training till must give an https `publicUrl` (its proxy's); on loopback without TLS only a
      // demo till may, and with `baseUrl` set a demo till reaches the configured cloud exactly as a
      // training till does (connectWorldlineTerminal starts no embedded simulator then).
      return {
        mode: 'demo',
        payment: { provider: 'worldline', mode: delivery, resultTimeoutSeconds, worldline },
        webhooks: { listen, publicUrl: `http://${listen}` },
      };
    },
    addFault: (fault) => client.addFault(WORLDLINE_UTID, fault),
    async record() {
      const { transactions, duplicates } = await listing();
      return { payments: moneyIn(transactions).map(asPayment), refusedRepeats: duplicates };
    },
    async requestsOf(attempt) {
      // By the exchange (unique per terminal: the cloud refuses a repeat) and the till that sent it.
      return moneyIn((await listing()).transactions)
        .filter(
          (transaction) =>
            transaction.exchangeId === attempt.serviceId && transaction.initiatingParty === attempt.saleSystemId,
        )
        .map(asPayment);
    },
  };
}
