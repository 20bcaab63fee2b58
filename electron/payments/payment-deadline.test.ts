import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createMemoryLogger } from '../logging/logger.ts';
import { tempDir } from '../testing/temp-dir.ts';
import type { PaymentBook } from './payment-book.ts';
import { createPaymentService, type PaymentService, type PaymentTiming } from './payment-service.ts';
import type {
  PaymentRequestIds,
  ProviderPace,
  SendResult,
  StatusResult,
  TerminalOutcome,
  TerminalProvider,
} from './terminal-provider.ts';
import { openTestPaymentBook } from '../testing/test-books.ts';

/**
 * The 150-second rule, pinned with fake timers: the service waits for the
 * terminal's result until the deadline and not a millisecond longer, then asks
 * the status of the same payment (never sends it again). A dropped connection
 * is asked about at once. Time moves only when the test moves it.
 */

const TERMINAL = 'V400m-324688179';
const SALE_SYSTEM = 'POSSystemID12345';

const TIMING: PaymentTiming = {
  resultTimeoutMs: 150_000,
  statusRetryDelaysMs: [1_000, 2_000, 4_000],
  inProgressPollMs: 1_000,
  statusGiveUpAfterMs: 60_000,
  unansweredGiveUpAfterMs: 60_000,
};

const APPROVED: TerminalOutcome = { state: 'approved', authorisedMinor: 1234, terminalReference: '8515565295894301' };

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Resolves with `value` when `signal` aborts, as a real request cut off by the till would. */
function untilAborted<T>(signal: AbortSignal, value: T): Promise<T> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(value);
    else signal.addEventListener('abort', () => resolve(value), { once: true });
  });
}

/** A status answer the test gives when it wants; a request cut off by the till still ends, as unknown. */
function heldAnswer(answer: Deferred<StatusResult>): NonNullable<FakeScript['status']> {
  return (_call, signal) =>
    Promise.race([answer.promise, untilAborted<StatusResult>(signal, { kind: 'unknown', reason: 'stopped waiting' })]);
}

interface Call {
  readonly request: PaymentRequestIds;
  /** Milliseconds since the payment was started. */
  readonly at: number;
}

interface StatusCall extends Call {
  readonly serviceId: string;
  /** Whether the request was already cut off when the service made it. */
  readonly abortedAtCall: boolean;
}

interface FakeScript {
  delivery?: 'sync' | 'async';
  /** What sending does; by default it hangs until the till cuts it off, then is unknown. */
  send?: (request: PaymentRequestIds, signal: AbortSignal) => Promise<SendResult>;
  /** The answer to the n-th status request (0-based); by default it hangs until cut off. */
  status?: (call: number, signal: AbortSignal) => Promise<StatusResult>;
  /** How the terminal reads a webhook body; by default it reads none. */
  notification?: TerminalProvider['readNotification'];
  /** A provider's own deadline and status pace (a payment link, a throttled gateway). */
  pace?: ProviderPace;
}

interface FakeTerminal extends TerminalProvider {
  readonly sends: Call[];
  readonly statusCalls: StatusCall[];
  /** Every ServiceID handed out, in order. */
  readonly issued: string[];
}

function fakeTerminal(script: FakeScript, startedAt: () => number): FakeTerminal {
  const sends: Call[] = [];
  const statusCalls: StatusCall[] = [];
  const issued: string[] = [];
  let counter = 0;
  return {
    name: 'fake',
    terminalId: TERMINAL,
    saleSystemId: SALE_SYSTEM,
    delivery: script.delivery ?? 'sync',
    canAbort: true,
    ...(script.pace === undefined ? {} : { pace: script.pace }),
    sends,
    statusCalls,
    issued,
    newServiceId() {
      counter += 1;
      const id = `SVC${String(counter).padStart(7, '0')}`;
      issued.push(id);
      return id;
    },
    sendPayment(request, signal) {
      sends.push({ request, at: Date.now() - startedAt() });
      return script.send?.(request, signal) ?? untilAborted(signal, { kind: 'unknown', reason: 'stopped waiting' });
    },
    askStatus(request, serviceId, signal) {
      const call = statusCalls.length;
      statusCalls.push({ request, serviceId, at: Date.now() - startedAt(), abortedAtCall: signal.aborted });
      return script.status?.(call, signal) ?? untilAborted(signal, { kind: 'unknown', reason: 'stopped waiting' });
    },
    abort() {
      return Promise.resolve({ delivered: true });
    },
    readNotification(body, requestOf) {
      return script.notification?.(body, requestOf);
    },
    verifySignature() {
      return false;
    },
  };
}

