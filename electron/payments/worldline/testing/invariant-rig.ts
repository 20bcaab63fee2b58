import fc from 'fast-check';
// Only test code may import the simulators.
import { FAULT_STATUSES, type FaultStatus } from '../../../simulators/worldline/faults.ts';
import {
  startTestWorldlineSimulator,
  WORLDLINE_UTID,
  type FaultInput,
} from '../../../simulators/worldline/testing/harness.ts';
import type { ListedTransaction } from '../../../simulators/worldline/testing/schemas.ts';
import {
  MAGIC_AMOUNTS,
  notApprovedVerdict,
  type InvariantRig,
  type Run,
  type TerminalVerdict,
} from '../../testing/invariant-rig.ts';
import { startProviderHarness } from '../../testing/provider-harness.ts';
import type { Delivery } from '../../testing/scenario-rig.ts';
import { rigWorldlineSimulator, WORLDLINE_SALE_SYSTEM_ID, worldlineScenarioRig } from './scenario-rig.ts';

/**
 * The payment invariants' Worldline: the Worldline simulator's faults (an
 * HTTP error before or after the terminal, a dropped or held reply, a lost,
 * doubled or late webhook, the same glitches on the till's status
 * requests), and a terminal that drops off the cloud, with results on the
 * held request or by webhook.
 *
 * The simulator has no offline-mid-transaction fault: a terminal taken
 * offline finishes what it runs, and only new requests find it gone (404,
 * "not connected"). So there are two ways to be offline: before the payment
 * (`go-offline`: the payment and every status question get the 404 until
 * the terminal is back), and once the payment runs (a 404 on every status
 * question until the terminal is back, with a lost reply or webhook beside
 * it in the same step).
 */

type Fault = FaultInput | { readonly fault: 'go-offline' };

interface WorldlineSetup {
  readonly delivery: Delivery;
}

/** Simulated milliseconds; at 0.001 a 300 000 ms delay is 300 ms, past the 250 ms deadline. */
const delay = fc.constantFrom(5_000, 20_000, 300_000);

/**
 * What may come back after the cloud passed the payment on. Not a 400 or a
 * 401: they say the request was refused as it stood, and the till takes
 * them at their word (a 400 is never sent again, a 401 needs IT) without
 * asking, so a terminal that charged behind one would be a fault no cloud
 * makes.
 */
const AFTER_TERMINAL = FAULT_STATUSES.filter(
  (status): status is Exclude<FaultStatus, 400 | 401> => status !== 400 && status !== 401,
);

/** A status question finds the terminal gone until it is back (`clearFaults`); at most 1 000 questions. */
const UNTIL_BACK = 1_000;

const faultArbitrary: fc.Arbitrary<Fault> = fc.oneof(
  fc
    .record({ status: fc.constantFrom(...FAULT_STATUSES), times: fc.constantFrom(1, 2, 8) })
    .map(({ status, times }): Fault => ({ fault: 'http-error', status, beforeTerminal: true, times })),
  fc.constantFrom(...AFTER_TERMINAL).map((status): Fault => ({ fault: 'http-error', status, beforeTerminal: false })),
  fc.constant<Fault>({ fault: 'drop-connection' }),
  fc.constant<Fault>({ fault: 'never-respond' }),
  fc.constant<Fault>({ fault: 'lose-webhook' }),
  fc.constant<Fault>({ fault: 'duplicate-webhook' }),
  delay.map((delayMs): Fault => ({ fault: 'delay-webhook', delayMs })),
  fc.constant<Fault>({ fault: 'go-offline' }),
  // The same glitches on the till's status requests: whichever status request comes next takes it.
  // (No never-respond here: the till's held status question would wait out its 60-second transport timeout.)
  fc.constantFrom<Fault>(
    { fault: 'drop-connection', categories: ['TransactionStatus'] },
    { fault: 'http-error', status: 503, categories: ['TransactionStatus'] },
    { fault: 'http-error', status: 404, categories: ['TransactionStatus'], times: UNTIL_BACK },
  ),
);

