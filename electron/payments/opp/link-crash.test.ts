import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FaultInput } from '../../simulators/opp/faults.ts';
import { isApproved } from '../../simulators/opp/result-codes.ts';
import {
  startTestOppSimulator,
  TEST_ENTITY_ID,
  TEST_TOKEN,
  TEST_WEBHOOK_SECRET,
} from '../../simulators/opp/testing/harness.ts';
import { openTestPaymentBook } from '../../testing/test-books.ts';
import { tempDir } from '../../testing/temp-dir.ts';
import { OPP_WEBHOOK_PATH } from './webhook-intake.ts';

/**
 * `kassa pay --tender link --gateway opp` and `kassa recover` as real
 * processes, against an OPP simulator in this process (so it outlives them):
 * the link's address comes out on stderr as soon as OPP made it, and a
 * process killed (SIGKILL) right after each state of its attempt is written
 * is settled by `kassa recover` to what OPP really did, with one link per
 * attempt (OPP has no idempotency key: the attempt's merchantTransactionId
 * finds the link a lost reply made, and a repeat is refused as a duplicate)
 * and one payment, counted once. `kassa pay` takes payments only, not
 * deposits, so only DB links are covered here.
 */

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const NODE = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'node');
const KASSA = path.join(PROJECT_ROOT, 'electron', 'cli', 'kassa.ts');

/**
 * The till is told OPP takes two status questions a second, and the simulator's minute is made a second to
 * match (its throttle, its webhook retries): a webhook sent while no process listens is tried again a
 * second later, not a minute.
 */
const STATUS_LIMIT = { questions: 2, perSeconds: 1 } as const;
const TIME_SCALE = STATUS_LIMIT.perSeconds / 60;

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
}

interface Child {
  readonly exited: Promise<Exit>;
  /** Resolves with the link's address once the child printed it. */
  readonly link: Promise<string>;
}

function kassa(args: readonly string[], env: Readonly<Record<string, string>> = {}): Child {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KASSA_')));
  const child = spawn(NODE, [KASSA, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...inherited, KASSA_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let printed: (url: string) => void = () => undefined;
  const link = new Promise<string>((resolve) => (printed = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    const found = /^Link: (\S+) \(expires /m.exec(stderr);
    if (found?.[1] !== undefined) printed(found[1]);
  });
  const guard = setTimeout(() => child.kill('SIGTERM'), 40_000);
  const exited = new Promise<Exit>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout });
    });
  });
  return { exited, link };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function setup(faults: readonly FaultInput[] = []) {
  const { simulator } = await startTestOppSimulator({
    timeScale: TIME_SCALE,
    statusPerMinute: STATUS_LIMIT.questions,
  });
  const dir = tempDir('kassa-opp-link-crash-');
  const journalFile = path.join(dir, 'journal.sqlite');
  const configFile = path.join(dir, 'till.json');
  const port = await freePort();
  writeFileSync(
    configFile,
    JSON.stringify({
      mode: 'demo',
      payment: null,
      online: {
        provider: 'opp',
        askEverySeconds: 5,
        opp: {
          // A simulator of its own (not the embedded one, which a SIGKILL would take with it).
          baseUrl: simulator.url,
          entityId: TEST_ENTITY_ID,
          accessToken: TEST_TOKEN,
          webhookSecret: TEST_WEBHOOK_SECRET,
          statusLimit: STATUS_LIMIT,
        },
      },
      // Every process in turn listens on this one address, as a till behind its proxy does.
      webhooks: {
        listen: `127.0.0.1:${String(port)}`,
        publicUrl: `http://127.0.0.1:${String(port)}`,
        username: 'unused-here',
        password: 'unused-here-too',
      },
      journal: { path: journalFile },
    }),
  );
  // ACI sets the listener's address in its back office, once, not per request.
  simulator.control.setWebhookUrl(`http://127.0.0.1:${String(port)}${OPP_WEBHOOK_PATH}`);
  for (const fault of faults) simulator.control.addFault(fault);
  return { simulator, configFile, journalFile };
}

