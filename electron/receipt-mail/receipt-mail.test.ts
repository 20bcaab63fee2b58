import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import { ReceiptMailViewSchema } from '../../shared/receipt-mail/receipt-mail.ts';
import { redactConfig } from '../config/load-config.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { receiptWords } from '../printing/receipt-words.ts';
import { sellForCash, TEST_ITEMS, writeTestCatalog, type Call } from '../testing/selling.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { startTill, type Till } from '../till.ts';
import { mailWords } from './mail-words.ts';
import { MAX_MAIL_TRIES } from './receipt-mail-service.ts';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from './testing/smtp-sink.ts';

/**
 * Receipts by e-mail end to end in main: a till started from its
 * configuration with a real journal file, a sale rung up and paid through the
 * router as the screen does it, and a real SMTP server on loopback
 * (smtp-server) that receives the mail. What arrived is read back; what the
 * till kept is read from its database.
 */

const context = { transport: 'in-process' } as const;
const LINES = [{ code: 'BAK-001', quantity: 2 }, { code: 'WIN-001' }] as const;
const PASSWORD = 'mail-server-secret-7319';

async function sink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const server = await startSmtpSink(options);
  onTestFinished(() => server.close());
  return server;
}

interface MailTill {
  till: Till;
  call: Call;
  logger: ReturnType<typeof createMemoryLogger>;
  journal: string;
}

