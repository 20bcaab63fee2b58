import { describe, expect, it, onTestFinished } from 'vitest';
import { TillConfigSchema, type TillConfig } from '../../../shared/config/schema.ts';
import { createMemoryLogger } from '../../logging/logger.ts';
import { startWorldnetSimulator } from '../../simulators/worldnet/simulator.ts';
import { checkWorldnet } from './worldnet-check.ts';

/**
 * `kassa doctor` on a Worldnet till, against the simulator on loopback: the
 * API key proved by a search that moves no money, a wrong key named as the
 * configuration's problem, no key said plainly, and the public address the
 * phone and Worldnet need.
 */

const TERMINAL = '4479001';
const SECRET = 'doctor-worldnet-secret';
const API_KEY = 'doctor-worldnet-api-key';

async function simulator() {
  const started = await startWorldnetSimulator({ terminalId: TERMINAL, secret: SECRET, apiKey: API_KEY });
  onTestFinished(() => started.close());
  return started;
}

function config(baseUrl: string, worldnet: Record<string, unknown>, publicUrl: string): TillConfig {
  return TillConfigSchema.parse({
    store: { name: 'Doctor shop', addressLines: [] },
    till: { id: 'T-D', name: 'Till D' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'training',
    payment: null,
    online: { provider: 'worldnet', worldnet: { baseUrl, terminalId: TERMINAL, secret: SECRET, ...worldnet } },
    webhooks: { listen: '127.0.0.1:0', username: 'adyen', password: 'a-long-password-123', publicUrl },
  });
}

async function check(till: TillConfig) {
  if (till.online?.provider !== 'worldnet') throw new Error('not a Worldnet till');
  const outcomes = await checkWorldnet(till, till.online, { logger: createMemoryLogger(), timeoutMs: 2_000 });
  return Object.fromEntries(outcomes.map((outcome) => [outcome.name, outcome]));
}

describe('kassa doctor on a Worldnet till', () => {
  it('passes a good API key by a search, and says where links open and validations arrive', async () => {
    const worldnet = await simulator();
    const found = await check(config(worldnet.url, { apiKey: API_KEY }, 'https://till-1.shop.example/kassa/'));
    expect(found['online gateway']).toMatchObject({ status: 'pass' });
    expect(found['online webhooks']).toMatchObject({ status: 'pass' });
    expect(found['online webhooks']?.detail).toContain('https://till-1.shop.example/kassa/worldnet/validation');
    expect(worldnet.control.transactions()).toEqual([]);
  });

  it('names a wrong API key as the configuration’s problem, never printing it, and no key as a skip', async () => {
    const worldnet = await simulator();
    const wrong = await check(config(worldnet.url, { apiKey: 'not-the-api-key' }, 'https://till-1.shop.example'));
    expect(wrong['online gateway']).toMatchObject({ status: 'fail', configurationProblem: true });
    expect(JSON.stringify(wrong)).not.toContain('not-the-api-key');
    const none = await check(config(worldnet.url, {}, 'https://till-1.shop.example'));
    expect(none['online gateway']).toMatchObject({ status: 'skip' });
  });

  it('says Worldnet did not answer when nothing listens, and that plain http will not do', async () => {
    const worldnet = await simulator();
    const url = worldnet.url;
    await worldnet.close();
    const found = await check(config(url, { apiKey: API_KEY }, 'http://till-1.shop.example'));
    expect(found['online gateway']).toMatchObject({ status: 'fail' });
    expect(found['online gateway']?.configurationProblem).toBeUndefined();
    expect(found['online webhooks']).toMatchObject({ status: 'fail', configurationProblem: true });
  });
});
