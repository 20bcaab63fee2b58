import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { loadTillConfig } from '../config/load-config.ts';
import { closedPort, occupyPort } from '../doctor/testing.ts';
import { startWorldlineDirectSimulator } from '../simulators/worldline-direct/simulator.ts';
import {
  TEST_API_KEY_ID,
  TEST_MERCHANT_ID,
  TEST_SECRET_API_KEY,
  TEST_WEBHOOK_KEY_ID,
  TEST_WEBHOOK_SECRET,
} from '../simulators/worldline-direct/testing/harness.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { startFakePrinter, type FakePrinter } from '../printing/testing/fake-printer.ts';
import { startSmtpSink } from '../receipt-mail/testing/smtp-sink.ts';
import { startAdyenSimulator, type AdyenSimulator } from '../simulators/adyen/simulator.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { doctor } from './doctor.ts';
import { runKassa } from './run-kassa.ts';

/** `kassa doctor` against real parts on loopback: the Adyen simulator, a fake printer, real ports and files. */

const POIID = 'P400Plus-100000001';
const MERCHANT = 'KassaSimulatorMerchant';
const API_KEY = 'sim-key-do-not-print-0123';
const WEBHOOK_PASSWORD = 'webhook-password-do-not-print';
const CHECK_NAMES = [
  'configuration',
  'journal',
  'disk space',
  'card terminal',
  'printer',
  'webhooks',
  'e-mail',
  'online gateway',
  'hq',
];

let stdout = '';
let stderr = '';

beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  vi.stubEnv('KASSA_CONFIG', '');
  vi.stubEnv('KASSA_ADYEN_API_KEY', '');
  vi.stubEnv('KASSA_DATA_DIR', tempDir());
});

async function simulator(): Promise<AdyenSimulator> {
  const running = await startAdyenSimulator({
    logger: createMemoryLogger(),
    apiKey: API_KEY,
    merchantAccount: MERCHANT,
    terminals: [{ poiid: POIID }],
  });
  onTestFinished(() => running.close());
  return running;
}

async function fakePrinter(): Promise<FakePrinter> {
  const printer = await startFakePrinter();
  onTestFinished(() => printer.close());
  return printer;
}

/** A training till on the simulator, the fake printer and a webhook port, written to a file as IT would. */
function configFile(options: {
  terminalUrl: string;
  apiKey?: string;
  printerUrl: string;
  webhookPort: number;
  webhookPublicUrl?: string;
  /** A mail server for receipts by e-mail; none when absent. */
  mailPort?: number;
}): string {
  const dir = tempDir();
  const file = path.join(dir, 'till.json');
  writeFileSync(
    file,
    JSON.stringify({
      mode: 'training',
      till: { id: 'SHOP1-T2', name: 'Front desk' },
      journal: { path: path.join(dir, 'data', 'journal.sqlite') },
      payment: {
        provider: 'adyen',
        adyen: {
          baseUrl: options.terminalUrl,
          apiKey: options.apiKey ?? API_KEY,
          merchantAccount: MERCHANT,
          poiId: POIID,
        },
      },
      printer: { url: options.printerUrl, connectTimeoutMs: 500 },
      webhooks: {
        listen: `127.0.0.1:${String(options.webhookPort)}`,
        username: 'adyen',
        password: WEBHOOK_PASSWORD,
        ...(options.webhookPublicUrl === undefined ? {} : { publicUrl: options.webhookPublicUrl }),
      },
      ...(options.mailPort === undefined
        ? {}
        : { receipts: { email: { smtp: { host: '127.0.0.1', port: options.mailPort }, from: 'till@shop.example' } } }),
    }),
  );
  return file;
}

const json = () =>
  JSON.parse(stdout) as { ok: boolean; checks: { name: string; status: string; detail: string; fix?: string }[] };