const ViewSchema = z.object({
  state: z.string(),
  amountMinor: z.number(),
  tender: z.literal('link'),
  terminalReference: z.string().optional(),
});

const linkIdOf = (url: string) => new URL(url).pathname.split('/').at(-1) ?? '';

type Simulator = Awaited<ReturnType<typeof setup>>['simulator'];

/** What OPP holds for one attempt: its links and the payments made on them that took money. */
function atOpp(simulator: Simulator, serviceId: string | undefined) {
  return {
    links: simulator.control.links().filter((link) => link.merchantTransactionId === serviceId),
    approved: simulator.control
      .transactions()
      .filter(
        (payment) =>
          payment.merchantTransactionId === serviceId &&
          payment.paymentType === 'DB' &&
          isApproved(payment.result.code),
      ),
  };
}

/** The sale's attempts as the journal has them once every process is gone. */
function journalOf(journalFile: string, saleId: string) {
  const book = openTestPaymentBook(journalFile);
  try {
    return book.attemptsOf(saleId).map((attempt) => ({ attempt, events: book.events(attempt.id) }));
  } finally {
    book.close();
  }
}

/** No status question was turned away by OPP's throttle, by either process. */
function keptThePace(simulator: Simulator): void {
  expect(simulator.control.calls().filter((call) => call.throttled)).toEqual([]);
}

const PAY = ['pay', '--tender', 'link', '--gateway', 'opp', '--amount', '12.34', '--json'] as const;

