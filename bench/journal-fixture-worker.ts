import { parentPort, workerData } from 'node:worker_threads';
import { journalDays, type JournalFixtureOptions, type WorkerMessage } from './journal-fixture.ts';

/**
 * The bench journal's records, made on a worker thread and handed to the
 * writer (`generateJournal`) a day at a time, never more than `ahead` days
 * before it has written them.
 */

const port = parentPort;
if (port === null) throw new Error('journal-fixture-worker.ts runs as a worker');
const options = workerData as Omit<JournalFixtureOptions, 'file'> & { ahead: number };

let unwritten = 0;
let wake: (() => void) | undefined;
port.on('message', () => {
  unwritten -= 1;
  wake?.();
});

const days = journalDays(options);
for (;;) {
  const next = days.next();
  if (next.done === true) {
    port.postMessage({ kind: 'done', summary: next.value } satisfies WorkerMessage);
    break;
  }
  port.postMessage({ kind: 'day', rows: next.value } satisfies WorkerMessage);
  unwritten += 1;
  while (unwritten >= options.ahead) await new Promise<void>((resolve) => (wake = resolve));
}
port.close();
