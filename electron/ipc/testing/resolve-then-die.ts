import { TillConfigSchema } from '../../../shared/config/schema.ts';
import { createEventHub } from '../../events/event-hub.ts';
import { createMemoryLogger } from '../../logging/logger.ts';
import { createPaymentService } from '../../payments/payment-service.ts';
import { openTillBooks } from '../../till-books.ts';
import { createTill } from '../../till.ts';
import { UNASKED_TERMINAL } from '../../payments/testing/stuck-payment.ts';

/**
 * A till process for the crash test of `payments.resolve`: it opens the
 * database at argv[2], resolves attempt argv[3] as a manager would, and kills
 * itself with SIGKILL at argv[4]: `before-audit` (the resolution written, its
 * audit row not yet), `after-audit` (both written, not yet committed) or
 * `never` (it exits normally). No terminal is asked: a manager's word needs none.
 */

const [file, attemptId, killAt] = process.argv.slice(2);
if (file === undefined || attemptId === undefined || killAt === undefined) {
  throw new Error('usage: resolve-then-die.ts FILE ATTEMPT before-audit|after-audit|never');
}
const die = () => process.kill(process.pid, 'SIGKILL');
const provider = UNASKED_TERMINAL;

const config = TillConfigSchema.parse({
  store: { name: 'Shop', addressLines: [] },
  till: { id: 'T-1', name: 'Till 1' },
  locale: 'en-GB',
  currency: 'EUR',
  mode: 'training',
  payment: null,
});
const logger = createMemoryLogger();
const opened = openTillBooks(file, { tillId: 'T-1', currency: 'EUR', mode: 'training' });
const audit = {
  ...opened.audit,
  record: (...args: Parameters<typeof opened.audit.record>) => {
    if (killAt === 'before-audit') die();
    const entry = opened.audit.record(...args);
    if (killAt === 'after-audit') die();
    return entry;
  },
};
const books = { ...opened, audit };
const events = createEventHub(logger);
const service = createPaymentService({ book: books.payments, provider, currency: 'EUR', logger, events });
const till = createTill(config, {
  logger,
  version: 'test',
  books,
  events,
  payments: {
    service,
    book: books.payments,
    listener: undefined,
    recovered: Promise.resolve(),
    close: () => service.close(),
  },
});
const answer = await till.router.call(
  'payments.resolve',
  {
    attemptId,
    outcome: 'approved',
    terminalReference: 'PSP-FOUND-ON-TERMINAL',
    reason: 'On the terminal',
    manager: 'Mia',
  },
  { transport: 'in-process' },
);
await till.close();
process.stdout.write(JSON.stringify(answer));
