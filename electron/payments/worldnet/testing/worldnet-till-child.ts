import { TillConfigSchema } from '../../../../shared/config/schema.ts';
import { createLogger } from '../../../logging/logger.ts';
import { ringUp, value } from '../../../testing/selling.ts';
import { startTill } from '../../../till.ts';

/**
 * A till in a process of its own, for the test that kills it between storing
 * Worldnet's validation and answering `OK` (worldnet-kill.test.ts). argv[2]
 * is its configuration as JSON; with `--link` it rings up a sale and makes a
 * link, printing `{"link": …, "attemptId": …}` on stdout. It then stays up,
 * printing `{"attemptId", "state"}` whenever asked on stdin, until it is killed.
 */

const config = TillConfigSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
const till = await startTill(config, { logger: createLogger({ level: 'error' }), version: 'test', env: {} });
const call = (channel: Parameters<typeof till.router.call>[0], payload: unknown) =>
  till.router.call(channel, payload, { transport: 'in-process' });

if (process.argv.includes('--link')) {
  const sale = await ringUp(call, [{ code: 'CHE-001' }]);
  const started = value(await call('payments.start', { saleId: sale.saleId, tender: 'link' }), 'start') as {
    attemptId: string;
  };
  for (;;) {
    const view = value(await call('payments.get', { attemptId: started.attemptId }), 'get') as {
      link?: { url: string };
    };
    if (view.link !== undefined) {
      process.stdout.write(`${JSON.stringify({ link: view.link.url, attemptId: started.attemptId })}\n`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
} else {
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
}

process.stdin.on('data', (chunk: Buffer) => {
  void (async () => {
    const attemptId = chunk.toString('utf8').trim();
    const view = value(await call('payments.get', { attemptId }), 'get') as { state: string };
    process.stdout.write(`${JSON.stringify({ attemptId, state: view.state })}\n`);
  })();
});
