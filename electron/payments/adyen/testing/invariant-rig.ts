import fc from 'fast-check';
import { z } from 'zod';
// Only test code may import the simulators.
import type { FaultRequestSchema } from '../../../simulators/adyen/faults.ts';
import { startTestSimulator } from '../../../simulators/adyen/testing/harness.ts';
import { POIID } from '../../../simulators/adyen/testing/requests.ts';
import {
  MAGIC_AMOUNTS,
  notApprovedVerdict,
  type InvariantRig,
  type Run,
  type TerminalVerdict,
} from '../../testing/invariant-rig.ts';
import { SALE_SYSTEM_ID } from '../../testing/payment-harness.ts';
import { startProviderHarness } from '../../testing/provider-harness.ts';
import type { Delivery } from '../../testing/scenario-rig.ts';
import type { AdyenTerminalConnection } from '../terminal-connection.ts';
import { adyenScenarioRig, rigAdyenSimulator } from './scenario-rig.ts';

/**
 * The payment invariants' Adyen: the Adyen simulator's faults (late, held,
 * dropped or failed replies; lost, doubled, late or reordered notifications;
 * a terminal that goes offline mid-transaction; the same glitches on the
 * till's status requests), over either API (Cloud device API or the older
 * Terminal API hosts), with results on the held request or by notification.
 */

type Fault = z.input<typeof FaultRequestSchema>;

interface AdyenSetup {
  readonly delivery: Delivery;
  readonly api: AdyenTerminalConnection['api'];
}

/** Simulated milliseconds; at 0.001 a 300 000 ms delay is 300 ms, past the 250 ms deadline. */
const delay = fc.constantFrom(5_000, 20_000, 300_000);

const faultArbitrary: fc.Arbitrary<Fault> = fc.oneof(
  delay.map((delayMs): Fault => ({ fault: 'respond-late', delayMs })),
  fc.constant<Fault>({ fault: 'never-respond' }),
  fc.constant<Fault>({ fault: 'drop-connection' }),
  fc
    .record({ status: fc.constantFrom(500, 502, 503, 504), beforeTerminal: fc.boolean() })
    .map(({ status, beforeTerminal }): Fault => ({ fault: 'http-error', status, beforeTerminal })),
  fc.constant<Fault>({ fault: 'lose-notification' }),
  fc.constant<Fault>({ fault: 'duplicate-notification' }),
  delay.map((delayMs): Fault => ({ fault: 'delay-notification', delayMs })),
  fc.constant<Fault>({ fault: 'reorder-notifications' }),
  fc.constantFrom(500, 2_000, 5_000).map((afterMs): Fault => ({ fault: 'offline-mid-transaction', afterMs })),
  // The same glitches on the till's status requests: whichever status request comes next takes it.
  fc.constantFrom<Fault>(
    { fault: 'drop-connection', categories: ['TransactionStatus'] },
    { fault: 'http-error', status: 503, categories: ['TransactionStatus'] },
    { fault: 'respond-late', delayMs: 50_000, categories: ['TransactionStatus'] },
  ),
);

/**
 * Found by this property, kept as a fixed first case: an async "ok" that comes
 * late (a slow cloud or proxy), so the terminal's first display notification
 * is handled before it, and a result notification that never comes.
 */
export const RACE_OK_AFTER_DISPLAY: Run<Fault, AdyenSetup> = {
  delivery: 'async',
  api: 'cloud-device',
  steps: [
    {
      outcome: 'approve',
      amountMinor: 7_000,
      faults: [{ fault: 'respond-late', delayMs: 20_000 }, { fault: 'lose-notification' }],
      sameSale: false,
    },
    { outcome: 'approve', amountMinor: 1_000, faults: [], sameSale: false },
  ],
};

const TerminalResponseSchema = z.looseObject({
  SaleToPOIResponse: z.looseObject({
    PaymentResponse: z.looseObject({
      Response: z.looseObject({
        Result: z.enum(['Success', 'Failure', 'Partial']),
        ErrorCondition: z.string().optional(),
        AdditionalResponse: z.string().optional(),
      }),
      PaymentResult: z
        .looseObject({ AmountsResp: z.looseObject({ AuthorizedAmount: z.number() }).optional() })
        .optional(),
    }),
  }),
});

/** The terminal's response to a payment request, read independently of the till's client. */
function verdictOf(response: unknown): TerminalVerdict {
  const payment = TerminalResponseSchema.parse(response).SaleToPOIResponse.PaymentResponse;
  const { Result: result, ErrorCondition: condition } = payment.Response;
  if (result === 'Success' || result === 'Partial') {
    const authorised = payment.PaymentResult?.AmountsResp?.AuthorizedAmount;
    if (authorised === undefined) throw new Error('The terminal approved without an authorised amount');
    return {
      state: 'approved',
      authorisedMinor: Math.round(authorised * 100),
      terminalReference: new URLSearchParams(payment.Response.AdditionalResponse).get('pspReference'),
    };
  }
  return notApprovedVerdict(condition);
}

export const adyenInvariantRig: InvariantRig<Fault, AdyenSetup> = {
  name: 'adyen',
  // About 0.3 s each.
  numRuns: 80,
  // The last three digits of the minor units pick what the simulated terminal does.
  amounts: MAGIC_AMOUNTS,
  fault: faultArbitrary,
  setup: fc.record({
    delivery: fc.constantFrom<Delivery>('sync', 'async'),
    api: fc.constantFrom<AdyenSetup['api']>('cloud-device', 'terminal-api'),
  }),
  examples: [RACE_OK_AFTER_DISPLAY],
  async start(setup, { timing, timeScale }) {
    const test = await startTestSimulator({ timeScale, terminals: [{ poiid: POIID }] });
    const { simulator, client } = test;
    const h = await startProviderHarness(
      { ...adyenScenarioRig, connect: () => Promise.resolve(rigAdyenSimulator(test, setup.api)) },
      { delivery: setup.delivery, timing, timeScale },
    );
    return {
      service: h.service,
      saleSystemId: SALE_SYSTEM_ID,
      journalFile: h.journalFile,
      logLines: h.logger.lines,
      fault: (fault) => client.addFault(POIID, fault),
      async clearFaults() {
        await client.request('DELETE', `/_simulator/terminals/${POIID}/faults`);
      },
      setOnline: (online) => client.setOnline(POIID, online),
      idle: () => Promise.resolve(simulator.terminal(POIID)?.current === undefined),
      deliveriesDone: () => simulator.notificationsIdle(),
      async paymentsAtTerminal() {
        return (await client.transactions(POIID))
          .filter((transaction) => transaction.category === 'Payment')
          .map((transaction) => ({
            serviceId: transaction.serviceId,
            saleSystemId: transaction.saleId,
            verdict: transaction.finished ? verdictOf(transaction.response) : undefined,
          }));
      },
      stop: () => h.stop(),
      close: () => h.close(),
    };
  },
};