interface Till {
  book: PaymentBook;
  terminal: FakeTerminal;
  service: PaymentService;
  /** Starts a payment of 12.34 EUR and notes the time it started. */
  pay(saleId?: string): string;
}

function till(script: FakeScript = {}, timing: Partial<PaymentTiming> = {}): Till {
  const book = openTestPaymentBook(path.join(tempDir(), 'journal.sqlite'));
  let started = Date.now();
  const terminal = fakeTerminal(script, () => started);
  const service = createPaymentService({
    book,
    provider: terminal,
    currency: 'EUR',
    logger: createMemoryLogger(),
    timing: { ...TIMING, ...timing },
  });
  onTestFinished(async () => {
    await service.close();
    book.close();
  });
  return {
    book,
    terminal,
    service,
    pay(saleId = 'SALE-1') {
      started = Date.now();
      return service.startPayment({ saleId, amountMinor: 1234, currency: 'EUR' }).id;
    },
  };
}

function stateOf(setup: Till, attemptId: string) {
  return setup.book.attempt(attemptId)?.state;
}

/** Moves the fake clock on and lets every promise that can settle settle. */
async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the result deadline with sync delivery', () => {
  it('asks nothing before 150 seconds have passed', async () => {
    const setup = till();
    const attemptId = setup.pay();
    await advance(0);
    expect(stateOf(setup, attemptId)).toBe('sent');

    await advance(149_999);
    expect(stateOf(setup, attemptId)).toBe('sent');
    expect(setup.terminal.statusCalls).toHaveLength(0);
    expect(setup.terminal.sends).toHaveLength(1);
  });

  it('at 150 seconds asks the status of the same payment under a fresh ServiceID, and applies the answer', async () => {
    const answer = deferred<StatusResult>();
    const setup = till({ status: heldAnswer(answer) });
    const attemptId = setup.pay();
    const original = setup.book.attempt(attemptId);

    await advance(149_999);
    expect(setup.terminal.statusCalls).toHaveLength(0);
    await advance(1);

    expect(stateOf(setup, attemptId)).toBe('checking');
    expect(setup.terminal.statusCalls).toHaveLength(1);
    const asked = setup.terminal.statusCalls[0];
    expect(asked?.at).toBe(150_000);
    expect(asked?.request).toEqual(setup.terminal.sends[0]?.request);
    expect(asked?.request.serviceId).toBe(original?.serviceId);
    expect(asked?.serviceId).not.toBe(original?.serviceId);
    // The status request's own ServiceID is reserved in the book like any other.
    expect(setup.book.reserveServiceId(TERMINAL, asked?.serviceId ?? '', new Date().toISOString())).toBe(false);

    answer.resolve({ kind: 'outcome', outcome: APPROVED });
    await advance(0);

    const settled = await setup.service.whenSettled(attemptId);
    expect(settled).toMatchObject({ state: 'approved', authorisedMinor: 1234, terminalReference: '8515565295894301' });
    expect(setup.book.events(attemptId).map((event) => event.to)).toEqual(['created', 'sent', 'checking', 'approved']);
    expect(setup.book.saleBalance('SALE-1')).toMatchObject({ paidMinor: 1234, dueMinor: 0 });
    expect(setup.terminal.sends).toHaveLength(1);
  });

  it('gives the reason for checking as the deadline', async () => {
    const setup = till();
    const attemptId = setup.pay();
    await advance(150_000);
    const checking = setup.book.events(attemptId).find((event) => event.to === 'checking');
    expect(checking?.detail.reason).toBe('No result after 150 seconds');
  });

  it('cuts off the payment request at the deadline instead of leaving it open', async () => {
    let sendSignal: AbortSignal | undefined;
    const setup = till({
      send: (_request, signal) => {
        sendSignal = signal;
        return untilAborted(signal, { kind: 'unknown', reason: 'stopped waiting' });
      },
    });
    setup.pay();
    await advance(149_999);
    expect(sendSignal?.aborted).toBe(false);
    await advance(1);
    expect(sendSignal?.aborted).toBe(true);
  });

  it('asks nothing at 150 seconds when the terminal answered before the deadline', async () => {
    const setup = till({
      send: () =>
        new Promise((resolve) => {
          setTimeout(() => resolve({ kind: 'outcome', outcome: APPROVED }), 30_000);
        }),
    });
    const attemptId = setup.pay();
    await advance(30_000);
    expect(stateOf(setup, attemptId)).toBe('approved');

    await advance(300_000);
    expect(stateOf(setup, attemptId)).toBe('approved');
    expect(setup.terminal.statusCalls).toHaveLength(0);
    expect(setup.terminal.sends).toHaveLength(1);
  });
});

