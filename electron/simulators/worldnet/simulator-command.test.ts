import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../logging/logger.ts';
import { parseRetrySchedule, WORLDNET_DEMO, WORLDNET_SIMULATOR } from '../../payments/worldnet/simulator-command.ts';

/** `kassa simulator --provider worldnet`: the demo's credentials by default, its own options, bad values refused. */

const start = (values: Record<string, string>, apiKey?: string) =>
  WORLDNET_SIMULATOR.start({ port: 0, apiKey, timeScale: 0.001, values, logger: createMemoryLogger() });

const urlOf = (describe: string) => /at (http:\/\/\S+)/.exec(describe)?.[1] ?? '';

describe('the worldnet simulator command', () => {
  it('starts with the demo credentials: a page signed with them opens, the demo key authenticates', async () => {
    const running = await start({});
    try {
      const url = urlOf(running.describe());
      expect(running.describe()).toContain(WORLDNET_DEMO.terminalId);
      const fields = {
        TERMINALID: WORLDNET_DEMO.terminalId,
        ORDERID: 'KNDEMO0001',
        CURRENCY: 'EUR',
        AMOUNT: '12.34',
        DATETIME: '5-3-2026:09:04:07:012',
      };
      // A single-currency terminal: CURRENCY is sent but not hashed.
      const hashed = [fields.TERMINALID, fields.ORDERID, fields.AMOUNT, fields.DATETIME, WORLDNET_DEMO.secret];
      const hash = createHash('sha512').update(hashed.join(':')).digest('hex');
      const page = await fetch(`${url}/merchant/paymentpage`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...fields, HASH: hash }).toString(),
      });
      expect(page.status).toBe(200);
      const token = await fetch(`${url}/merchant/api/v1/account/authenticate`, {
        headers: { authorization: `Basic ${WORLDNET_DEMO.apiKey}` },
      });
      expect(token.status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('takes its own options and the shared --api-key, and refuses bad ones (RangeError: a usage error)', async () => {
    expect(Object.keys(WORLDNET_SIMULATOR.options).sort()).toEqual([
      'currency-mode',
      'retry-schedule',
      'secret',
      'terminal-id',
      'validation-url',
    ]);
    await expect(start({ 'currency-mode': 'both' })).rejects.toThrow(RangeError);
    await expect(start({ 'retry-schedule': '1m,soon' })).rejects.toThrow(RangeError);
    await expect(start({ 'validation-url': 'nowhere' })).rejects.toThrow(RangeError);
    const running = await start(
      {
        'terminal-id': '678002',
        'currency-mode': 'multi',
        'validation-url': 'http://127.0.0.1:9/worldnet/validation',
        'retry-schedule': '30s,2m',
      },
      'my-own-key',
    );
    try {
      const described = running.describe();
      expect(described).toContain('678002 (multi-currency)');
      expect(described).toContain('http://127.0.0.1:9/worldnet/validation');
      expect(described).toContain('0.5m, 2m');
      const url = urlOf(described);
      const own = await fetch(`${url}/merchant/api/v1/account/authenticate`, {
        headers: { authorization: 'Basic my-own-key' },
      });
      const demo = await fetch(`${url}/merchant/api/v1/account/authenticate`, {
        headers: { authorization: `Basic ${WORLDNET_DEMO.apiKey}` },
      });
      expect([own.status, demo.status]).toEqual([200, 401]);
    } finally {
      await running.close();
    }
  });

  it('reads a retry schedule in ms, s, m or h, bare numbers as minutes', () => {
    expect(parseRetrySchedule('1m,5m,15m,60m')).toEqual([60_000, 300_000, 900_000, 3_600_000]);
    expect(parseRetrySchedule('500ms, 2s,1h,3')).toEqual([500, 2_000, 3_600_000, 180_000]);
    expect(parseRetrySchedule('none')).toEqual([]);
    expect(() => parseRetrySchedule('1.5m')).toThrow(RangeError);
    expect(() => parseRetrySchedule('-1m')).toThrow(RangeError);
  });
});