/**
 * Fixed first cases, so the offline paths are taken every time: the terminal
 * drops off the cloud once it has the payment (the reply, or the webhook, is
 * lost and every status question finds it not connected until it is back),
 * or before the payment; either way the till flags it and a manager finds
 * the truth once the terminal is back.
 */
export const OFFLINE_ONCE_RUNNING: readonly Run<Fault, WorldlineSetup>[] = (['sync', 'async'] as const).map(
  (delivery) => ({
    delivery,
    steps: [
      {
        outcome: 'approve',
        amountMinor: 7_000,
        faults: [
          { fault: delivery === 'sync' ? 'never-respond' : 'lose-webhook' },
          { fault: 'http-error', status: 404, categories: ['TransactionStatus'], times: UNTIL_BACK },
        ],
        sameSale: false,
      },
      { outcome: 'approve', amountMinor: 1_000, faults: [{ fault: 'go-offline' }], sameSale: false },
      { outcome: 'partial', amountMinor: 906, faults: [], sameSale: true },
    ],
  }),
);

/** The terminal's result for a payment, as the simulator lists it, read independently of the till's client. */
function verdictOf(transaction: ListedTransaction): TerminalVerdict | undefined {
  const response = transaction.response;
  if (transaction.state !== 'done' || response === undefined) return undefined;
  const { Result: result, ResponseReason: reason } = response.Response;
  if (result === 'Success' || result === 'Partial') {
    const payment = response.PaymentResponse?.PaymentTransaction;
    const authorised = payment?.TransactionDetails?.TotalAmount;
    if (payment === undefined || authorised === undefined) {
      throw new Error('The terminal approved without an authorised amount');
    }
    // Worldline approves only with the authorisation saying so (the till's rule, and the crash test's).
    const authorisation = payment.TransactionResponse?.AuthorisationResult?.ResponseToAuthorisation?.Response;
    if (authorisation !== 'Approved' && authorisation !== 'Partial') {
      throw new Error(`The terminal answered ${result} without an approved authorisation (${String(authorisation)})`);
    }
    return {
      state: 'approved',
      authorisedMinor: Math.round(authorised * 100),
      terminalReference: payment.TransactionIdentification.TransactionReference,
    };
  }
  return notApprovedVerdict(reason);
}

export const worldlineInvariantRig: InvariantRig<Fault, WorldlineSetup> = {
  name: 'worldline',
  numRuns: 60,
  // The same magic amounts as Adyen's: the last three digits of the minor units.
  amounts: MAGIC_AMOUNTS,
  fault: faultArbitrary,
  setup: fc.record({ delivery: fc.constantFrom<Delivery>('sync', 'async') }),
  examples: OFFLINE_ONCE_RUNNING,
  async start(setup, { timing, timeScale }) {
    const test = await startTestWorldlineSimulator({ timeScale, terminals: [{ utid: WORLDLINE_UTID }] });
    const { simulator, client } = test;
    const h = await startProviderHarness(
      { ...worldlineScenarioRig, connect: () => Promise.resolve(rigWorldlineSimulator(test)) },
      { delivery: setup.delivery, timing, timeScale },
    );
    const listed = async () => (await client.transactions(WORLDLINE_UTID)).transactions;
    return {
      service: h.service,
      saleSystemId: WORLDLINE_SALE_SYSTEM_ID,
      journalFile: h.journalFile,
      logLines: h.logger.lines,
      async fault(fault) {
        if (fault.fault === 'go-offline') await client.setOnline(WORLDLINE_UTID, false);
        else await client.addFault(WORLDLINE_UTID, fault);
      },
      clearFaults: () => client.clearFaults(WORLDLINE_UTID),
      setOnline: (online) => client.setOnline(WORLDLINE_UTID, online),
      idle: async () => (await listed()).every((transaction) => transaction.state === 'done'),
      deliveriesDone: () => simulator.notificationsIdle(),
      async paymentsAtTerminal() {
        return (await listed())
          .filter((transaction) => transaction.kind === 'payment')
          .map((transaction) => ({
            serviceId: transaction.exchangeId,
            saleSystemId: transaction.initiatingParty,
            verdict: verdictOf(transaction),
          }));
      },
      stop: () => h.stop(),
      close: () => h.close(),
    };
  },
};