describe('the result deadline with async delivery', () => {
  it('waits in progress until 150 seconds, then asks the status of the same payment', async () => {
    const answer = deferred<StatusResult>();
    const setup = till({
      delivery: 'async',
      send: () => Promise.resolve({ kind: 'accepted' }),
      status: heldAnswer(answer),
    });
    const attemptId = setup.pay();
    await advance(0);
    expect(stateOf(setup, attemptId)).toBe('in_progress');

    await advance(149_000);
    expect(stateOf(setup, attemptId)).toBe('in_progress');
    expect(setup.terminal.statusCalls).toHaveLength(0);

    await advance(999);
    expect(setup.terminal.statusCalls).toHaveLength(0);

    await advance(1);
    expect(stateOf(setup, attemptId)).toBe('checking');
    expect(setup.terminal.statusCalls).toHaveLength(1);
    expect(setup.terminal.statusCalls[0]?.at).toBe(150_000);
    expect(setup.terminal.statusCalls[0]?.request).toEqual(setup.terminal.sends[0]?.request);
    expect(setup.terminal.statusCalls[0]?.serviceId).not.toBe(setup.terminal.sends[0]?.request.serviceId);

    answer.resolve({ kind: 'outcome', outcome: { state: 'declined', reason: 'Refused' } });
    await advance(0);
    expect(await setup.service.whenSettled(attemptId)).toMatchObject({ state: 'declined', reason: 'Refused' });
    expect(setup.book.events(attemptId).map((event) => event.to)).toEqual([
      'created',
      'sent',
      'in_progress',
      'checking',
      'declined',
    ]);
    expect(setup.terminal.sends).toHaveLength(1);
  });
});

describe('a dropped connection', () => {
  it('is asked about at once, not at the deadline', async () => {
    const answer = deferred<StatusResult>();
    const setup = till({
      send: () =>
        new Promise((resolve) => {
          setTimeout(() => resolve({ kind: 'unknown', reason: 'socket hang up' }), 1_000);
        }),
      status: heldAnswer(answer),
    });
    const attemptId = setup.pay();

    await advance(999);
    expect(stateOf(setup, attemptId)).toBe('sent');
    expect(setup.terminal.statusCalls).toHaveLength(0);

    await advance(1);
    expect(stateOf(setup, attemptId)).toBe('checking');
    expect(setup.terminal.statusCalls.map((call) => call.at)).toEqual([1_000]);
    expect(setup.terminal.statusCalls[0]?.request).toEqual(setup.terminal.sends[0]?.request);

    answer.resolve({ kind: 'outcome', outcome: APPROVED });
    await advance(0);
    expect(stateOf(setup, attemptId)).toBe('approved');

    await advance(300_000);
    expect(setup.terminal.statusCalls).toHaveLength(1);
    expect(setup.terminal.sends).toHaveLength(1);
  });
});

/** A payment whose connection drops after one second, with status answers from `status`. */
function droppedAfterOneSecond(status: FakeScript['status'], timing: Partial<PaymentTiming> = {}): Till {
  return till(
    {
      send: () =>
        new Promise((resolve) => {
          setTimeout(() => resolve({ kind: 'unknown', reason: 'socket hang up' }), 1_000);
        }),
      ...(status === undefined ? {} : { status }),
    },
    timing,
  );
}

describe('asking about a payment the terminal is still working on', () => {
  it('keeps asking while the terminal says in progress, each with a fresh ServiceID', async () => {
    const setup = droppedAfterOneSecond(() => Promise.resolve({ kind: 'in_progress' }));
    const attemptId = setup.pay();

    await advance(1_000 + 30_000);
    expect(stateOf(setup, attemptId)).toBe('checking');
    const calls = setup.terminal.statusCalls;
    expect(calls.length).toBeGreaterThanOrEqual(25);
    expect(calls.length).toBeLessThanOrEqual(32);
    expect(new Set(calls.map((call) => call.serviceId)).size).toBe(calls.length);
    for (const call of calls) expect(call.request).toEqual(setup.terminal.sends[0]?.request);
    expect(setup.terminal.sends).toHaveLength(1);
  });

  it('stops after statusGiveUpAfterMs and hands the payment to a manager as unconfirmed', async () => {
    const setup = droppedAfterOneSecond(() => Promise.resolve({ kind: 'in_progress' }));
    const attemptId = setup.pay();

    await advance(1_000 + 59_000);
    expect(stateOf(setup, attemptId)).toBe('checking');

    await advance(3_000);
    expect(setup.book.attempt(attemptId)).toMatchObject({ state: 'needs_attention', attention: 'unconfirmed' });
    const asked = setup.terminal.statusCalls.length;

    await advance(600_000);
    expect(setup.terminal.statusCalls).toHaveLength(asked);
    expect(setup.terminal.sends).toHaveLength(1);
    expect(setup.service.unsettled().map((record) => record.id)).toEqual([attemptId]);
    expect(() => setup.service.startPayment({ saleId: 'SALE-2', amountMinor: 100, currency: 'EUR' })).toThrow(
      /needs a manager/,
    );
  });

  it('settles as soon as an in-progress payment gets its verdict', async () => {
    const setup = droppedAfterOneSecond((call) =>
      Promise.resolve(call < 3 ? { kind: 'in_progress' } : { kind: 'outcome', outcome: APPROVED }),
    );
    const attemptId = setup.pay();

    await advance(1_000 + 3_000);
    expect(stateOf(setup, attemptId)).toBe('approved');
    expect(setup.terminal.statusCalls.map((call) => call.at)).toEqual([1_000, 2_000, 3_000, 4_000]);
  });
});

