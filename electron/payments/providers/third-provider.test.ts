import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { FinalPaymentState } from '../../../shared/payments/payment-state.ts';
import { runPaymentScenarios } from '../testing/payment-scenarios.ts';
import type { CommonFault, ScenarioRig, TerminalControls } from '../testing/scenario-rig.ts';
import type {
  PaymentRequestIds,
  SendResult,
  StatusResult,
  TerminalOutcome,
  TerminalProvider,
} from '../terminal-provider.ts';
import type { WebhookIntake } from '../webhooks/webhook-listener.ts';
import type { ConnectedTerminal } from './terminal-module.ts';

/**
 * A third provider, made up here and nowhere else: "Teller", a cloud
 * terminal with its own (tiny) protocol, written against the same
 * interfaces a real provider module fills in (`ConnectedTerminal`,
 * `TerminalProvider`, `WebhookIntake`). The whole payment scenario table
 * runs against it through `startCardPayments`, exactly as against Adyen and
 * Worldline, with no other file changed: that is the test that a provider
 * is one module behind one interface.
 *
 * Teller's cloud lives in this process; its results still reach the till
 * over real HTTP, posted to the till's webhook listener on loopback.
 */

const TERMINAL_ID = 'TELLER-0001';
const SALE_SYSTEM_ID = 'KassaTill1';
const RESULT_PATH = '/teller/result';

/** The amounts Teller's test terminal answers in a set way, as the other simulators do. */
function verdictFor(amountMinor: number): TerminalOutcome {
  const answer = (state: FinalPaymentState, reason?: string): TerminalOutcome =>
    reason === undefined ? { state } : { state, reason };
  switch (amountMinor) {
    case 10_123:
      return answer('declined', 'Refused by the issuer');
    case 10_901:
      return answer('cancelled', 'Shopper cancelled');
    case 10_904:
      return answer('failed', 'The terminal is busy with another sale');
    case 10_906:
      return { state: 'approved', authorisedMinor: amountMinor / 2, terminalReference: 'TELLER-PARTIAL' };
    default:
      return { state: 'approved', authorisedMinor: amountMinor, terminalReference: 'TELLER-OK' };
  }
}

const ResultSchema = z.object({
  terminalId: z.string(),
  saleSystemId: z.string(),
  serviceId: z.string(),
  signature: z.string().optional(),
  outcome: z.object({
    state: z.enum(['approved', 'declined', 'cancelled', 'failed']),
    authorisedMinor: z.number().int().nonnegative().optional(),
    terminalReference: z.string().optional(),
    reason: z.string().optional(),
  }),
});
type TellerResult = z.infer<typeof ResultSchema>;

/** What a Teller outcome says, without the keys it leaves out (the service's types are exact). */
function outcomeOf(outcome: TellerResult['outcome']): TerminalOutcome {
  return {
    state: outcome.state,
    ...(outcome.authorisedMinor === undefined ? {} : { authorisedMinor: outcome.authorisedMinor }),
    ...(outcome.terminalReference === undefined ? {} : { terminalReference: outcome.terminalReference }),
    ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
  };
}

/** Teller's cloud and its one terminal: what it did, and the faults a test asked of it. */
function startTellerCloud() {
  const done = new Map<string, TerminalOutcome>();
  const faults: CommonFault[] = [];
  const deliveries: Promise<unknown>[] = [];
  let online = true;
  let webhookUrl: string | undefined;

  function takeFault(): CommonFault | undefined {
    return faults.shift();
  }

  function post(result: TellerResult, times: number): void {
    for (let time = 0; time < times; time += 1) {
      if (webhookUrl === undefined) return;
      deliveries.push(
        fetch(new URL(RESULT_PATH, webhookUrl), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(result),
        }).then((response) => response.text()),
      );
    }
  }

  const controls: TerminalControls = {
    fault: (fault) => {
      const times = fault.kind === 'http-error' ? (fault.times ?? 1) : 1;
      for (let time = 0; time < times; time += 1) faults.push(fault);
      return Promise.resolve();
    },
    setOnline: (value) => {
      online = value;
      return Promise.resolve();
    },
    moneyAtTerminal: () => Promise.resolve(done.size),
    deliveriesDone: async () => {
      await Promise.all(deliveries);
    },
  };

  return {
    controls,
    listening(url: string) {
      webhookUrl = url;
    },
    /** A payment request reaching the cloud: what Teller's HTTP API would answer, in the till's words. */
    async pay(
      request: PaymentRequestIds,
      signature: string,
      delivery: 'sync' | 'async',
      signal: AbortSignal,
    ): Promise<SendResult> {
      const fault = takeFault();
      if (fault?.kind === 'http-error' && fault.beforeTerminal) return answerToStatus(fault.status);
      if (!online) return { kind: 'unknown', reason: 'The cloud could not reach the terminal in time' };
      const outcome = verdictFor(request.amountMinor);
      if (outcome.state === 'failed') return { kind: 'outcome', outcome };
      done.set(request.serviceId, outcome);
      const result = {
        terminalId: request.terminalId,
        saleSystemId: request.saleSystemId,
        serviceId: request.serviceId,
        signature,
        outcome,
      };
      if (fault?.kind === 'http-error') return answerToStatus(fault.status);
      if (fault?.kind === 'drop-connection') return { kind: 'unknown', reason: 'The connection was cut' };
      if (fault?.kind === 'never-respond') {
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        return { kind: 'unknown', reason: 'No reply before the deadline' };
      }
      if (delivery === 'sync') return { kind: 'outcome', outcome };
      post(result, fault?.kind === 'lose-result' ? 0 : fault?.kind === 'duplicate-result' ? 2 : 1);
      return { kind: 'accepted' };
    },
    status(request: PaymentRequestIds): StatusResult {
      if (!online) return { kind: 'unknown', reason: 'The terminal is not connected' };
      const outcome = done.get(request.serviceId);
      return outcome === undefined
        ? { kind: 'not_found', reason: 'Teller never saw this payment' }
        : { kind: 'outcome', outcome };
    },
  };
}

