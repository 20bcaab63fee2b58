import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { checkWebhooks } from './webhook-check.ts';
import { closedPort, occupyPort, tillConfig } from './testing.ts';

const listening = (listen: string) =>
  tillConfig({ webhooks: { listen, username: 'adyen', password: 'a-long-password-123' } });

describe('the webhook listener check', () => {
  it('passes when the listen port is free, and leaves it free', async () => {
    const port = await closedPort();
    const result = await checkWebhooks(listening(`127.0.0.1:${String(port)}`));
    expect(result).toEqual({
      name: 'webhooks',
      status: 'pass',
      detail: `Port ${String(port)} on 127.0.0.1 is free for the listener.`,
    });
    const again = await occupyPort(port);
    await again.close();
  });

  it('fails when something already listens on the port, and says what to do', async () => {
    const taken = await occupyPort();
    onTestFinished(() => taken.close());
    const result = await checkWebhooks(listening(`127.0.0.1:${String(taken.port)}`));
    expect(result).toMatchObject({
      status: 'fail',
      detail: `Something on this machine already listens on 127.0.0.1:${String(taken.port)}.`,
    });
    expect(result.fix).toContain('close the till before running kassa doctor');
    expect(JSON.stringify(result)).not.toContain('a-long-password-123');
  });

  it('fails an address that is not this machine’s', async () => {
    // 192.0.2.0/24 is TEST-NET-1: never assigned to a real host.
    const result = await checkWebhooks(listening('192.0.2.10:8443'));
    expect(result).toMatchObject({ status: 'fail', detail: '192.0.2.10 is not an address of this machine.' });
  });

  it('is skipped without a webhooks section', async () => {
    expect(await checkWebhooks(tillConfig({}))).toMatchObject({ status: 'skip' });
  });

  it('counts any HTTP answer from the public URL as reachable, and a connection error as a failure', async () => {
    const proxy = createServer((_request, response) => response.writeHead(404).end('no such page'));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => proxy.close(() => resolve())));
    const { port: proxyPort } = proxy.address() as AddressInfo;
    const free = await closedPort();
    const config = listening(`127.0.0.1:${String(free)}`);

    const reached = await checkWebhooks(config, {
      publicUrl: `http://127.0.0.1:${String(proxyPort)}/adyen`,
      timeoutMs: 500,
    });
    expect(reached.status).toBe('pass');
    expect(reached.detail).toContain(`The public URL http://127.0.0.1:${String(proxyPort)}/adyen answers (HTTP 404).`);

    const gone = await closedPort();
    const unreached = await checkWebhooks(config, {
      publicUrl: `http://127.0.0.1:${String(gone)}/adyen`,
      timeoutMs: 500,
    });
    expect(unreached).toMatchObject({
      status: 'fail',
      detail: `The public URL http://127.0.0.1:${String(gone)}/adyen does not answer: ECONNREFUSED.`,
    });
    expect(unreached.fix).toContain('forwards that address to this till');
  });
});