describe('asking when the terminal cannot be reached', () => {
  it('waits longer after each transport failure, as statusRetryDelaysMs says, the last wait repeating', async () => {
    const setup = droppedAfterOneSecond(() => Promise.resolve({ kind: 'unknown', reason: 'ECONNRESET' }));
    const attemptId = setup.pay();

    await advance(1_000 + 20_000);
    expect(stateOf(setup, attemptId)).toBe('checking');
    const times = setup.terminal.statusCalls.map((call) => call.at);
    expect(times.slice(0, 6)).toEqual([1_000, 2_000, 4_000, 8_000, 12_000, 16_000]);
    const gaps = times.slice(1).map((time, index) => time - (times[index] ?? 0));
    expect(gaps.slice(0, 5)).toEqual([1_000, 2_000, 4_000, 4_000, 4_000]);
  });

  it('hands the payment to a manager as unconfirmed when it cannot be asked within statusGiveUpAfterMs', async () => {
    const setup = droppedAfterOneSecond(() => Promise.resolve({ kind: 'unknown', reason: 'ECONNRESET' }));
    const attemptId = setup.pay();

    await advance(1_000 + 55_000);
    expect(stateOf(setup, attemptId)).toBe('checking');

    await advance(10_000);
    const record = setup.book.attempt(attemptId);
    expect(record).toMatchObject({ state: 'needs_attention', attention: 'unconfirmed' });
    expect(record?.reason).toMatch(/could not be asked.*ECONNRESET/);
    const asked = setup.terminal.statusCalls.length;

    await advance(600_000);
    expect(setup.terminal.statusCalls).toHaveLength(asked);
    expect(setup.terminal.sends).toHaveLength(1);
  });

  it('hands an unanswerable payment to a manager after unansweredGiveUpAfterMs, long before the overall limit', async () => {
    const setup = droppedAfterOneSecond(() => Promise.resolve({ kind: 'unknown', reason: 'ECONNREFUSED' }), {
      statusGiveUpAfterMs: 600_000,
      unansweredGiveUpAfterMs: 30_000,
    });
    const attemptId = setup.pay();

    await advance(1_000 + 25_000);
    expect(stateOf(setup, attemptId)).toBe('checking');
    await advance(10_000);
    expect(setup.book.attempt(attemptId)).toMatchObject({ state: 'needs_attention', attention: 'unconfirmed' });
  });

  it('counts the unanswered time again from each in-progress answer', async () => {
    // In progress for the first 20 s of asking, then no answers at all.
    const setup = droppedAfterOneSecond(
      (call) =>
        Promise.resolve(
          call < 20 ? { kind: 'in_progress' as const } : { kind: 'unknown' as const, reason: 'ECONNREFUSED' },
        ),
      { statusGiveUpAfterMs: 600_000, unansweredGiveUpAfterMs: 30_000 },
    );
    const attemptId = setup.pay();

    await advance(1_000 + 20_000 + 25_000);
    expect(stateOf(setup, attemptId)).toBe('checking');
    await advance(15_000);
    expect(stateOf(setup, attemptId)).toBe('needs_attention');
  });

  it('starts the waits again from the first once the terminal answers in progress', async () => {
    const answers: StatusResult[] = [
      { kind: 'unknown', reason: 'ECONNRESET' },
      { kind: 'unknown', reason: 'ECONNRESET' },
      { kind: 'in_progress' },
      { kind: 'unknown', reason: 'ECONNRESET' },
      { kind: 'outcome', outcome: APPROVED },
    ];
    const setup = droppedAfterOneSecond((call) =>
      Promise.resolve(answers[call] ?? { kind: 'unknown', reason: 'script ran out' }),
    );
    const attemptId = setup.pay();

    await advance(1_000 + 10_000);
    expect(stateOf(setup, attemptId)).toBe('approved');
    // unknown +1 s, unknown +2 s, in progress +1 s, unknown +1 s (first wait again), approved.
    expect(setup.terminal.statusCalls.map((call) => call.at)).toEqual([1_000, 2_000, 4_000, 5_000, 6_000]);
  });
});

