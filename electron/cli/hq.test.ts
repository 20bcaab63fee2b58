import path from 'node:path';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../logging/logger.ts';
import { openHqStore } from '../hq/postgres-store.ts';
import { sha256Hex } from '../hq/server/secret-hashes.ts';
import { verifyPassword } from '../hq/server/password-hash.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { hq } from './hq.ts';
import { runKassa } from './run-kassa.ts';

/** `kassa hq` against the embedded database in a data folder, as on a fresh machine. */

let stdout = '';
let stderr = '';

beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});

const logger = createMemoryLogger();

describe('kassa hq', { timeout: 120_000 }, () => {
  it('makes a one-time code for a new shop, keeps only its hash, and the code enrols a till once', async () => {
    const dataDir = path.join(tempDir(), 'hq');
    await expect(
      hq(['code', '--shop', 'AMS-01', '--shop-name', 'Amsterdam Centraal', '--data-dir', dataDir], logger, { env: {} }),
    ).resolves.toBe(0);
    const code = /: ([A-HJ-NP-Z2-9]{4}(?:-[A-HJ-NP-Z2-9]{4}){3})\n/.exec(stdout)?.[1];
    expect(code).toBeDefined();
    expect(stdout).toMatch(/until \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);

    const store = await openHqStore({ dataDir });
    try {
      const redeem = (tillId: string) =>
        store.redeemEnrolmentCode({
          codeHash: sha256Hex((code ?? '').replaceAll('-', '')),
          tillId,
          tillName: 'Till',
          tokenHash: sha256Hex(`token-${tillId}`),
          now: new Date().toISOString(),
        });
      await expect(redeem('T-1')).resolves.toMatchObject({
        kind: 'enrolled',
        tillKey: 'AMS-01/T-1',
        shopName: 'Amsterdam Centraal',
      });
      await expect(redeem('T-2')).resolves.toEqual({ kind: 'code_used' });
    } finally {
      await store.close();
    }

    stdout = '';
    await expect(hq(['revoke', '--till', 'AMS-01/T-1', '--data-dir', dataDir], logger, { env: {} })).resolves.toBe(0);
    expect(stdout).toContain('Till AMS-01/T-1 is revoked');
    await expect(hq(['revoke', '--till', 'AMS-01/T-9', '--data-dir', dataDir], logger, { env: {} })).resolves.toBe(1);
    expect(stderr).toContain('HQ has no till AMS-01/T-9');
  });

  it('adds an account with the password from standard input, kept as a scrypt hash', async () => {
    const dataDir = path.join(tempDir(), 'hq');
    const input = Readable.from(['correct horse battery staple\n']);
    await expect(
      hq(['account', '--name', 'anna', '--role', 'manager', '--data-dir', dataDir], logger, { env: {}, input }),
    ).resolves.toBe(0);
    expect(stdout).toContain('Account anna (manager)');

    const store = await openHqStore({ dataDir });
    try {
      const account = await store.accountByName('anna');
      expect(account).toMatchObject({ name: 'anna', role: 'manager' });
      expect(account?.passwordHash).toMatch(/^scrypt\$/);
      await expect(verifyPassword('correct horse battery staple', account?.passwordHash ?? '')).resolves.toBe(true);
    } finally {
      await store.close();
    }
  });

  it('finds its data folder under KASSA_DATA_DIR, and says what is wrong with how it was called', async () => {
    vi.stubEnv('KASSA_DATA_DIR', tempDir());
    await expect(runKassa(['hq', 'account', '--name', 'anna', '--role', 'owner'])).resolves.toBe(2);
    expect(stderr).toContain('--role must be viewer or manager');
    await expect(runKassa(['hq', 'code', '--shop', 'not a shop!', '--shop-name', 'X'])).resolves.toBe(2);
    await expect(runKassa(['hq', 'launch'])).resolves.toBe(2);
    expect(stderr).toContain('unknown subcommand "launch"');
    await expect(runKassa(['hq', 'serve', '--database', 'postgres://h/db'])).resolves.toBe(2);
    expect(stderr).toContain('needs a session secret');
    stdout = '';
    await expect(runKassa(['help', 'hq'])).resolves.toBe(0);
    expect(stdout).toContain('kassa hq code --shop ID --shop-name NAME');
  });

  it('serves on a fresh data folder until asked to stop', async () => {
    const { EventEmitter } = await import('node:events');
    const signals = new EventEmitter();
    const dataDir = path.join(tempDir(), 'hq');
    const served = hq(['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir], logger, {
      env: {},
      signals,
    });
    await vi.waitFor(() => expect(stdout).toContain('Press Ctrl+C to stop.'), { timeout: 30_000 });
    const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1] ?? '';
    await expect((await fetch(`${url}/api/health`)).json()).resolves.toEqual({ ok: true });
    expect(stdout).toContain(`the embedded database in ${dataDir}`);
    // The folder is this process's while it serves.
    await expect(
      hq(['code', '--shop', 'A', '--shop-name', 'A', '--data-dir', dataDir], logger, { env: {} }),
    ).rejects.toThrow(/open in process/);
    signals.emit('SIGTERM');
    await expect(served).resolves.toBe(0);
  });
});