describe('kassa pay --tender link --gateway opp', { timeout: 60_000 }, () => {
  it('prints the link at once and ends approved once the customer paid it', async () => {
    const { simulator, configFile, journalFile } = await setup();
    const pay = kassa([...PAY, '--sale', 'S-OPP-1', '--config', configFile]);
    const link = await pay.link;
    expect(link).toMatch(new RegExp(`^${simulator.url}/pay/`));
    const paid = simulator.control.pay(linkIdOf(link));
    expect(paid?.link.paymentType).toBe('DB');

    const { code, stdout } = await pay.exited;
    expect(code).toBe(0);
    expect(ViewSchema.parse(JSON.parse(stdout))).toMatchObject({
      state: 'approved',
      amountMinor: 1234,
      terminalReference: paid?.payment.id,
    });
    expect(journalOf(journalFile, 'S-OPP-1').map(({ attempt }) => attempt.state)).toEqual(['approved']);
    keptThePace(simulator);
  });

  /**
   * Each state a link attempt is written in on its way, and the fault that gets it there: `checking` is
   * where a create whose reply was lost (OPP made the link; the connection dropped) leaves it.
   */
  const IN_FLIGHT: readonly { state: string; faults: readonly FaultInput[]; linkBeforeCrash: boolean }[] = [
    // Written before anything is sent: OPP never heard of it, and recover makes the link.
    { state: 'created', faults: [], linkBeforeCrash: false },
    // Written before the request leaves (the kill comes first): the same.
    { state: 'sent', faults: [], linkBeforeCrash: false },
    // The link is made and in the journal.
    { state: 'in_progress', faults: [], linkBeforeCrash: true },
    // The link is made but the journal has none: recover finds it by its merchantTransactionId.
    {
      state: 'checking',
      faults: [{ fault: 'drop-connection', applied: true, method: 'POST' }],
      linkBeforeCrash: true,
    },
  ];

  for (const { state, faults, linkBeforeCrash } of IN_FLIGHT) {
    it(`is settled by kassa recover after a SIGKILL right after ${state} is written, on one link, paid once`, async () => {
      const { simulator, configFile, journalFile } = await setup(faults);
      const saleId = `S-OPP-${state}`;
      const crashed = await kassa([...PAY, '--sale', saleId, '--config', configFile], {
        KASSA_TEST_CRASH_AFTER: state,
      }).exited;
      expect(crashed.signal).toBe('SIGKILL');
      const [left] = journalOf(journalFile, saleId);
      expect(left?.attempt.state).toBe(state);
      const serviceId = left?.attempt.serviceId;
      expect(atOpp(simulator, serviceId).links).toHaveLength(linkBeforeCrash ? 1 : 0);
      expect(simulator.control.pendingFaults()).toEqual([]);

      const recover = kassa(['recover', '--json', '--config', configFile]);
      // The customer pays the link the attempt made: the one with its merchantTransactionId, made once.
      const mine = async () => {
        for (let tries = 0; tries < 300; tries += 1) {
          const found = atOpp(simulator, serviceId).links;
          if (found.length > 0) return found;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return [];
      };
      const links = await mine();
      expect(links).toHaveLength(1);
      const paid = simulator.control.pay(links[0]?.id ?? '');
      expect(paid?.link.status).toBe('PAID');

      const { code, stdout } = await recover.exited;
      expect(code).toBe(0);
      const settled = z.array(ViewSchema).parse(JSON.parse(stdout));
      expect(settled).toEqual([
        expect.objectContaining({ state: 'approved', amountMinor: 1234, terminalReference: paid?.payment.id }),
      ]);
      // Nothing doubled: one link, one payment taken, one attempt, approved once in its history.
      expect(atOpp(simulator, serviceId).links).toHaveLength(1);
      expect(atOpp(simulator, serviceId).approved).toHaveLength(1);
      const journal = journalOf(journalFile, saleId);
      expect(journal.map(({ attempt }) => [attempt.state, attempt.authorisedMinor])).toEqual([['approved', 1234]]);
      expect(journal[0]?.events.filter((event) => event.to === 'approved')).toHaveLength(1);
      keptThePace(simulator);
    });
  }

  it('leaves nothing for kassa recover after a SIGKILL right after approved is written, and counts it once', async () => {
    const { simulator, configFile, journalFile } = await setup();
    const saleId = 'S-OPP-approved';
    const pay = kassa([...PAY, '--sale', saleId, '--config', configFile], { KASSA_TEST_CRASH_AFTER: 'approved' });
    const paid = simulator.control.pay(linkIdOf(await pay.link));
    const crashed = await pay.exited;
    expect(crashed.signal).toBe('SIGKILL');
    // Killed before it could print: the journal is all that is left of the approval.
    expect(crashed.stdout).toBe('');

    const { code, stdout } = await kassa(['recover', '--json', '--config', configFile]).exited;
    expect(code).toBe(0);
    expect(z.array(ViewSchema).parse(JSON.parse(stdout))).toEqual([]);
    const journal = journalOf(journalFile, saleId);
    expect(journal.map(({ attempt }) => [attempt.state, attempt.authorisedMinor, attempt.terminalReference])).toEqual([
      ['approved', 1234, paid?.payment.id],
    ]);
    expect(atOpp(simulator, journal[0]?.attempt.serviceId).approved).toHaveLength(1);
    keptThePace(simulator);
  });

  it('leaves an expired link cancelled after a SIGKILL right after cancelled is written, with no money taken', async () => {
    const { simulator, configFile, journalFile } = await setup();
    const saleId = 'S-OPP-cancelled';
    const pay = kassa([...PAY, '--sale', saleId, '--config', configFile], { KASSA_TEST_CRASH_AFTER: 'cancelled' });
    simulator.control.expire(linkIdOf(await pay.link));
    const crashed = await pay.exited;
    expect(crashed.signal).toBe('SIGKILL');

    const { code, stdout } = await kassa(['recover', '--json', '--config', configFile]).exited;
    expect(code).toBe(0);
    expect(z.array(ViewSchema).parse(JSON.parse(stdout))).toEqual([]);
    const journal = journalOf(journalFile, saleId);
    expect(journal.map(({ attempt }) => [attempt.state, attempt.authorisedMinor])).toEqual([['cancelled', undefined]]);
    const serviceId = journal[0]?.attempt.serviceId;
    expect(atOpp(simulator, serviceId).links.map((link) => link.status)).toEqual(['EXPIRED']);
    expect(atOpp(simulator, serviceId).approved).toEqual([]);
  });
});
