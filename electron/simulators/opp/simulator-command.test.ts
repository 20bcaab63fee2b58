import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../logging/logger.ts';
import { OPP_DEMO, OPP_SIMULATOR } from '../../payments/opp/simulator-command.ts';

/** `kassa simulator --provider opp`: the demo's credentials by default, its own options, bad secrets refused. */

describe('the opp simulator command', () => {
  it('starts with the demo credentials and answers a call made with them', async () => {
    const running = await OPP_SIMULATOR.start({
      port: 0,
      apiKey: undefined,
      timeScale: 0.001,
      values: {},
      logger: createMemoryLogger(),
    });
    try {
      const url = /at (http:\/\/\S+)/.exec(running.describe())?.[1] ?? '';
      expect(running.describe()).toContain(OPP_DEMO.entityId);
      const reply = await fetch(`${url}/v1/paybylink`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${OPP_DEMO.token}`,
          'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
        },
        body: new URLSearchParams({
          entityId: OPP_DEMO.entityId,
          amount: '12.34',
          currency: 'EUR',
          paymentType: 'DB',
          merchantTransactionId: 'demo-1',
          validUntil: '1',
          validUntilUnit: 'HOUR',
        }).toString(),
      });
      expect(reply.status).toBe(200);
    } finally {
      await running.close();
    }
    expect(OPP_DEMO.entityId).toHaveLength(32);
    expect(OPP_DEMO.webhookSecret).toMatch(/^[0-9a-f]{64}$/);
  });

  it('takes its own options, and refuses a webhook secret that is not 64 hex (a RangeError: a usage error)', async () => {
    expect(Object.keys(OPP_SIMULATOR.options).sort()).toEqual(['entity-id', 'token', 'webhook-secret', 'webhook-url']);
    const start = (values: Record<string, string>) =>
      OPP_SIMULATOR.start({ port: 0, apiKey: undefined, timeScale: 1, values, logger: createMemoryLogger() });
    await expect(start({ 'webhook-secret': 'kassa' })).rejects.toThrow(RangeError);
    const running = await start({ 'entity-id': 'shop-entity', 'webhook-url': 'http://127.0.0.1:9/opp/events' });
    try {
      expect(running.describe()).toContain('shop-entity');
      expect(running.describe()).toContain('http://127.0.0.1:9/opp/events');
    } finally {
      await running.close();
    }
  });
});
