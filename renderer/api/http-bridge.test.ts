import { afterEach, describe, expect, it, vi } from 'vitest';
import { startBrowserMode, type BrowserModeServer } from '../../electron/browser-mode/server.ts';
import type { Till } from '../../electron/till.ts';
import { createMemoryLogger } from '../../electron/logging/logger.ts';
import { createTestTill } from '../../electron/testing/test-till.ts';
import { tempDir } from '../../electron/testing/temp-dir.ts';
import type { MainEvent } from '../../shared/ipc/events.ts';
import { createHttpBridge } from './http-bridge.ts';
import type { Connection } from './renderer-bridge.ts';

/** The renderer's HTTP bridge against a real till in browser mode, over real loopback HTTP. */

const TOKEN = 'bridge-test-token';
const servers: BrowserModeServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serveTill(till: Till, port = 0, heartbeatMs?: number) {
  const server = await startBrowserMode({
    router: till.router,
    events: till.events,
    rendererDir: tempDir(),
    logger: createMemoryLogger(),
    port,
    token: TOKEN,
    ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
  });
  servers.push(server);
  return server;
}

function follow(bridge: ReturnType<typeof createHttpBridge>) {
  const connections: Connection[] = [];
  const events: MainEvent[] = [];
  bridge.onConnection((connection) => connections.push(connection));
  bridge.onEvent((event) => events.push(event));
  return { connections, events };
}

function deviceStates(events: MainEvent[]) {
  return events.flatMap((event) => (event.type === 'device.status' ? [event.device.state] : []));
}

describe('HTTP bridge', () => {
  it('makes contract calls and returns their Results', async () => {
    const { till } = createTestTill();
    const server = await serveTill(till);
    const bridge = createHttpBridge({ origin: server.origin, token: TOKEN });
    await expect(bridge.api['till.getInfo']({})).resolves.toMatchObject({ ok: true, value: { tillId: 'T-2' } });
    await expect(bridge.api['diagnostics.reportRendererError']({ where: '', message: 'x' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('reports a till that does not answer as UNAVAILABLE, not as a failure of the call', async () => {
    const { till } = createTestTill();
    const server = await serveTill(till);
    await server.close();
    const bridge = createHttpBridge({ origin: server.origin, token: TOKEN });
    await expect(bridge.api['devices.list']({})).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.stringContaining('Lost contact') as string },
    });
  });

  it('follows main’s events and reconnects when the stream drops', async () => {
    const { till } = createTestTill();
    const server = await serveTill(till);
    const bridge = createHttpBridge({ origin: server.origin, token: TOKEN, retryMs: 5, maxRetryMs: 20 });
    const { connections, events } = follow(bridge);

    await vi.waitFor(() => expect(connections.at(-1)).toBe('connected'));
    till.devices.update('terminal', 'offline', 'The terminal does not answer.');
    await vi.waitFor(() => expect(deviceStates(events)).toContain('offline'));

    // Main goes away and comes back on the same address: the bridge finds it again.
    await server.close();
    await vi.waitFor(() => expect(connections).toContain('reconnecting'));
    await serveTill(till, server.port);
    await vi.waitFor(() => expect(connections.at(-1)).toBe('connected'));
    till.devices.update('terminal', 'online', 'Ready.');
    await vi.waitFor(() => expect(deviceStates(events)).toContain('online'));
  });

  it('closes its stream once nobody listens, so main holds no subscription for it', async () => {
    const { till } = createTestTill();
    // The till's own followers (the customer display hears payment progress) are not the stream's.
    const ownSubscribers = till.events.subscriberCount;
    const server = await serveTill(till);
    const bridge = createHttpBridge({ origin: server.origin, token: TOKEN });
    const connections: Connection[] = [];
    const stopConnection = bridge.onConnection((connection) => connections.push(connection));
    const stopEvents = bridge.onEvent(() => undefined);
    await vi.waitFor(() => expect(till.events.subscriberCount).toBe(ownSubscribers + 1));
    stopEvents();
    stopConnection();
    await vi.waitFor(() => expect(till.events.subscriberCount).toBe(ownSubscribers));
  });

  it('takes a stream that falls silent for dead and connects again', async () => {
    const { till } = createTestTill();
    // The till is told to send no heartbeat for an hour; the bridge expects one every 50 ms.
    const server = await serveTill(till, 0, 3_600_000);
    const bridge = createHttpBridge({ origin: server.origin, token: TOKEN, retryMs: 5, staleAfterMs: 50 });
    const { connections } = follow(bridge);
    await vi.waitFor(() => expect(connections).toEqual(['connecting', 'connected', 'reconnecting', 'connected']));
  });

  it('does not take an answer that is not an event stream for a connection', async () => {
    const { till } = createTestTill();
    const server = await serveTill(till);
    // Something else answers at /api/events with a web page.
    const fakeFetch: typeof fetch = (input, init) =>
      (input instanceof Request ? input.url : input.toString()).endsWith('/api/events')
        ? Promise.resolve(new Response('<html></html>', { headers: { 'content-type': 'text/html' } }))
        : fetch(input, init);
    const bridge = createHttpBridge({ origin: server.origin, token: TOKEN, fetch: fakeFetch, retryMs: 5 });
    const { connections } = follow(bridge);
    await vi.waitFor(() => expect(connections.filter((c) => c === 'reconnecting').length).toBeGreaterThan(1));
    expect(connections).not.toContain('connected');
  });

  it('stops and says so when the till refuses its token', async () => {
    const { till } = createTestTill();
    const server = await serveTill(till);
    const bridge = createHttpBridge({ origin: server.origin, token: 'stale-token', retryMs: 5 });
    const { connections } = follow(bridge);
    await vi.waitFor(() => expect(connections.at(-1)).toBe('refused'));
  });
});