describe('a payment the terminal never received', () => {
  it('fails on NotFound, and a new payment for the same sale goes out under a new ServiceID', async () => {
    const setup = droppedAfterOneSecond((call) =>
      Promise.resolve(
        call === 0
          ? { kind: 'not_found', reason: 'Message not found' }
          : { kind: 'outcome', outcome: { state: 'approved', authorisedMinor: 1234 } },
      ),
    );
    const firstId = setup.pay('SALE-9');

    await advance(1_000);
    const first = await setup.service.whenSettled(firstId);
    expect(first).toMatchObject({ state: 'failed', reason: 'The payment never reached the terminal' });
    expect(setup.book.saleBalance('SALE-9')).toMatchObject({ paidMinor: 0, dueMinor: 1234 });

    const secondId = setup.pay('SALE-9');
    const second = setup.book.attempt(secondId);
    expect(second?.saleId).toBe('SALE-9');
    expect(second?.serviceId).not.toBe(first.serviceId);
    expect(setup.terminal.sends).toHaveLength(2);
    expect(setup.terminal.sends[1]?.request.serviceId).toBe(second?.serviceId);
    expect(setup.terminal.sends[0]?.request.serviceId).toBe(first.serviceId);

    await advance(1_000);
    expect(await setup.service.whenSettled(secondId)).toMatchObject({ state: 'approved' });
    expect(setup.book.saleBalance('SALE-9')).toMatchObject({ paidMinor: 1234, dueMinor: 0 });
    expect(setup.terminal.sends).toHaveLength(2);
  });

  it('hands a payment the terminal was seen running and then cannot find to a manager, never to "nothing charged"', async () => {
    const setup = droppedAfterOneSecond((call) =>
      Promise.resolve(call === 0 ? { kind: 'in_progress' } : { kind: 'not_found', reason: 'Message not found' }),
    );
    const attemptId = setup.pay('SALE-10');

    await advance(1_000 + 2_000);
    const record = await setup.service.whenSettled(attemptId);
    expect(record).toMatchObject({ state: 'needs_attention', attention: 'unconfirmed' });
    expect(record.reason).toMatch(/no longer finds a payment it was seen running/);
    expect(() => setup.pay('SALE-10')).toThrow(/needs a manager/);
  });

  it('does not let a second payment for the sale start while the first is still being checked', async () => {
    const setup = droppedAfterOneSecond(undefined);
    setup.pay('SALE-9');
    await advance(1_000);
    expect(() => setup.pay('SALE-9')).toThrow(/still busy/);
    expect(setup.terminal.sends).toHaveLength(1);
  });
});

describe('a notification that arrives while the till is asking', () => {
  it('after a Reject arrives while checking, the next status requests are not cut off before they start', async () => {
    const first = deferred<StatusResult>();
    const setup = till({
      status: (call, signal) =>
        call === 0
          ? heldAnswer(first)(call, signal)
          : untilAborted<StatusResult>(signal, { kind: 'unknown', reason: 'stopped waiting' }),
      notification: () => ({
        kind: 'rejected',
        ids: { terminalId: TERMINAL, saleSystemId: SALE_SYSTEM, serviceId: setup.terminal.sends[0]?.request.serviceId },
        reason: 'Did not receive a response from the POI.',
      }),
    });
    const attemptId = setup.pay();
    await advance(150_000);
    expect(stateOf(setup, attemptId)).toBe('checking');
    expect(setup.terminal.statusCalls).toHaveLength(1);

    const body = { SaleToPOIRequest: { EventNotification: { EventToNotify: 'Reject' } } };
    const { seq } = setup.book.recordInbox({
      receivedAt: new Date().toISOString(),
      kind: 'rejected',
      terminalId: TERMINAL,
      saleSystemId: SALE_SYSTEM,
      serviceId: undefined,
      attemptId: undefined,
      body: JSON.stringify(body),
    });
    expect(setup.service.handleNotification(body, seq)).toBe('checking');
    await advance(5_000);

    const calls = setup.terminal.statusCalls;
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.slice(1).map((call) => call.abortedAtCall)).not.toContain(true);
    expect(stateOf(setup, attemptId)).toBe('checking');
    expect(setup.terminal.sends).toHaveLength(1);
  });
});