async function mailTill(
  port: number | undefined,
  options: {
    journal?: string;
    keepAddress?: boolean;
    login?: { user: string; password: string };
    language?: 'en' | 'nl';
  } = {},
): Promise<MailTill> {
  const journal = options.journal ?? path.join(tempDir(), 'journal.sqlite');
  const config = TillConfigSchema.parse({
    store: { name: 'Corner Bakery', addressLines: ['2 Oven Row', 'Utrecht'] },
    till: { id: 'T-9', name: 'Till 9' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'training',
    ...(options.language === undefined ? {} : { language: options.language }),
    payment: null,
    journal: { path: journal },
    catalog: { path: writeTestCatalog(tempDir(), TEST_ITEMS) },
    ...(port === undefined
      ? {}
      : {
          receipts: {
            email: {
              smtp: { host: '127.0.0.1', port, ...options.login },
              from: 'Corner Bakery <receipts@bakery.example>',
              ...(options.keepAddress === undefined ? {} : { keepAddress: options.keepAddress }),
            },
          },
        }),
  });
  const logger = createMemoryLogger();
  const till = await startTill(config, {
    logger,
    version: 'test',
    env: {},
    smtpTimeouts: { connectMs: 2_000, replyMs: 2_000 },
  });
  onTestFinished(() => till.close());
  const call: Call = (channel, payload) => till.router.call(channel, payload, context);
  return { till, call, logger, journal };
}

async function email(call: Call, receiptNumber: string, address: string) {
  const answer = await call('receipts.email', { receiptNumber, address });
  if (!answer.ok) throw new Error(`receipts.email was refused: ${answer.error.code} ${answer.error.message}`);
  return ReceiptMailViewSchema.parse(answer.value);
}

/** What the till's database holds for a receipt's mail, read straight from the table. */
function rows(till: Till, receiptNumber: string) {
  return till.books?.database.connection
    .prepare('SELECT address, status, tries, problem, sent_at FROM receipt_mail WHERE receipt_number = ? ORDER BY id')
    .all(receiptNumber);
}

describe('receipts by e-mail', () => {
  it('sends the receipt as printed to the customer, then forgets the address', async () => {
    const server = await sink();
    const { till, call } = await mailTill(server.port);
    expect(till.info.emailReceipts).toBe(true);
    const { sale } = await sellForCash(call, LINES, 2_000);

    const answer = await email(call, sale.receiptNumber, '  customer@example.com ');

    expect(answer).toEqual({ mailId: 1, receiptNumber: 'T-9-000001', status: 'sent' });
    const mail = await server.next();
    expect(mail.to).toEqual(['customer@example.com']);
    expect(mail.from).toBe('receipts@bakery.example');
    expect(mail.subject).toBe('Your receipt T-9-000001 from Corner Bakery');
    // Centred as on paper.
    expect(mail.text).toMatch(/^ {10,}Corner Bakery\n/);
    const lines = mail.text.split('\n').map((line) => line.trim());
    expect(lines).toContain('2 Oven Row');
    expect(lines).toContain('TRAINING - NOT A SALE');
    expect(lines).toContainEqual(expect.stringMatching(/^White bread\s+3\.78$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Red wine\s+12\.50$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Cash\s+20\.00$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Change\s+3\.72$/));
    expect(lines).toContain('Receipt T-9-000001');
    expect(lines).not.toContain('COPY');
    expect(mail.html).toContain('<pre');
    expect(mail.html).toContain('Receipt T-9-000001');
    expect(rows(till, sale.receiptNumber)).toEqual([
      { address: null, status: 'sent', tries: 1, problem: null, sent_at: expect.any(String) as unknown },
    ]);
  });

  it('keeps the address when the store says so', async () => {
    const server = await sink();
    const { till, call } = await mailTill(server.port, { keepAddress: true });
    const { sale } = await sellForCash(call, LINES, 2_000);

    await email(call, sale.receiptNumber, 'regular@example.com');

    await server.next();
    expect(rows(till, sale.receiptNumber)).toMatchObject([{ address: 'regular@example.com', status: 'sent' }]);
  });

  it('keeps a receipt the mail server did not take, and sends it when the till starts again', async () => {
    const down = await startSmtpSink();
    const port = down.port;
    await down.close();
    const first = await mailTill(port);
    const { sale } = await sellForCash(first.call, LINES, 2_000);

    const failed = await email(first.call, sale.receiptNumber, 'customer@example.com');

    expect(failed).toEqual({
      mailId: 1,
      receiptNumber: sale.receiptNumber,
      status: 'failed',
      problem: mailWords.unreachable,
    });
    // Written before the server was tried, and kept with the address to send to.
    expect(rows(first.till, sale.receiptNumber)).toMatchObject([
      { address: 'customer@example.com', status: 'failed', tries: 1, problem: mailWords.unreachable },
    ]);
    // Sending again while the server is still down tries the same request again, not a second one.
    const again = await email(first.call, sale.receiptNumber, 'customer@example.com');
    expect(again).toMatchObject({ mailId: 1, status: 'failed' });
    expect(rows(first.till, sale.receiptNumber)).toMatchObject([{ status: 'failed', tries: 2 }]);
    await first.till.close();

    const server = await sink({ port });
    const second = await mailTill(port, { journal: first.journal });

    const mail = await server.next();
    await second.till.mailing?.settled();
    expect(mail.to).toEqual(['customer@example.com']);
    expect(mail.subject).toBe('Your receipt T-9-000001 from Corner Bakery');
    expect(rows(second.till, sale.receiptNumber)).toMatchObject([{ address: null, status: 'sent', tries: 3 }]);
    expect(server.received).toHaveLength(1);
  });

  it('stops trying an address the server refuses for good, and forgets it', async () => {
    const server = await sink({ refuse: (address) => address.startsWith('nobody@') });
    const { till, call, journal } = await mailTill(server.port);
    const { sale } = await sellForCash(call, LINES, 2_000);

    const answer = await email(call, sale.receiptNumber, 'nobody@example.com');

    expect(answer).toMatchObject({ status: 'failed', problem: mailWords.refused });
    expect(rows(till, sale.receiptNumber)).toMatchObject([{ address: null, status: 'failed', tries: 1 }]);
    await till.close();
    const restarted = await mailTill(server.port, { journal });
    await restarted.till.mailing?.settled();
    expect(rows(restarted.till, sale.receiptNumber)).toMatchObject([{ status: 'failed', tries: 1 }]);
    expect(server.received).toHaveLength(0);
  });

  it(`gives up after ${String(MAX_MAIL_TRIES)} tries and forgets the address`, async () => {
    const down = await startSmtpSink();
    await down.close();
    const { till, call } = await mailTill(down.port);
    const { sale } = await sellForCash(call, LINES, 2_000);

    let last;
    for (let i = 0; i < MAX_MAIL_TRIES; i += 1) last = await email(call, sale.receiptNumber, 'customer@example.com');

    expect(last).toMatchObject({ status: 'failed', problem: mailWords.gaveUp(MAX_MAIL_TRIES) });
    expect(rows(till, sale.receiptNumber)).toMatchObject([{ address: null, tries: MAX_MAIL_TRIES }]);
  });

  it('tells a Dutch cashier in Dutch why a receipt did not go, and what to do', async () => {
    const server = await sink({ refuse: (address) => address.startsWith('nobody@') });
    const { call } = await mailTill(server.port, { language: 'nl' });
    const { sale } = await sellForCash(call, LINES, 2_000);

    expect(await email(call, sale.receiptNumber, 'nobody@example.com')).toMatchObject({
      status: 'failed',
      problem: 'De mailserver weigerde dit adres. Controleer het met de klant, of druk de bon af.',
    });
    expect(await call('receipts.email', { receiptNumber: sale.receiptNumber, address: 'klant@' })).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'Dat is geen volledig e-mailadres. Controleer het met de klant: het ziet eruit als naam@voorbeeld.nl.',
      },
    });
    expect(await call('receipts.email', { receiptNumber: 'T-9-000042', address: 'klant@example.com' })).toEqual({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message:
          'Er is geen bon T-9-000042 op deze kassa. Controleer het nummer op de bon; een bon van een andere kassa is alleen daar te vinden.',
      },
    });
  });

  it('refuses an address that is not one, in plain words, and writes nothing', async () => {
    const server = await sink();
    const { till, call } = await mailTill(server.port);
    const { sale } = await sellForCash(call, LINES, 2_000);

    for (const address of ['customer', 'customer@', 'two words@example.com', '']) {
      const answer = await call('receipts.email', { receiptNumber: sale.receiptNumber, address });
      expect(answer).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: mailWords.badAddress } });
    }
    expect(rows(till, sale.receiptNumber)).toEqual([]);
    expect(server.received).toHaveLength(0);
  });

  it('says which receipt does not exist', async () => {
    const server = await sink();
    const { call } = await mailTill(server.port);

    const answer = await call('receipts.email', { receiptNumber: 'T-9-000042', address: 'customer@example.com' });

    expect(answer).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: receiptWords.notFound('T-9-000042') },
    });
  });

  it('logs in with the password and never writes it to a log line, right or wrong', async () => {
    const server = await sink({ login: { user: 'till9', password: PASSWORD } });
    const good = await mailTill(server.port, { login: { user: 'till9', password: PASSWORD } });
    const { sale } = await sellForCash(good.call, LINES, 2_000);

    expect(await email(good.call, sale.receiptNumber, 'customer@example.com')).toMatchObject({ status: 'sent' });
    expect(server.logins).toEqual([{ user: 'till9', accepted: true }]);
    const wrong = await mailTill(server.port, { login: { user: 'till9', password: `${PASSWORD}-old` } });
    const other = await sellForCash(wrong.call, LINES, 2_000);
    expect(await email(wrong.call, other.sale.receiptNumber, 'customer@example.com')).toMatchObject({
      status: 'failed',
      problem: mailWords.login,
    });

    const logged = JSON.stringify([...good.logger.lines, ...wrong.logger.lines]);
    expect(logged).toContain('receipt_mail.sent');
    expect(logged).toContain('receipt_mail.failed');
    expect(logged).not.toContain(PASSWORD);
    // Nor the customer's address.
    expect(logged).not.toContain('customer@example.com');
    // Nor what the screen is told about the till, nor the configuration as printed.
    expect(JSON.stringify(good.till.info)).not.toContain(PASSWORD);
    expect(JSON.stringify(redactConfig(good.till.config))).not.toContain(PASSWORD);
  });

  it('offers nothing on a till without e-mail set up', async () => {
    const { till, call } = await mailTill(undefined);
    const { sale } = await sellForCash(call, LINES, 2_000);

    expect(till.info.emailReceipts).toBe(false);
    expect(await call('receipts.email', { receiptNumber: sale.receiptNumber, address: 'a@example.com' })).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: mailWords.notSetUp },
    });
  });
});

