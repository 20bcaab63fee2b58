import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createMemoryLogger } from '../logging/logger.ts';
import { startAdyenSimulator, type AdyenSimulator } from '../simulators/adyen/simulator.ts';
import { checkTerminal } from './terminal-check.ts';
import { closedPort, tillConfig } from './testing.ts';

const POIID = 'P400Plus-100000001';
const MERCHANT = 'KassaSimulatorMerchant';

async function simulator(): Promise<AdyenSimulator> {
  const running = await startAdyenSimulator({
    logger: createMemoryLogger(),
    apiKey: 'sim-key-0123456789',
    merchantAccount: MERCHANT,
    terminals: [{ poiid: POIID }],
  });
  onTestFinished(() => running.close());
  return running;
}

/** A training till whose terminal is reached at `baseUrl` with `apiKey`. */
function trainingTill(baseUrl: string, adyen: Record<string, unknown> = {}) {
  return tillConfig({
    mode: 'training',
    payment: { provider: 'adyen', adyen: { baseUrl, merchantAccount: MERCHANT, poiId: POIID, ...adyen } },
  });
}

const check = (config: ReturnType<typeof tillConfig>, timeoutMs = 2_000) =>
  checkTerminal(config, { logger: createMemoryLogger(), env: {}, timeoutMs });

describe('the card terminal check', () => {
  it('passes when Adyen reports the terminal online, and fails with what to do when it is offline', async () => {
    const cloud = await simulator();
    const config = trainingTill(cloud.url, { apiKey: cloud.apiKey });

    expect(await check(config)).toEqual({
      name: 'card terminal',
      status: 'pass',
      detail: `Terminal ${POIID} is online on ${cloud.url}/.`,
    });

    cloud.terminal(POIID)?.setOnline(false);
    const offline = await check(config);
    expect(offline).toMatchObject({ status: 'fail', detail: `${cloud.url}/ reports terminal ${POIID} offline.` });
    expect(offline.fix).toContain('Switch the terminal on');
  });

  it('says the API key was refused, and never shows the key', async () => {
    const cloud = await simulator();
    const result = await check(trainingTill(cloud.url, { apiKey: 'wrong-key-secret-42' }));

    expect(result).toMatchObject({ status: 'fail' });
    expect(result.detail).toContain('refused the API key (HTTP 401)');
    expect(result.fix).toContain('payment.adyen.apiKey');
    expect(JSON.stringify(result)).not.toContain('wrong-key-secret-42');
    expect(JSON.stringify(result)).not.toContain(cloud.apiKey);
  });

  it('tells a key that may not see the merchant account (403) from a wrong key', async () => {
    const cloud = await simulator();
    const result = await check(trainingTill(cloud.url, { apiKey: cloud.apiKey, merchantAccount: 'SomeoneElse' }));
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('refused access (HTTP 403)');
    expect(result.detail).toContain('SomeoneElse');
    expect(result.fix).toContain('payment.adyen.merchantAccount');
  });

  it('says Adyen cannot be reached when nothing listens at the address', async () => {
    const port = await closedPort();
    const result = await check(trainingTill(`http://127.0.0.1:${String(port)}`, { apiKey: 'key' }));
    expect(result).toMatchObject({ status: 'fail' });
    expect(result.detail).toBe(
      `Cannot reach http://127.0.0.1:${String(port)}/ to ask about terminal ${POIID}: ECONNREFUSED.`,
    );
    expect(result.fix).toContain('internet connection');
  });

  it('gives up after the timeout it is given when the host takes the connection but never answers', async () => {
    const hung = createServer(() => undefined);
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    onTestFinished(
      () =>
        new Promise<void>((resolve) => {
          hung.closeAllConnections();
          hung.close(() => resolve());
        }),
    );
    const { port } = hung.address() as AddressInfo;

    const result = await check(trainingTill(`http://127.0.0.1:${String(port)}`, { apiKey: 'key' }), 50);
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('no answer within 50 ms');
  });

  it('fails when something other than Adyen answers', async () => {
    const portal = createServer((_request, response) => response.writeHead(200).end('<html>captive portal</html>'));
    await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => portal.close(() => resolve())));
    const { port } = portal.address() as AddressInfo;

    const result = await check(trainingTill(`http://127.0.0.1:${String(port)}`, { apiKey: 'key' }));
    expect(result).toMatchObject({
      status: 'fail',
      detail: `http://127.0.0.1:${String(port)}/ answered HTTP 200, not a terminal status.`,
    });
  });

  it('checks a demo till against the embedded simulator and says so', async () => {
    const result = await check(tillConfig({ mode: 'demo' }));
    expect(result).toEqual({
      name: 'card terminal',
      status: 'pass',
      detail: `Terminal ${POIID} is online on the embedded Adyen simulator (demo mode: no real card terminal).`,
    });
  });

  it('is skipped for a till without cards, and a configuration problem for a till without an API key', async () => {
    expect(await check(tillConfig({ mode: 'training' }))).toMatchObject({ status: 'skip' });
    expect(await check(tillConfig({ mode: 'demo', payment: null }))).toMatchObject({ status: 'skip' });

    const keyless = await check(trainingTill('http://127.0.0.1:9'));
    expect(keyless).toMatchObject({ status: 'fail', configurationProblem: true });
    expect(keyless.detail).toContain('payment.adyen.apiKey: a training till needs');
    expect(keyless.fix).toContain('KASSA_ADYEN_API_KEY');
  });
});