describe('an attempt a stopped till left in created', () => {
  /** The book as a till leaves it when it stops after writing the attempt and before writing `sent`. */
  function leftInCreated(setup: Till): string {
    return setup.book.createAttempt(
      {
        id: 'ATTEMPT-LEFT',
        saleId: 'SALE-1',
        tenderId: 'TENDER-LEFT',
        saleTotalMinor: 1234,
        provider: 'fake',
        terminalId: TERMINAL,
        saleSystemId: SALE_SYSTEM,
        serviceId: 'SVC-LEFT',
        saleTransactionId: 'SALE-1',
        amountMinor: 1234,
        currency: 'EUR',
        delivery: 'sync',
      },
      new Date().toISOString(),
    ).id;
  }

  it('is asked about on recovery, and fails only once the terminal says it never had it', async () => {
    const setup = till({ status: () => Promise.resolve({ kind: 'not_found', reason: 'NotFound' }) });
    const attemptId = leftInCreated(setup);

    const recovered = setup.service.recover();
    await advance(0);
    expect(await recovered).toEqual([expect.objectContaining({ id: attemptId, state: 'failed' })]);

    expect(setup.book.events(attemptId).map((event) => event.to)).toEqual(['created', 'checking', 'failed']);
    expect(setup.terminal.statusCalls.map((call) => call.request.serviceId)).toEqual(['SVC-LEFT']);
    expect(setup.terminal.sends).toHaveLength(0);
  });

  it('is approved on recovery when the terminal did get it: unknown is not declined', async () => {
    const setup = till({ status: () => Promise.resolve({ kind: 'outcome', outcome: APPROVED }) });
    const attemptId = leftInCreated(setup);

    const recovered = setup.service.recover();
    await advance(0);
    expect(await recovered).toEqual([expect.objectContaining({ id: attemptId, state: 'approved' })]);

    expect(setup.book.events(attemptId).map((event) => event.to)).toEqual(['created', 'checking', 'approved']);
    expect(setup.book.saleBalance('SALE-1')).toMatchObject({ paidMinor: 1234 });
    expect(setup.terminal.sends).toHaveLength(0);
  });

  it('goes to a manager, not to failed, when the terminal cannot be asked', async () => {
    const setup = till({ status: () => Promise.resolve({ kind: 'unknown', reason: 'offline' }) });
    const attemptId = leftInCreated(setup);

    const recovered = setup.service.recover();
    await advance(TIMING.unansweredGiveUpAfterMs);
    expect(await recovered).toEqual([
      expect.objectContaining({ id: attemptId, state: 'needs_attention', attention: 'unconfirmed' }),
    ]);
    expect(setup.terminal.sends).toHaveLength(0);
  });
});

describe("a provider with a pace of its own (a payment link's expiry, a gateway's throttle)", () => {
  const FIFTEEN_MINUTES = 15 * 60_000;

  it('waits for the link to expire, not 150 seconds, before it asks', async () => {
    const answer = deferred<StatusResult>();
    const setup = till(
      { pace: { resultDeadlineMs: FIFTEEN_MINUTES }, status: heldAnswer(answer) },
      {
        statusGiveUpAfterMs: FIFTEEN_MINUTES,
      },
    );
    const attemptId = setup.pay();

    await advance(FIFTEEN_MINUTES - 1);
    expect(stateOf(setup, attemptId)).toBe('sent');
    expect(setup.terminal.statusCalls).toHaveLength(0);
    await advance(1);
    expect(setup.terminal.statusCalls.map((call) => call.at)).toEqual([FIFTEEN_MINUTES]);
    const checking = setup.book.events(attemptId).find((event) => event.to === 'checking');
    expect(checking?.detail.reason).toBe('No result after 900 seconds');

    answer.resolve({ kind: 'outcome', outcome: APPROVED });
    expect(await setup.service.whenSettled(attemptId)).toMatchObject({ state: 'approved' });
    expect(setup.terminal.sends).toHaveLength(1);
  });

  it('spaces its status questions as the gateway allows, however often the answer is "in progress"', async () => {
    const setup = till(
      {
        pace: { minStatusIntervalMs: 30_000 },
        status: (call) =>
          Promise.resolve<StatusResult>(call < 3 ? { kind: 'in_progress' } : { kind: 'outcome', outcome: APPROVED }),
      },
      { statusGiveUpAfterMs: 10 * 60_000 },
    );
    const attemptId = setup.pay();
    await advance(150_000 + 3 * 30_000);

    expect(await setup.service.whenSettled(attemptId)).toMatchObject({ state: 'approved' });
    // Without a pace, "in progress" is asked about again after a second (inProgressPollMs).
    expect(setup.terminal.statusCalls.map((call) => call.at)).toEqual([150_000, 180_000, 210_000, 240_000]);
  });

  it('spaces the questions a dropped answer repeats too, and gives up within the same budget', async () => {
    const setup = till(
      {
        pace: { minStatusIntervalMs: 30_000 },
        status: () => Promise.resolve<StatusResult>({ kind: 'unknown', reason: 'HTTP 429' }),
      },
      { statusGiveUpAfterMs: 10 * 60_000, unansweredGiveUpAfterMs: 100_000 },
    );
    const attemptId = setup.pay();
    await advance(150_000 + 100_000);

    const calls = setup.terminal.statusCalls.map((call) => call.at);
    expect(calls).toEqual([150_000, 180_000, 210_000, 240_000]);
    expect(await setup.service.whenSettled(attemptId)).toMatchObject({ state: 'needs_attention' });
    expect(setup.terminal.sends).toHaveLength(1);
  });
});