describe('kassa doctor', () => {
  it('passes every check of a till that is ready, prints { ok, checks } and exits 0', async () => {
    const cloud = await simulator();
    const printer = await fakePrinter();
    const mail = await startSmtpSink();
    onTestFinished(() => mail.close());
    const config = configFile({
      terminalUrl: cloud.url,
      printerUrl: printer.url,
      webhookPort: await closedPort(),
      mailPort: mail.port,
    });

    const code = await doctor(['--config', config, '--json'], createMemoryLogger(), { minFreeDiskBytes: 1 });

    expect(code).toBe(0);
    const report = json();
    expect(report.ok).toBe(true);
    expect(report.checks.map((check) => check.name)).toEqual(CHECK_NAMES);
    for (const check of report.checks) {
      expect(Object.keys(check).sort()).toEqual(['detail', 'name', 'status']);
      // This till has no online section (it makes no payment links) and no HQ, and neither is a failure.
      expect(check.status).toBe(check.name === 'online gateway' || check.name === 'hq' ? 'skip' : 'pass');
    }
    expect(report.checks[0]?.detail).toBe(`Loaded ${config}: training till SHOP1-T2 (Front desk), EUR.`);
    expect(report.checks[3]?.detail).toBe(`Terminal ${POIID} is online on ${cloud.url}/.`);
    expect(report.checks[4]?.detail).toBe(`The network printer 127.0.0.1:${String(printer.port)} is ready.`);
    expect(printer.printouts({ printsOnly: true })).toEqual([]);
    expect(stdout).not.toContain(API_KEY);
    expect(stdout).not.toContain(WEBHOOK_PASSWORD);
  });

  it('exits 1 and prints each failure with its fix when the terminal, printer and webhook port are not right', async () => {
    const printer = await fakePrinter();
    await printer.powerOff();
    const taken = await occupyPort();
    onTestFinished(() => taken.close());
    const terminalPort = await closedPort();
    const config = configFile({
      terminalUrl: `http://127.0.0.1:${String(terminalPort)}`,
      printerUrl: printer.url,
      webhookPort: taken.port,
    });

    // Any disk has a byte free: the disk check passes, so exactly three checks fail, whatever this machine has free.
    const code = await doctor(['--config', config], createMemoryLogger(), { minFreeDiskBytes: 1 });

    expect(code).toBe(1);
    expect(stdout).toContain('PASS  configuration  ');
    expect(stdout).toContain(
      `FAIL  card terminal  Cannot reach http://127.0.0.1:${String(terminalPort)}/ to ask about terminal ${POIID}: ECONNREFUSED.`,
    );
    expect(stdout).toContain(
      `FAIL  printer        The network printer 127.0.0.1:${String(printer.port)} does not answer`,
    );
    expect(stdout).toContain(
      `FAIL  webhooks       Something on this machine already listens on 127.0.0.1:${String(taken.port)}.`,
    );
    expect(stdout).toMatch(/^ {21}Fix: Check the till's internet connection/m);
    expect(stdout).toMatch(/The till is not ready to trade: 3 of 9 checks failed\.\n$/);
  });

  it('checks the public webhook address given in the configuration', async () => {
    const cloud = await simulator();
    const printer = await fakePrinter();
    const webhookPort = await closedPort();
    const unreachable = await closedPort();
    const config = configFile({
      terminalUrl: cloud.url,
      printerUrl: printer.url,
      webhookPort,
      webhookPublicUrl: `http://127.0.0.1:${String(unreachable)}/adyen`,
    });

    const code = await doctor(['--config', config, '--json'], createMemoryLogger(), { minFreeDiskBytes: 1 });

    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { checks: { name: string; status: string; detail: string }[] };
    expect(report.checks.find((check) => check.name === 'webhooks')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining(
        `The public URL http://127.0.0.1:${String(unreachable)}/adyen does not answer`,
      ) as string,
    });
  });

  it('reports a refused API key without ever printing a key', async () => {
    const cloud = await simulator();
    const printer = await fakePrinter();
    const config = configFile({
      terminalUrl: cloud.url,
      apiKey: 'the-wrong-key-9876',
      printerUrl: printer.url,
      webhookPort: await closedPort(),
    });

    const code = await runKassa(['doctor', '--config', config, '--json']);

    expect(code).toBe(1);
    const terminal = json().checks.find((check) => check.name === 'card terminal');
    expect(terminal).toMatchObject({ status: 'fail' });
    expect(terminal?.detail).toContain('refused the API key (HTTP 401)');
    for (const output of [stdout, stderr]) {
      expect(output).not.toContain('the-wrong-key-9876');
      expect(output).not.toContain(API_KEY);
    }
  });

  it('exits 2 for a bad configuration file: the check fails with the loader’s exact message, the rest are skipped', async () => {
    const file = path.join(tempDir(), 'till.json');
    writeFileSync(file, JSON.stringify({ mode: 'party', printer: { url: 'lpt1' } }));
    const message = (() => {
      try {
        loadTillConfig({ configFile: file });
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('the configuration loaded');
    })();

    expect(await runKassa(['doctor', '--config', file, '--json'])).toBe(2);
    expect(json()).toEqual({
      ok: false,
      checks: [
        { name: 'configuration', status: 'fail', detail: message, fix: expect.stringContaining(file) as unknown },
        ...CHECK_NAMES.slice(1).map((name) => ({
          name,
          status: 'skip',
          detail: 'Not checked: the configuration did not load.',
        })),
      ],
    });
    expect(message).toContain(`mode: `);
    expect(message).toContain('printer.url: must be tcp://host:9100');

    stdout = '';
    expect(await runKassa(['doctor', '--config', file])).toBe(2);
    expect(stdout).toContain(`FAIL  configuration  The till's configuration is not valid:\n`);
    expect(stdout).toContain('SKIP  card terminal  Not checked: the configuration did not load.');
  });

  it('exits 2 for a configuration file that is not there, or a --config without a file', async () => {
    const missing = path.join(tempDir(), 'nowhere.json');
    expect(await runKassa(['doctor', '--config', missing, '--json'])).toBe(2);
    expect(json().checks[0]).toMatchObject({
      status: 'fail',
      detail: `Cannot read the configuration file ${missing}: the file does not exist.`,
    });

    stdout = '';
    expect(await runKassa(['doctor', '--config=', '--json'])).toBe(2);
    expect(json().checks[0]?.detail).toBe('--config needs a file, for example --config /etc/kassa/config.json');
  });

  it('exits 2 with its usage when called wrongly, and is listed in help', async () => {
    expect(await runKassa(['doctor', '--colour', 'blue'])).toBe(2);
    expect(stderr).toMatch(/^kassa doctor: /);
    expect(stderr).toContain('kassa doctor [--config FILE] [--json]');

    expect(await runKassa(['doctor', 'now'])).toBe(2);

    stdout = '';
    expect(await runKassa(['help'])).toBe(0);
    expect(stdout).toMatch(/^ {2}doctor {5}check in one run whether this till is ready to trade$/m);
    stdout = '';
    expect(await runKassa(['help', 'doctor'])).toBe(0);
    expect(stdout).toContain('Exits 0 when no check fails');
  });

  it('checks a demo till on its embedded simulator and skips what it does not have', async () => {
    const code = await doctor(['--json'], createMemoryLogger(), { minFreeDiskBytes: 1 });

    expect(code).toBe(0);
    const checks = json().checks;
    expect(checks.map((check) => [check.name, check.status])).toEqual([
      ['configuration', 'pass'],
      ['journal', 'pass'],
      ['disk space', 'pass'],
      ['card terminal', 'pass'],
      ['printer', 'skip'],
      ['webhooks', 'skip'],
      ['e-mail', 'skip'],
      ['online gateway', 'pass'],
      ['online webhooks', 'pass'],
      ['hq', 'skip'],
    ]);
    expect(checks[0]?.detail).toContain('the built-in defaults only');
    expect(checks[7]?.detail).toContain('Worldline Direct answers the test connection for merchant KassaDemoShop');
    expect(checks[1]?.detail).toContain('it will be created on first start');
    expect(checks[3]?.detail).toContain('the embedded Adyen simulator (demo mode: no real card terminal)');
  });

  it('asks the online gateway its test connection with the configured keys, and says which key to fix when refused', async () => {
    const direct = await startWorldlineDirectSimulator({
      port: 0,
      merchantId: TEST_MERCHANT_ID,
      apiKeyId: TEST_API_KEY_ID,
      secretApiKey: TEST_SECRET_API_KEY,
      webhookKeyId: TEST_WEBHOOK_KEY_ID,
      webhookSecret: TEST_WEBHOOK_SECRET,
    });
    onTestFinished(() => direct.close());
    const withSecret = (secretApiKey: string) => {
      const file = path.join(tempDir(), 'till.json');
      writeFileSync(
        file,
        JSON.stringify({
          mode: 'training',
          payment: null,
          online: {
            provider: 'worldline-direct',
            worldlineDirect: {
              baseUrl: direct.url,
              merchantId: TEST_MERCHANT_ID,
              apiKeyId: TEST_API_KEY_ID,
              secretApiKey,
              webhookKeyId: TEST_WEBHOOK_KEY_ID,
              webhookSecret: TEST_WEBHOOK_SECRET,
            },
          },
        }),
      );
      return file;
    };

    await doctor(['--config', withSecret(TEST_SECRET_API_KEY), '--json'], createMemoryLogger(), {
      minFreeDiskBytes: 1,
    });
    const gateway = json().checks.filter((check) => check.name.startsWith('online'));
    expect(gateway).toEqual([
      {
        name: 'online gateway',
        status: 'pass',
        detail: `Worldline Direct answers the test connection for merchant ${TEST_MERCHANT_ID} at ${direct.url}/`,
      },
      expect.objectContaining({ name: 'online webhooks', status: 'skip' }),
    ]);

    stdout = '';
    const code = await doctor(['--config', withSecret('not-the-secret-key'), '--json'], createMemoryLogger(), {
      minFreeDiskBytes: 1,
    });
    expect(code).toBe(2);
    expect(json().checks.find((check) => check.name === 'online gateway')).toMatchObject({
      status: 'fail',
      detail: `Worldline Direct refused the API key (HTTP 401) for merchant ${TEST_MERCHANT_ID}`,
      fix: expect.stringContaining('secretApiKey') as unknown,
    });
    expect(stdout).not.toContain('not-the-secret-key');
  });
});
