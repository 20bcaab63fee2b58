import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startWorldnetSimulator } from '../../simulators/worldnet/simulator.ts';
import { openTestBooks } from '../../testing/test-books.ts';
import { tempDir } from '../../testing/temp-dir.ts';
import { writeTestCatalog } from '../../testing/selling.ts';

/**
 * The moment that decides whether a Worldnet result can be lost or counted
 * twice: the till killed after the validation is in its journal and before
 * it answered `OK`. Worldnet, having no answer, tries again; the restarted
 * till finds the validation it stored (its recovery hands it on), answers
 * the retry `OK` as a repeat, and the payment is approved once.
 */

const CHILD = fileURLToPath(new URL('./testing/worldnet-till-child.ts', import.meta.url));
const TERMINAL = '4479001';
const SECRET = 'worldnet-kill-test-secret';
const API_KEY = 'worldnet-kill-test-api-key';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  /** The next JSON line the child prints. */
  line(): Promise<Record<string, unknown>>;
  exited: Promise<NodeJS.Signals | null>;
}

function startChild(config: object, args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, [CHILD, JSON.stringify(config), ...args], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const lines = createInterface({ input: child.stdout });
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => {
    const next = waiting.shift();
    if (next === undefined) queue.push(line);
    else next(line);
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return {
    process: child,
    line: () =>
      new Promise((resolve, reject) => {
        const parse = (line: string) => resolve(JSON.parse(line) as Record<string, unknown>);
        const queued = queue.shift();
        if (queued !== undefined) parse(queued);
        else waiting.push(parse);
        setTimeout(() => reject(new Error(`the till printed nothing in 20 s: ${stderr}`)), 20_000).unref();
      }),
    exited: new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal))),
  };
}

describe('a till killed between storing Worldnet’s validation and answering OK', { timeout: 60_000 }, () => {
  it('answers the retry OK and approves the payment once', async () => {
    // A simulated minute is a second: Worldnet tries again every simulated minute, ten times.
    const simulator = await startWorldnetSimulator({
      terminalId: TERMINAL,
      secret: SECRET,
      apiKey: API_KEY,
      retrySchedule: Array.from({ length: 10 }, () => 60_000),
      timeScale: 1 / 60,
    });
    onTestFinished(() => simulator.close());
    const port = await freePort();
    const journal = path.join(tempDir(), 'journal.sqlite');
    const config = {
      store: { name: 'Worldnet shop', addressLines: [] },
      till: { id: 'T-K', name: 'Till K' },
      locale: 'en-GB',
      currency: 'EUR',
      mode: 'demo',
      payment: null,
      online: {
        provider: 'worldnet',
        worldnet: { baseUrl: simulator.url, terminalId: TERMINAL, secret: SECRET, apiKey: API_KEY },
      },
      webhooks: {
        listen: `127.0.0.1:${String(port)}`,
        username: 'unused-adyen',
        password: 'unused-adyen-password',
        publicUrl: `http://127.0.0.1:${String(port)}`,
      },
      journal: { path: journal },
      catalog: { path: writeTestCatalog(tempDir()) },
    };

    const first = startChild(config, ['--link'], { KASSA_TEST_CRASH_AFTER: 'inbox' });
    const made = await first.line();
    const link = String(made.link);
    const attemptId = String(made.attemptId);
    // The customer's phone opens the link and pays on Worldnet's page.
    const page = await (await fetch(link)).text();
    const fields = new URLSearchParams(
      [...page.matchAll(/name="([A-Z]+)" value="([^"]*)"/g)].map((match): [string, string] => [
        match[1] ?? '',
        match[2] ?? '',
      ]),
    );
    const hosted = await fetch(`${simulator.url}/merchant/paymentpage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
    });
    expect(hosted.status).toBe(200);
    const paid = simulator.control.pay(fields.get('ORDERID') ?? '');
    expect(await first.exited).toBe('SIGKILL');

    // On disk, never answered: the stored validation is there and the payment not yet approved.
    const between = openTestBooks(journal, { mode: 'demo' });
    expect(between.payments.inbox()).toHaveLength(1);
    expect(between.payments.attempt(attemptId)?.state).not.toBe('approved');
    between.close();

    const second = startChild(config, []);
    await second.line();
    await simulator.control.validationsIdle();
    const tries = simulator.control.validations().flatMap((sent) => sent.attempts);
    expect(tries.at(0)?.status).toBeUndefined();
    expect(tries.at(-1)).toMatchObject({ status: 200, body: 'OK', delivered: true });
    expect(simulator.control.emails()).toEqual([]);
    second.process.stdin.write(`${attemptId}\n`);
    let state = '';
    for (let asked = 0; asked < 50 && state !== 'approved'; asked += 1) {
      if (asked > 0) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        second.process.stdin.write(`${attemptId}\n`);
      }
      state = String((await second.line()).state);
    }
    expect(state).toBe('approved');
    second.process.kill('SIGTERM');
    await second.exited;

    const after = openTestBooks(journal, { mode: 'demo' });
    try {
      // One validation stored, one approval: the retry was a repeat.
      expect(after.payments.inbox()).toHaveLength(1);
      const attempt = after.payments.attempt(attemptId);
      expect(attempt).toMatchObject({ state: 'approved', terminalReference: paid.transaction?.uniqueReference });
      expect(after.payments.events(attemptId).filter((event) => event.to === 'approved')).toHaveLength(1);
    } finally {
      after.close();
    }
  });
});
