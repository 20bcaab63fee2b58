import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PAYMENT_PROVIDERS, type PaymentProvider } from '../../shared/config/schema.ts';
import { TERMINAL_MODULES } from './providers/registry.ts';
import type { PaymentState } from '../../shared/payments/payment-state.ts';
import { tempDir } from '../testing/temp-dir.ts';
import type { AttemptRecord } from './payment-book.ts';
import { openTestPaymentBook } from '../testing/test-books.ts';
import { startCrashTerminal, type CrashFault, type CrashTerminal, type Delivery } from './testing/crash-terminals.ts';

/**
 * Crash tests: a real `kassa pay` child process kills itself (SIGKILL, so no
 * cleanup of any kind runs) right after a given state of its payment is
 * committed to the book; then `kassa recover`, or the next `kassa pay`,
 * must settle that attempt to what the terminal really did. Every scenario
 * runs against each provider's simulator (Adyen, Worldline) in this process
 * over real HTTP on loopback; only the till's configuration file
 * (`payment.provider`) tells the child which one it has, so it goes through
 * the provider registry like a real till. The terminal's record of what it
 * did is the truth the book is held to: approved if and only if the
 * terminal approved that very request (by its ServiceID, Worldline's
 * ExchangeIdentification), failed if it never saw it, and never a second
 * payment sent to find out.
 */

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');
const NODE = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'node');
const KASSA = path.join(PROJECT_ROOT, 'electron', 'cli', 'kassa.ts');
/** A child that has not exited by then is stuck: killed, and the test fails on its exit. */
const CHILD_LIMIT_MS = 30_000;
/** 0.02: an approved PIN payment takes 6 s simulated, 120 ms real; the 150 s timeout would be 3 s. */
const TIME_SCALE = 0.02;
const SALE_SYSTEM_ID = 'KassaCrash1';

interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `kassa …` as its own process with the pinned Node, and waits for it to exit. */
function kassa(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<ChildExit> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KASSA_')));
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [KASSA, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...inherited, KASSA_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const guard = setTimeout(() => child.kill('SIGTERM'), CHILD_LIMIT_MS);
    child.on('error', (error) => {
      clearTimeout(guard);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A port nobody listens on right now, for the till's webhook listener. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Till {
  readonly configFile: string;
  readonly journalFile: string;
}

/** A till's configuration pointing at the terminal, with a webhook listener where the provider needs one. */
async function tillFor(terminal: CrashTerminal, delivery: Delivery): Promise<Till> {
  const dir = tempDir('kassa-crash-');
  const journalFile = path.join(dir, 'journal.sqlite');
  const configFile = path.join(dir, 'till.json');
  const sections = terminal.tillConfig({
    delivery,
    webhookPort: await freePort(),
    saleSystemId: SALE_SYSTEM_ID,
    resultTimeoutSeconds: 5,
  });
  writeFileSync(configFile, JSON.stringify({ ...sections, journal: { path: journalFile } }));
  return { configFile, journalFile };
}

/** The one attempt a crashed `kassa pay` left in its book. */
function onlyAttemptIn(journalFile: string): AttemptRecord {
  const book = openTestPaymentBook(journalFile);
  try {
    const last = book.lastAttempt();
    if (last === undefined) throw new Error('kassa pay died without writing its attempt');
    expect(book.unsettledAttempts().filter((record) => record.id !== last.id)).toEqual([]);
    return last;
  } finally {
    book.close();
  }
}

function attemptIn(journalFile: string, attemptId: string): AttemptRecord {
  const book = openTestPaymentBook(journalFile);
  try {
    const record = book.attempt(attemptId);
    if (record === undefined) throw new Error(`No attempt ${attemptId} in ${journalFile}`);
    return record;
  } finally {
    book.close();
  }
}

type Truth =
  | { readonly kind: 'never_reached' }
  | { readonly kind: 'approved'; readonly authorisedMinor: number; readonly terminalReference: string | null }
  | { readonly kind: 'not_approved' };

/** Every payment request the terminal saw, counting any it refused as a repeat of one it had. */
async function requestsAtTerminal(terminal: CrashTerminal): Promise<number> {
  const { payments, refusedRepeats } = await terminal.record();
  return payments.length + refusedRepeats;
}

/** What the terminal did with this attempt's request, by its ServiceID; fails if it saw the request twice. */
async function truthOf(terminal: CrashTerminal, attempt: AttemptRecord): Promise<Truth> {
  const seen = await terminal.requestsOf(attempt);
  expect(seen.length, `payment requests at the terminal for ServiceID ${attempt.serviceId}`).toBeLessThanOrEqual(1);
  expect((await terminal.record()).refusedRepeats, 'payment requests refused as repeats').toBe(0);
  const [request] = seen;
  if (request === undefined) return { kind: 'never_reached' };
  expect(request.finished, 'the terminal has finished the payment').toBe(true);
  const verdict = request.verdict();
  if (verdict.kind === 'not_approved') return verdict;
  return { kind: 'approved', authorisedMinor: verdict.authorisedMinor, terminalReference: verdict.terminalReference };
}

/** The book's final word on the attempt must be the terminal's. */
function expectSettledToTruth(attempt: AttemptRecord, truth: Truth): void {
  switch (truth.kind) {
    case 'never_reached':
      expect(attempt).toMatchObject({ state: 'failed', authorisedMinor: undefined });
      return;
    case 'approved':
      expect(attempt).toMatchObject({
        state: 'approved',
        authorisedMinor: truth.authorisedMinor,
        terminalReference: truth.terminalReference,
      });
      return;
    case 'not_approved':
      expect(['declined', 'cancelled', 'failed']).toContain(attempt.state);
      return;
  }
}

const ViewSchema = z.looseObject({ attemptId: z.string(), state: z.string() });

interface Scenario {
  readonly state: PaymentState;
  readonly delivery: Delivery;
  /** How the state is reached quickly: a fault on the payment request. */
  readonly fault?: CrashFault;
  readonly how: string;
  /** Whether the request had reached the terminal when the till died. */
  readonly reachedBeforeCrash: boolean;
  /** What the terminal ends up having done with it: the scenario's truth. */
  readonly truth: Truth['kind'];
  /** `recover`: `kassa recover`; `next pay`: the next `kassa pay`, which settles the old attempt first. */
  readonly restart: 'recover' | 'next pay';
  /** The providers whose terminal can put a payment in this state this way; each row says why not when not both. */
  readonly providers: readonly PaymentProvider[];
}

const AMOUNT = '62.00';
const AMOUNT_MINOR = 6200;
const NEXT_AMOUNT_MINOR = 500;

const before = { reachedBeforeCrash: false, truth: 'never_reached' } as const;
const atTerminal = { reachedBeforeCrash: true, truth: 'approved' } as const;
const both = { providers: PAYMENT_PROVIDERS } as const;
/**
 * A sync payment is `in_progress` only once the terminal is seen running it:
 * Adyen's display notifications say so while the request is held. Worldline's
 * cloud sends no displays and its sync request is answered only with the
 * result, so a Worldline sync payment goes from `sent` straight to its result
 * (or to `checking`); its `in_progress` is the async one, on the 202.
 */
const displaysOnly = { providers: ['adyen'] } as const;

const SCENARIOS: readonly Scenario[] = [
  { state: 'created', delivery: 'sync', how: 'before the run starts', ...before, restart: 'recover', ...both },
  { state: 'created', delivery: 'async', how: 'before the run starts', ...before, restart: 'recover', ...both },
  { state: 'sent', delivery: 'sync', how: 'before the request leaves', ...before, restart: 'recover', ...both },
  { state: 'sent', delivery: 'async', how: 'before the request leaves', ...before, restart: 'next pay', ...both },
  {
    state: 'in_progress',
    delivery: 'sync',
    how: 'on the first display',
    ...atTerminal,
    restart: 'recover',
    ...displaysOnly,
  },
  {
    state: 'in_progress',
    delivery: 'sync',
    how: 'on the first display',
    ...atTerminal,
    restart: 'next pay',
    ...displaysOnly,
  },
  { state: 'in_progress', delivery: 'async', how: 'on the cloud’s "ok"', ...atTerminal, restart: 'recover', ...both },
  // Worldline's way to `in_progress` with the next `kassa pay` after it, which the sync rows give Adyen.
  { state: 'in_progress', delivery: 'async', how: 'on the cloud’s "ok"', ...atTerminal, restart: 'next pay', ...both },
  {
    state: 'checking',
    delivery: 'sync',
    fault: { fault: 'drop-connection' },
    how: 'the terminal approved, the connection was cut',
    ...atTerminal,
    restart: 'recover',
    ...both,
  },
  {
    state: 'checking',
    delivery: 'sync',
    fault: { fault: 'http-error', status: 502, beforeTerminal: true },
    how: 'a 502 before the terminal got it',
    ...before,
    restart: 'recover',
    ...both,
  },
  {
    state: 'checking',
    delivery: 'sync',
    fault: { fault: 'http-error', status: 502, beforeTerminal: false },
    how: 'a 502 after the terminal approved',
    ...atTerminal,
    restart: 'recover',
    ...both,
  },
  {
    state: 'checking',
    delivery: 'async',
    fault: { fault: 'drop-connection' },
    how: 'the connection was cut instead of "ok"',
    ...atTerminal,
    restart: 'next pay',
    ...both,
  },
  { state: 'approved', delivery: 'sync', how: 'on the reply', ...atTerminal, restart: 'recover', ...both },
  {
    state: 'approved',
    delivery: 'async',
    how: 'on the result notification',
    ...atTerminal,
    restart: 'recover',
    ...both,
  },
];

/** Every scenario on every provider whose terminal can reach it. */
const CASES = TERMINAL_MODULES.map((module) => module.name).flatMap((provider) =>
  SCENARIOS.filter((scenario) => scenario.providers.includes(provider)).map((scenario) => ({ provider, ...scenario })),
);

describe('a till killed in the middle of a card payment', () => {
  it.each(CASES)(
    '$provider: killed after $state ($delivery: $how), $restart settles it to what the terminal did',
    async (scenario) => {
      const terminal = await startCrashTerminal(scenario.provider, { timeScale: TIME_SCALE });
      const till = await tillFor(terminal, scenario.delivery);
      if (scenario.fault !== undefined) await terminal.addFault(scenario.fault);

      const crashed = await kassa(['pay', '--amount', AMOUNT, '--config', till.configFile, '--json'], {
        KASSA_TEST_CRASH_AFTER: scenario.state,
      });
      expect(crashed, `kassa pay should have killed itself after ${scenario.state}`).toMatchObject({
        signal: 'SIGKILL',
        code: null,
        stdout: '',
      });

      // The book holds the attempt exactly where the process died.
      const left = onlyAttemptIn(till.journalFile);
      expect(left).toMatchObject({ state: scenario.state, amountMinor: AMOUNT_MINOR, saleSystemId: SALE_SYSTEM_ID });
      const reached = (await terminal.record()).payments.filter((payment) => payment.serviceId === left.serviceId);
      expect(reached, 'payment requests at the terminal when the till died').toHaveLength(
        scenario.reachedBeforeCrash ? 1 : 0,
      );
      const paymentsAtCrash = await requestsAtTerminal(terminal);

      let next: AttemptRecord | undefined;
      if (scenario.restart === 'recover') {
        const recovered = await kassa(['recover', '--json', '--config', till.configFile]);
        expect(recovered, recovered.stderr).toMatchObject({ code: 0, signal: null });
        const views = z.array(ViewSchema).parse(JSON.parse(recovered.stdout));
        // It reports what it settled: the attempt, unless that was final already when the till died.
        expect(views).toEqual(
          scenario.state === 'approved'
            ? []
            : [expect.objectContaining({ attemptId: left.id, state: attemptIn(till.journalFile, left.id).state })],
        );
        // Recovery asks the terminal; it never sends a payment, not even one that never left.
        expect(await requestsAtTerminal(terminal), 'payment requests sent by kassa recover').toBe(paymentsAtCrash);
      } else {
        const paid = await kassa(['pay', '--amount', '5.00', '--config', till.configFile, '--json']);
        expect(paid, paid.stderr).toMatchObject({ code: 0, signal: null });
        const view = ViewSchema.parse(JSON.parse(paid.stdout));
        expect(view.attemptId).not.toBe(left.id);
        next = attemptIn(till.journalFile, view.attemptId);
        expect(next).toMatchObject({ state: 'approved', amountMinor: NEXT_AMOUNT_MINOR });
        expect(next.serviceId).not.toBe(left.serviceId);
        // Settling the old attempt sent nothing: the new payment is the one request added.
        expect(await requestsAtTerminal(terminal), 'payment requests sent by the next kassa pay').toBe(
          paymentsAtCrash + 1,
        );
        expectSettledToTruth(next, await truthOf(terminal, next));
      }

      const settled = attemptIn(till.journalFile, left.id);
      const truth = await truthOf(terminal, settled);
      expect(truth.kind, 'what the terminal did').toBe(scenario.truth);
      expectSettledToTruth(settled, truth);
      // Every payment request the terminal saw is one of this till's attempts.
      const ours = [settled.serviceId, ...(next === undefined ? [] : [next.serviceId])];
      for (const payment of (await terminal.record()).payments) expect(ours).toContain(payment.serviceId);
    },
    40_000,
  );
});
