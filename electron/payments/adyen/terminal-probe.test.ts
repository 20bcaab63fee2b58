import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeviceStatusBoard } from '../../devices/device-status-board.ts';
import { createEventHub } from '../../events/event-hub.ts';
import { createMemoryLogger } from '../../logging/logger.ts';
import { startAdyenSimulator, type AdyenSimulator } from '../../simulators/adyen/simulator.ts';
import { endpointsAt } from './endpoints.ts';
import type { AdyenTerminalConnection } from './terminal-connection.ts';
import { TERMINAL_DEVICE_ID } from '../providers/terminal-module.ts';
import { startTerminalProbe, TERMINAL_WORDS, terminalWordsFor, type TerminalProbe } from './terminal-probe.ts';

const POIID = 'P400Plus-100000001';
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function simulator(): Promise<AdyenSimulator> {
  const running = await startAdyenSimulator({
    logger: createMemoryLogger(),
    apiKey: 'sim-key',
    terminals: [{ poiid: POIID }],
  });
  cleanup.push(() => running.close());
  return running;
}

function probeAgainst(baseUrl: string, apiKey: string, language: 'en' | 'nl' = 'en') {
  const logger = createMemoryLogger();
  const devices = createDeviceStatusBoard(createEventHub(logger), { now: () => new Date('2026-11-21T09:00:00Z') });
  devices.register({ id: TERMINAL_DEVICE_ID, kind: 'terminal', label: 'Card terminal', state: 'unknown', detail: '' });
  const connection: AdyenTerminalConnection = {
    provider: 'adyen',
    poiId: POIID,
    merchantAccount: 'KassaSimulatorMerchant',
    saleId: 'T-1',
    api: 'cloud-device',
    endpoints: endpointsAt(baseUrl),
    apiKey,
    target: baseUrl,
    close: () => Promise.resolve(),
  };
  // A long interval: each test drives the checks itself.
  const probe: TerminalProbe = startTerminalProbe({
    connection,
    devices,
    logger,
    intervalMs: 3_600_000,
    words: terminalWordsFor(language),
  });
  cleanup.push(() => probe.stop());
  const terminal = () => devices.list().find((device) => device.id === TERMINAL_DEVICE_ID);
  return { probe, terminal, logger };
}

describe('the card-terminal status probe', () => {
  it('shows the terminal ready while Adyen reports it online, and offline when it drops off', async () => {
    const cloud = await simulator();
    const { probe, terminal } = probeAgainst(cloud.url, cloud.apiKey);
    await probe.check();
    expect(terminal()).toMatchObject({ state: 'online', detail: TERMINAL_WORDS.online });

    cloud.terminal(POIID)?.setOnline(false);
    await probe.check();
    expect(terminal()).toMatchObject({ state: 'offline', detail: TERMINAL_WORDS.offline });
  });

  it('says the API key was refused, without logging it', async () => {
    const cloud = await simulator();
    const { probe, terminal, logger } = probeAgainst(cloud.url, 'not-the-key');
    await probe.check();
    expect(terminal()).toMatchObject({ state: 'unknown', detail: TERMINAL_WORDS.refused });
    expect(JSON.stringify(logger.lines)).not.toContain('not-the-key');
  });

  it('says Adyen cannot be reached when nothing answers, or the answer is not a device status', async () => {
    const garbage = createServer((_request, response) => response.writeHead(200).end('<html>captive portal</html>'));
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => garbage.close(() => resolve())));
    const { port } = garbage.address() as AddressInfo;

    const portal = probeAgainst(`http://127.0.0.1:${String(port)}`, 'key');
    await portal.probe.check();
    expect(portal.terminal()).toMatchObject({ state: 'unknown', detail: TERMINAL_WORDS.unreachable });

    const nothing = probeAgainst('http://127.0.0.1:9', 'key');
    await nothing.probe.check();
    expect(nothing.terminal()).toMatchObject({ state: 'unknown', detail: TERMINAL_WORDS.unreachable });
  });
});

describe('the card-terminal status probe on a Dutch till', () => {
  it('tells the cashier in Dutch that the terminal is ready, offline, or refused', async () => {
    const cloud = await simulator();
    const { probe, terminal } = probeAgainst(cloud.url, cloud.apiKey, 'nl');
    await probe.check();
    expect(terminal()).toMatchObject({ state: 'online', detail: 'Klaar voor pinbetalingen.' });

    cloud.terminal(POIID)?.setOnline(false);
    await probe.check();
    expect(terminal()).toMatchObject({
      state: 'offline',
      detail:
        'De pinautomaat is niet verbonden. Controleer of hij aanstaat en netwerk heeft; pinbetalingen wachten tot hij terug is.',
    });

    const refused = probeAgainst(cloud.url, 'not-the-key', 'nl');
    await refused.probe.check();
    expect(refused.terminal()).toMatchObject({
      state: 'unknown',
      detail:
        'Adyen liet deze kassa de pinautomaat niet controleren. Vraag IT om de terminal-ID en API-sleutel na te kijken.',
    });
  });
});