describe('a payment link', () => {
  const FIFTEEN_MINUTES = 15 * 60_000;
  const LINK = {
    reference: 'PL-000123',
    url: 'https://pay.example/link/PL-000123',
    expiresAt: '2026-12-05T12:15:00.000+01:00',
  };

  it('keeps the link the gateway made before anything else is learned, and shows it on the view', async () => {
    const setup = till({
      delivery: 'async',
      pace: { resultDeadlineMs: FIFTEEN_MINUTES },
      send: () => Promise.resolve<SendResult>({ kind: 'accepted', link: LINK }),
    });
    const attemptId = setup.pay();
    await advance(0);

    expect(setup.book.attempt(attemptId)).toMatchObject({ state: 'in_progress', link: LINK });
    const linkEvent = setup.book.events(attemptId).findIndex((event) => event.detail.link !== undefined);
    const running = setup.book.events(attemptId).findIndex((event) => event.to === 'in_progress');
    expect(linkEvent).toBeGreaterThan(0);
    expect(linkEvent).toBeLessThan(running);
    // The screen gets the address and the gateway's expiry, never the gateway's own id for the link.
    const view = setup.service.view(setup.service.attempt(attemptId) ?? expect.fail('no attempt'));
    expect(view.link).toEqual({ url: LINK.url, expiresAt: LINK.expiresAt });
  });

  it('asks while it waits, so a lost webhook costs one interval, and keeps how far the customer got', async () => {
    const setup = till({
      delivery: 'async',
      pace: { resultDeadlineMs: FIFTEEN_MINUTES, askWhileWaitingMs: 10_000 },
      send: () => Promise.resolve<SendResult>({ kind: 'accepted', link: LINK }),
      status: (call) =>
        Promise.resolve<StatusResult>(
          call === 0
            ? { kind: 'in_progress', link: { ...LINK, stage: 'opened' } }
            : call === 1
              ? { kind: 'in_progress', link: LINK }
              : { kind: 'outcome', outcome: APPROVED },
        ),
    });
    const attemptId = setup.pay();
    await advance(10_000);
    expect(setup.book.attempt(attemptId)?.link?.stage).toBe('opened');
    await advance(10_000);
    // A re-read of the link without news keeps what was learned.
    expect(setup.book.attempt(attemptId)?.link?.stage).toBe('opened');
    expect(setup.book.events(attemptId).filter((event) => event.detail.link !== undefined)).toHaveLength(2);
    await advance(10_000);

    expect(await setup.service.whenSettled(attemptId)).toMatchObject({ state: 'approved' });
    expect(setup.terminal.statusCalls.map((call) => call.at)).toEqual([10_000, 20_000, 30_000]);
    expect(setup.terminal.sends).toHaveLength(1);
  });

  it('takes no silence for a decline: while the gateway says "in progress" it waits to the deadline', async () => {
    const setup = till(
      {
        delivery: 'async',
        pace: { resultDeadlineMs: FIFTEEN_MINUTES, askWhileWaitingMs: 60_000 },
        send: () => Promise.resolve<SendResult>({ kind: 'accepted', link: LINK }),
        status: () => Promise.resolve<StatusResult>({ kind: 'in_progress' }),
      },
      { statusGiveUpAfterMs: 20_000 },
    );
    const attemptId = setup.pay();
    await advance(FIFTEEN_MINUTES - 1);
    expect(stateOf(setup, attemptId)).toBe('in_progress');
    await advance(1);
    expect(stateOf(setup, attemptId)).toBe('checking');
    // Still "in progress" past the link's life is not a decline either: a manager looks.
    await advance(21_000);
    expect(await setup.service.whenSettled(attemptId)).toMatchObject({ state: 'needs_attention' });
    expect(setup.terminal.statusCalls.filter((call) => call.at < FIFTEEN_MINUTES)).toHaveLength(14);
  });

  it('waits to the expiry the gateway answered, plus the grace, when it is later than the till asked for', async () => {
    const TWENTY_MINUTES = 20 * 60_000;
    const later = { ...LINK, expiresAt: new Date(Date.now() + TWENTY_MINUTES).toISOString() };
    const setup = till(
      {
        delivery: 'async',
        pace: { resultDeadlineMs: FIFTEEN_MINUTES, askWhileWaitingMs: 60_000, graceAfterLinkExpiryMs: 60_000 },
        send: () => Promise.resolve<SendResult>({ kind: 'accepted', link: later }),
        status: () => Promise.resolve<StatusResult>({ kind: 'in_progress' }),
      },
      { statusGiveUpAfterMs: 20_000 },
    );
    const attemptId = setup.pay();
    await advance(FIFTEEN_MINUTES + 60_000);
    // Past what the till asked for, the customer still has the gateway's minutes: no status budget yet.
    expect(stateOf(setup, attemptId)).toBe('in_progress');
    await advance(TWENTY_MINUTES + 60_000 - (FIFTEEN_MINUTES + 60_000));
    expect(stateOf(setup, attemptId)).toBe('checking');
  });

  it('after a restart, keeps asking at the link’s pace until its expiry instead of giving up on a live link', async () => {
    const script = {
      delivery: 'async' as const,
      pace: { resultDeadlineMs: FIFTEEN_MINUTES, askWhileWaitingMs: 60_000 },
      send: () => Promise.resolve<SendResult>({ kind: 'accepted', link: LINK }),
      status: () => Promise.resolve<StatusResult>({ kind: 'in_progress' }),
    };
    const setup = till(script, { statusGiveUpAfterMs: 2 * 60_000 });
    const attemptId = setup.pay();
    await advance(0);
    await setup.service.close();

    // The same book, a new service: the till started again with the link live.
    const again = createPaymentService({
      book: setup.book,
      provider: fakeTerminal(script, () => 0),
      currency: 'EUR',
      logger: createMemoryLogger(),
      timing: { ...TIMING, statusGiveUpAfterMs: 2 * 60_000 },
    });
    onTestFinished(() => again.close());
    void again.recover();
    await advance(10 * 60_000);
    // Ten minutes on, past the status budget: the link can still be paid, so no manager yet.
    expect(stateOf(setup, attemptId)).toBe('checking');
    await advance(FIFTEEN_MINUTES);
    expect(stateOf(setup, attemptId)).toBe('needs_attention');
  });

  it('learns the link a lost reply to "create" did not name from the status question, and sends nothing again', async () => {
    const setup = till({
      delivery: 'async',
      pace: { resultDeadlineMs: FIFTEEN_MINUTES },
      send: () => Promise.resolve<SendResult>({ kind: 'unknown', reason: 'socket hang up' }),
      status: (call) =>
        Promise.resolve<StatusResult>(
          call === 0 ? { kind: 'in_progress', link: LINK } : { kind: 'outcome', outcome: APPROVED },
        ),
    });
    const attemptId = setup.pay();
    await advance(0);
    expect(setup.book.attempt(attemptId)?.link).toEqual(LINK);
    expect(setup.terminal.statusCalls[0]?.request.link).toBeUndefined();
    await advance(1_000);
    expect(setup.terminal.statusCalls[1]?.request.link).toEqual(LINK);
    expect(await setup.service.whenSettled(attemptId)).toMatchObject({ state: 'approved' });
    expect(setup.terminal.sends).toHaveLength(1);
  });
});

describe('a status question the cloud never answers', () => {
  it('is cut off when the budget runs out, and the payment goes to a manager instead of waiting on', async () => {
    // Every status question hangs until the till hangs up.
    const setup = till({}, { statusGiveUpAfterMs: 10 * 60_000, unansweredGiveUpAfterMs: 60_000 });
    const attemptId = setup.pay();
    await advance(150_000);
    expect(setup.terminal.statusCalls.map((call) => call.at)).toEqual([150_000]);

    await advance(59_999);
    expect(stateOf(setup, attemptId)).toBe('checking');
    await advance(1);
    const settled = await setup.service.whenSettled(attemptId);
    expect(settled).toMatchObject({ state: 'needs_attention', attention: 'unconfirmed' });
    expect(settled.reason).toBe('The terminal could not be asked (no answer in time)');
    expect(setup.terminal.sends).toHaveLength(1);
  });
});
