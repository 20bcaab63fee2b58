import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { startWorldlineDirectSimulator } from '../../simulators/worldline-direct/simulator.ts';
import {
  TEST_API_KEY_ID,
  TEST_MERCHANT_ID,
  TEST_SECRET_API_KEY,
  TEST_WEBHOOK_KEY_ID,
  TEST_WEBHOOK_SECRET,
  tillOnlineSection,
} from '../../simulators/worldline-direct/testing/harness.ts';
import { openTestPaymentBook } from '../../testing/test-books.ts';
import { tempDir } from '../../testing/temp-dir.ts';

/**
 * `kassa pay --tender link` and `kassa recover` as real processes, against a
 * Worldline Direct simulator in this process (so it outlives them): the
 * link's address comes out on stderr as soon as the gateway made it, and a
 * process killed (SIGKILL) right after each state of its attempt is written
 * is settled by `kassa recover` to what the gateway really did, with one link
 * per attempt: the same idempotence key finds the link a lost reply made,
 * never a second one.
 */

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const NODE = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'node');
const KASSA = path.join(PROJECT_ROOT, 'electron', 'cli', 'kassa.ts');

interface Child {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>;
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
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) => {
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

async function setup() {
  const simulator = await startWorldlineDirectSimulator({
    merchantId: TEST_MERCHANT_ID,
    apiKeyId: TEST_API_KEY_ID,
    secretApiKey: TEST_SECRET_API_KEY,
    webhookKeyId: TEST_WEBHOOK_KEY_ID,
    webhookSecret: TEST_WEBHOOK_SECRET,
  });
  onTestFinished(() => simulator.close());
  const dir = tempDir('kassa-link-crash-');
  const journalFile = path.join(dir, 'journal.sqlite');
  const configFile = path.join(dir, 'till.json');
  const port = await freePort();
  writeFileSync(
    configFile,
    JSON.stringify({
      mode: 'demo',
      payment: null,
      online: tillOnlineSection(simulator),
      // Worldline Direct posts each link's webhooks to the address given with it, under publicUrl.
      webhooks: {
        listen: `127.0.0.1:${String(port)}`,
        publicUrl: `http://127.0.0.1:${String(port)}`,
        username: 'unused-here',
        password: 'unused-here-too',
      },
      journal: { path: journalFile },
    }),
  );
  return { simulator, configFile, journalFile };
}

const ViewSchema = z.object({ state: z.string(), amountMinor: z.number(), tender: z.literal('link') });

const linkIdOf = (url: string) => new URL(url).pathname.split('/').at(-1) ?? '';

describe('kassa pay --tender link', { timeout: 60_000 }, () => {
  it('prints the link at once and ends approved once the customer paid it', async () => {
    const { simulator, configFile } = await setup();
    const pay = kassa(['pay', '--tender', 'link', '--amount', '12.34', '--json', '--config', configFile]);
    const link = await pay.link;
    expect(link).toMatch(new RegExp(`^${simulator.url}/pay/`));
    simulator.control.pay(linkIdOf(link), { outcome: 'approved' });

    const { code, stdout } = await pay.exited;
    expect(code).toBe(0);
    expect(ViewSchema.parse(JSON.parse(stdout))).toMatchObject({ state: 'approved', amountMinor: 1234 });
  });

  for (const state of ['created', 'sent', 'in_progress'] as const) {
    it(`is settled by kassa recover after a SIGKILL right after ${state} is written, on one link`, async () => {
      const { simulator, configFile, journalFile } = await setup();
      const crashed = await kassa(['pay', '--tender', 'link', '--amount', '8.42', '--config', configFile], {
        KASSA_TEST_CRASH_AFTER: state,
      }).exited;
      expect(crashed.signal).toBe('SIGKILL');
      const book = openTestPaymentBook(journalFile);
      const attempt = book.lastAttempt();
      book.close();
      expect(attempt?.state).toBe(state);

      const recover = kassa(['recover', '--json', '--config', configFile]);
      // The customer pays the link the attempt made: the one with its reference, made once.
      const mine = async () => {
        for (let tries = 0; tries < 200; tries += 1) {
          const found = simulator.control.links().filter((link) => link.merchantReference === attempt?.serviceId);
          if (found.length > 0) return found;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return [];
      };
      const links = await mine();
      expect(links).toHaveLength(1);
      simulator.control.pay(links[0]?.paymentLinkId ?? '', { outcome: 'approved' });

      const { code, stdout } = await recover.exited;
      expect(code).toBe(0);
      const settled = z.array(ViewSchema).parse(JSON.parse(stdout));
      expect(settled).toMatchObject([{ state: 'approved', amountMinor: 842 }]);
      expect(simulator.control.links().filter((link) => link.merchantReference === attempt?.serviceId)).toHaveLength(1);
    });
  }
});