describe('the e-mail configuration', () => {
  const base = {
    store: { name: 'Corner Bakery', addressLines: [] },
    till: { id: 'T-9', name: 'Till 9' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'live',
    payment: null,
  };
  const parse = (email: unknown) => TillConfigSchema.safeParse({ ...base, receipts: { email } });

  it('takes a server and a sender, with defaults for the rest', () => {
    const parsed = parse({ smtp: { host: 'smtp.bakery.example' }, from: 'receipts@bakery.example' });
    expect(parsed.success && parsed.data.receipts?.email).toEqual({
      smtp: { host: 'smtp.bakery.example', port: 587, secure: false },
      from: 'receipts@bakery.example',
      subject: 'Your receipt {receipt} from {store}',
      keepAddress: false,
    });
  });

  it('refuses a user without a password, a sender that is no address and an unknown key', () => {
    expect(parse({ smtp: { host: 'smtp.example', user: 'till' }, from: 'a@b.example' }).error?.issues).toMatchObject([
      { path: ['receipts', 'email', 'smtp', 'password'], message: 'give both user and password, or neither' },
    ]);
    expect(parse({ smtp: { host: 'smtp.example' }, from: 'Bakery <nope>' }).success).toBe(false);
    expect(parse({ smtp: { host: 'smtp.example' }, from: 'Bakery <a@b.example>' }).success).toBe(true);
    expect(parse({ smtp: { host: 'smtp.example', pass: 'x' }, from: 'a@b.example' }).success).toBe(false);
  });
});
