import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RENDERER_CSP } from '../../shared/security/csp.ts';
import { CustomerDisplayStateSchema } from '../../shared/customer-display/display-state.ts';
import { applySaleEvent, newOpenSale, NO_CARDS, openSaleView } from '../../shared/sale/open-sale.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { createTestTill } from '../testing/test-till.ts';
import { startBrowserMode, type BrowserModeServer } from './server.ts';

const TOKEN = 'test-token-0123456789';
const running: BrowserModeServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** The UI folder, with a servable file just outside it that no request may reach. */
function rendererFixture(): string {
  const dir = path.join(tempDir(), 'ui');
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Kassa</title>');
  writeFileSync(path.join(dir, 'display.html'), '<!doctype html><title>Kassa display</title>');
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log("kassa")');
  writeFileSync(path.join(dir, '..', 'outside.js'), 'secret()');
  return dir;
}

async function start(options: { heartbeatMs?: number } = {}) {
  const { till, logger } = createTestTill();
  const server = await startBrowserMode({
    router: till.router,
    events: till.events,
    rendererDir: rendererFixture(),
    logger,
    port: 0,
    token: TOKEN,
    ...options,
  });
  running.push(server);
  return { server, till, logger };
}

function callTill(server: BrowserModeServer, channel: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.origin}/api/call/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A raw request, for paths fetch would normalise and headers it will not let us set (Host). */
function rawGet(server: BrowserModeServer, pathname: string, headers: Record<string, string>) {
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path: pathname, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser mode', () => {
  it('listens on loopback and prints an address that carries the token in the fragment', async () => {
    const { server } = await start();
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).toBe(`${server.origin}/#token=${TOKEN}`);
  });

  it('generates a different token at every launch', async () => {
    const { till, logger } = createTestTill();
    const options = { router: till.router, events: till.events, rendererDir: rendererFixture(), logger, port: 0 };
    const first = await startBrowserMode(options);
    const second = await startBrowserMode(options);
    running.push(first, second);
    expect(first.token).not.toBe(second.token);
    expect(first.token.length).toBeGreaterThanOrEqual(40);
  });

  it('round-trips a contract call', async () => {
    const { server } = await start();
    const response = await callTill(server, 'till.getInfo', {});
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, value: { storeName: 'Test Bakery', tillId: 'T-2' } });
  });

  it('refuses a call without the token, or with a wrong one', async () => {
    const { server } = await start();
    const missing = await fetch(`${server.origin}/api/call/till.getInfo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });

    const wrong = await callTill(server, 'till.getInfo', {}, { authorization: `Bearer ${TOKEN}x` });
    expect(wrong.status).toBe(401);
  });

  it('refuses a call from another origin, even with the token', async () => {
    const { server } = await start();
    for (const origin of ['http://shop.example', 'null', `http://127.0.0.1:${server.port + 1}`]) {
      const response = await callTill(server, 'till.getInfo', {}, { origin });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const sameOrigin = await callTill(server, 'till.getInfo', {}, { origin: server.origin });
    expect(sameOrigin.status).toBe(200);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const { server } = await start();
    const status = await rawGet(server, '/api/events', {
      host: `attacker.example:${server.port}`,
      authorization: `Bearer ${TOKEN}`,
    });
    expect(status).toBe(403);
  });

  it('refuses the event stream without the token', async () => {
    const { server } = await start();
    expect((await fetch(`${server.origin}/api/events`)).status).toBe(401);
  });

  it('answers an invalid payload, bad JSON and a wrong content type as typed bad requests', async () => {
    const { server } = await start();
    const invalid = await callTill(server, 'diagnostics.reportRendererError', { where: 'x' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

    const notJson = await callTill(server, 'till.getInfo', '{"unterminated');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

    const text = await callTill(server, 'till.getInfo', '{}', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
  });

  it('refuses a body that is too large', async () => {
    const { server } = await start();
    const response = await callTill(server, 'diagnostics.reportRendererError', {
      where: 'x',
      message: 'y'.repeat(300 * 1024),
    });
    expect(response.status).toBe(413);
  });

  it('answers an unknown channel and a GET on a call with NOT_FOUND and 405', async () => {
    const { server } = await start();
    const unknown = await callTill(server, 'till.selfDestruct', {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const get = await fetch(`${server.origin}/api/call/till.getInfo`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(get.status).toBe(405);
  });

  it('serves the built UI with the CSP, and nothing outside its folder', async () => {
    const { server } = await start();
    const page = await fetch(`${server.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await page.text()).toContain('<title>Kassa</title>');

    const script = await fetch(`${server.origin}/assets/app.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');

    for (const attempt of [
      '/../outside.js',
      '/%2e%2e/outside.js',
      '/..%2foutside.js',
      '/assets/..%2f..%2foutside.js',
    ]) {
      expect(await rawGet(server, attempt, {})).toBe(404);
    }
  });

  it('survives a request line that is not a path, and keeps answering', async () => {
    const { server } = await start();
    expect(await rawGet(server, '//[', {})).toBe(400);
    expect(await rawGet(server, 'http://[', {})).toBe(400);
    expect((await callTill(server, 'till.getInfo', {})).status).toBe(200);
  });

  it('caps the number of open event streams', async () => {
    const { server } = await start();
    const open = async () => fetch(`${server.origin}/api/events`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const streams = await Promise.all(Array.from({ length: 8 }, open));
    expect(streams.map((response) => response.status)).toEqual(Array(8).fill(200));
    const ninth = await open();
    expect(ninth.status).toBe(503);
    await Promise.all(streams.map((response) => response.body?.cancel() ?? Promise.resolve()));
  });

  it('streams main’s events to an authorised client, with heartbeats', async () => {
    const { server, till } = await start({ heartbeatMs: 20 });
    // The till's own followers (the customer display hears payment progress) are not the stream's.
    const ownSubscribers = till.events.subscriberCount;
    const response = await fetch(`${server.origin}/api/events`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    if (response.body === null) throw new Error('no stream');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();

    let received = '';
    const readUntil = async (needle: string) => {
      while (!received.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before "${needle}"`);
        received += value;
      }
    };
    await readUntil(': connected');
    till.devices.update('printer', 'offline', 'The printer does not answer: check its cable and power.');
    await readUntil('"state":"offline"');
    await readUntil(': heartbeat');
    expect(till.events.subscriberCount).toBe(ownSubscribers + 1);

    // The client goes away: its subscription must not linger in main.
    await reader.cancel();
    await vi.waitFor(() => expect(till.events.subscriberCount).toBe(ownSubscribers));
  });
});

describe('browser mode’s customer display', () => {
  const DISPLAY_TOKEN = 'display-token-9876543210';

  async function startWithDisplay() {
    const { till, logger } = createTestTill();
    const server = await startBrowserMode({
      router: till.router,
      events: till.events,
      display: till.customerDisplay,
      rendererDir: rendererFixture(),
      logger,
      port: 0,
      token: TOKEN,
      displayToken: DISPLAY_TOKEN,
      heartbeatMs: 20,
    });
    running.push(server);
    return { server, till };
  }

  const openDisplayStream = (server: BrowserModeServer, token: string) =>
    fetch(`${server.origin}/api/display/events`, { headers: { authorization: `Bearer ${token}` } });

  it('has its own address with its own token, different at every launch and from the till’s', async () => {
    const { server } = await startWithDisplay();
    expect(server.displayUrl).toBe(`${server.origin}/display#token=${DISPLAY_TOKEN}`);
    const { till, logger } = createTestTill();
    const launched = await startBrowserMode({
      router: till.router,
      events: till.events,
      rendererDir: rendererFixture(),
      logger,
      port: 0,
    });
    running.push(launched);
    expect(launched.displayToken).not.toBe(launched.token);
    expect(launched.displayToken.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses every call and the till’s event stream with the display’s token', async () => {
    const { server } = await startWithDisplay();
    for (const channel of ['till.getInfo', 'sales.current', 'staff.login', 'payments.unsettled']) {
      const response = await callTill(server, channel, {}, { authorization: `Bearer ${DISPLAY_TOKEN}` });
      expect(response.status, channel).toBe(403);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const events = await fetch(`${server.origin}/api/events`, {
      headers: { authorization: `Bearer ${DISPLAY_TOKEN}` },
    });
    expect(events.status).toBe(403);
  });

  it('does not open the display’s stream with the till’s token, nor without one', async () => {
    const { server } = await startWithDisplay();
    const withTillToken = await openDisplayStream(server, TOKEN);
    expect(withTillToken.status).toBe(403);
    expect(await withTillToken.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await fetch(`${server.origin}/api/display/events`)).status).toBe(401);
  });

  it('streams the display’s state now and each new one, with heartbeats, and nothing else of the till', async () => {
    const { server, till } = await startWithDisplay();
    const response = await openDisplayStream(server, DISPLAY_TOKEN);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    if (response.body === null) throw new Error('no stream');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const readUntil = async (needle: string) => {
      while (!received.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before "${needle}"`);
        received += value;
      }
    };
    await readUntil('"kind":"idle"');

    let sale = newOpenSale('display-sale', 'GBP', '2026-12-05T12:00:00.000Z');
    sale = applySaleEvent(sale, {
      type: 'line_added',
      line: { lineId: 'L1', sku: 'B-1', name: 'Rye loaf', unitPriceMinor: 275, quantity: 2, vatBasisPoints: 900 },
    });
    till.customerDisplay.saleChanged(openSaleView(sale, NO_CARDS));
    // A device's news goes to the till's screen, never to the customer's.
    till.devices.update('printer', 'offline', 'The printer does not answer.');
    await readUntil('"kind":"sale"');
    await readUntil(': heartbeat');
    const states = received
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => CustomerDisplayStateSchema.parse(JSON.parse(line.slice('data: '.length))));
    expect(states.at(-1)).toEqual({
      kind: 'sale',
      language: 'en',
      locale: 'en-GB',
      lines: [{ name: 'Rye loaf', quantity: 2, totalMinor: 550 }],
      moreLines: 0,
      totalMinor: 550,
      dueMinor: 550,
      currency: 'GBP',
    });
    expect(received).not.toContain('printer');
    await reader.cancel();
  });

  it('serves the display’s page at /display', async () => {
    const { server } = await startWithDisplay();
    const page = await fetch(`${server.origin}/display`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Kassa display</title>');
  });
});