/** How Teller's HTTP statuses read: only a request the cloud says it refused is known not to have run. */
function answerToStatus(status: number): SendResult {
  if (status === 401) return { kind: 'refused', reason: 'Teller refused the API key' };
  if (status === 400 || status === 404) return { kind: 'refused', reason: `Teller refused the request (${status})` };
  return { kind: 'unknown', reason: `HTTP ${status}` };
}

type TellerCloud = ReturnType<typeof startTellerCloud>;

function tellerProvider(cloud: TellerCloud, delivery: 'sync' | 'async', signingKey: Buffer): TerminalProvider {
  const sign = (request: PaymentRequestIds) =>
    createHmac('sha256', signingKey).update(`${request.saleSystemId}/${request.serviceId}`).digest('base64url');
  let serial = 0;
  return {
    name: 'teller',
    terminalId: TERMINAL_ID,
    saleSystemId: SALE_SYSTEM_ID,
    delivery,
    canAbort: false,
    newServiceId: () => `T${Date.now().toString(36)}${(serial += 1).toString(36)}`,
    sendPayment: (request, signal) => cloud.pay(request, sign(request), delivery, signal),
    askStatus: (request) => Promise.resolve(cloud.status(request)),
    abort: () => Promise.resolve({ delivered: false, reason: 'Teller cannot stop a payment' }),
    readNotification(body) {
      const parsed = ResultSchema.safeParse(body);
      if (!parsed.success) return undefined;
      const { terminalId, saleSystemId, serviceId, signature, outcome } = parsed.data;
      return {
        kind: 'result',
        ids: { terminalId, saleSystemId, serviceId },
        outcome: outcomeOf(outcome),
        signature,
      };
    },
    verifySignature(request, signature) {
      const expected = Buffer.from(sign(request));
      const given = Buffer.from(signature);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}

const tellerIntake: WebhookIntake = {
  handles: (url) => url.pathname.endsWith(RESULT_PATH),
  // The till's signature on the request, echoed back, is what makes a result count; see verifySignature.
  authorised: () => true,
  describe(body) {
    const parsed = ResultSchema.safeParse(body);
    if (!parsed.success) return undefined;
    const { terminalId, saleSystemId, serviceId } = parsed.data;
    return { kind: 'result', terminalId, saleSystemId, serviceId };
  },
  accepted: { contentType: 'text/plain', text: 'ok' },
};

function connectedTeller(cloud: TellerCloud, delivery: 'sync' | 'async'): ConnectedTerminal {
  return {
    provider: 'teller',
    terminalId: TERMINAL_ID,
    target: 'the Teller cloud in this test',
    firstWords: 'Teller terminal',
    createProvider: (options) => tellerProvider(cloud, options.delivery, options.signingKey),
    webhooks: () =>
      delivery === 'sync'
        ? undefined
        : { intakes: [tellerIntake], loopback: true, listening: (url) => cloud.listening(url) },
    watch: () => () => undefined,
    close: () => Promise.resolve(),
  };
}

const tellerRig: ScenarioRig = {
  name: 'teller (a third provider made up in a test)',
  deliveries: ['sync', 'async'],
  traits: { onThrottle: 'ask', onNotFound: 'wrong-address' },
  connect({ delivery }) {
    const cloud = startTellerCloud();
    return Promise.resolve({
      terminal: connectedTeller(cloud, delivery),
      controls: cloud.controls,
      close: () => cloud.controls.deliveriesDone(),
    });
  },
};

runPaymentScenarios(tellerRig);
