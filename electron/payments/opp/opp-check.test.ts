import { describe, expect, it, onTestFinished } from 'vitest';
import { TillConfigSchema, type TillConfig } from '../../../shared/config/schema.ts';
import { createMemoryLogger } from '../../logging/logger.ts';
import { startOppSimulator } from '../../simulators/opp/simulator.ts';
import { checkOpp } from './opp-check.ts';

/**
 * `kassa doctor` on an OPP till, against the simulator on loopback: the
 * token and entity proved by a read that moves no money, a wrong token or
 * entity named as a configuration problem, a gateway that does not answer
 * named as the network's, and where ACI must post webhooks.
 */

const ENTITY = '8ac7a4c8e2e0doctor00000000000001';
const TOKEN = 'doctor-opp-token';
const SECRET = 'd0c7'.repeat(16);

async function simulator() {
  const started = await startOppSimulator({ entityId: ENTITY, token: TOKEN, webhookSecret: SECRET });
  onTestFinished(() => started.close());
  return started;
}

function config(baseUrl: string, opp: Record<string, unknown> = {}, publicUrl?: string): TillConfig {
  return TillConfigSchema.parse({
    store: { name: 'Doctor shop', addressLines: [] },
    till: { id: 'T-D', name: 'Till D' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'training',
    payment: null,
    online: {
      provider: 'opp',
      opp: { baseUrl, entityId: ENTITY, accessToken: TOKEN, webhookSecret: SECRET, ...opp },
    },
    ...(publicUrl === undefined
      ? {}
      : { webhooks: { listen: '127.0.0.1:0', username: 'adyen', password: 'a-long-password-123', publicUrl } }),
  });
}

async function check(till: TillConfig) {
  if (till.online?.provider !== 'opp') throw new Error('not an OPP till');
  const outcomes = await checkOpp(till, till.online, { logger: createMemoryLogger(), timeoutMs: 2_000 });
  return Object.fromEntries(outcomes.map((outcome) => [outcome.name, outcome]));
}

describe('kassa doctor on an OPP till', () => {
  it('passes a good token and entity by asking for a transaction nobody made, and says where webhooks go', async () => {
    const opp = await simulator();
    const found = await check(config(opp.url, {}, 'https://till-1.shop.example/kassa/'));
    expect(found['online gateway']).toMatchObject({ status: 'pass' });
    expect(found['online gateway']?.detail).toContain(ENTITY);
    expect(found['online webhooks']).toMatchObject({ status: 'pass' });
    expect(found['online webhooks']?.detail).toContain('https://till-1.shop.example/kassa/opp/events');
    // A read: nothing was paid, nothing made.
    expect(opp.control.transactions()).toEqual([]);
  });

  it('names a wrong token or entity as the configuration’s problem, without printing the token', async () => {
    const opp = await simulator();
    const wrongToken = await check(config(opp.url, { accessToken: 'not-the-token' }));
    expect(wrongToken['online gateway']).toMatchObject({ status: 'fail', configurationProblem: true });
    expect(JSON.stringify(wrongToken)).not.toContain('not-the-token');
    const wrongEntity = await check(config(opp.url, { entityId: '8ac7a4c8e2e0doctor00000000000999' }));
    expect(wrongEntity['online gateway']).toMatchObject({ status: 'fail', configurationProblem: true });
  });

  it('says the gateway did not answer when nothing listens, and that plain http will not do for webhooks', async () => {
    const opp = await simulator();
    const url = opp.url;
    await opp.close();
    const found = await check(config(url, {}, 'http://till-1.shop.example/kassa'));
    expect(found['online gateway']).toMatchObject({ status: 'fail' });
    expect(found['online gateway']?.detail).toContain('did not answer');
    expect(found['online gateway']?.configurationProblem).toBeUndefined();
    expect(found['online webhooks']).toMatchObject({ status: 'fail', configurationProblem: true });
  });
});
