import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createMemoryLogger } from '../../logging/logger.ts';
import { tempDir } from '../../testing/temp-dir.ts';
import { openTestPaymentBook } from '../../testing/test-books.ts';
import { startWebhookListener } from '../webhooks/webhook-listener.ts';
import { StoredValidationSchema, worldnetIntake } from './validation-intake.ts';

/**
 * Worldnet's background validation on the till's real listener, writing to a
 * real journal file: `OK` (exactly those two bytes) only once the validation
 * is stored, again for a repeat, and never for a forged one, one for an order
 * this till never made, or one that could not be written.
 */

const SECRET = 'till-worldnet-secret';
const sha512 = (text: string) => createHash('sha512').update(text, 'utf8').digest('hex');

function validation(fields: { ORDERID: string; UNIQUEREF: string; RESPONSECODE?: string; secret?: string }) {
  const code = fields.RESPONSECODE ?? 'A';
  const text = code === 'A' ? 'APPROVAL' : 'DECLINED';
  const form = {
    TERMINALID: '4479001',
    UNIQUEREF: fields.UNIQUEREF,
    ORDERID: fields.ORDERID,
    AMOUNT: '12.50',
    DATETIME: '6-12-2026:14:02:09:120',
    RESPONSECODE: code,
    RESPONSETEXT: text,
    APPROVALCODE: code === 'A' ? '475318' : '',
    AVSRESPONSE: 'X',
    CVVRESPONSE: 'M',
  };
  const hash = sha512(
    `${form.TERMINALID}:${form.ORDERID}:${form.AMOUNT}:${form.DATETIME}:${code}:${text}:${fields.secret ?? SECRET}`,
  );
  return new URLSearchParams({ ...form, HASH: hash }).toString();
}

async function start(options: { storeFails?: boolean } = {}) {
  const book = openTestPaymentBook(path.join(tempDir(), 'journal.sqlite'));
  const logger = createMemoryLogger();
  const delivered: unknown[] = [];
  const intake = worldnetIntake({
    terminalId: '4479001',
    gatewayId: 'worldnet:4479001',
    saleSystemId: 'till-1',
    secret: SECRET,
    currencyMode: 'single',
    currency: 'EUR',
    knowsOrder: (orderId) => orderId.startsWith('KN'),
    payPage: (orderId) => (orderId === 'KNLIVE' ? { status: 200, html: '<form>…</form>' } : undefined),
    deliver: (body) => delivered.push(body),
  });
  const listener = await startWebhookListener({
    host: '127.0.0.1',
    port: 0,
    intakes: [intake],
    book:
      options.storeFails === true
        ? {
            ...book,
            recordInbox: () => {
              throw new Error('disk full');
            },
          }
        : book,
    logger,
    deliver: () => {
      throw new Error('the Worldnet intake delivers to its own service');
    },
  });
  onTestFinished(async () => {
    await listener.close();
    book.close();
  });
  const post = async (body: string) => {
    const response = await fetch(`${listener.url}/worldnet/validation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
  };
  return { book, logger, delivered, listener, post };
}

describe('Worldnet’s background validation on the till’s listener', () => {
  it('stores a genuine validation, then answers exactly OK, and hands it on once', async () => {
    const till = await start();
    const answer = await till.post(validation({ ORDERID: 'KN0001', UNIQUEREF: 'GH2AERQEJS' }));
    expect(answer).toEqual({ status: 200, text: 'OK', type: 'text/plain' });
    expect(till.book.inbox()).toHaveLength(1);
    expect(till.delivered).toHaveLength(1);
    const stored = StoredValidationSchema.parse(till.delivered[0]);
    expect(stored).toMatchObject({ verdict: 'approved', amountMinor: 1250, form: { UNIQUEREF: 'GH2AERQEJS' } });

    // Worldnet sends it again (it did not hear the first OK): OK again, nothing counted twice.
    expect(await till.post(validation({ ORDERID: 'KN0001', UNIQUEREF: 'GH2AERQEJS' }))).toMatchObject({
      status: 200,
      text: 'OK',
    });
    expect(till.book.inbox()).toHaveLength(1);
    expect(till.delivered).toHaveLength(1);
  });

  it('refuses a forged validation before storing it, and logs why without its fields', async () => {
    const till = await start();
    const forged = await till.post(validation({ ORDERID: 'KN0002', UNIQUEREF: 'FORGED0001', secret: 'guessed' }));
    expect(forged.status).toBe(401);
    expect(forged.text).not.toBe('OK');
    expect(till.book.inbox()).toEqual([]);
    expect(till.logger.lines).toContainEqual(expect.objectContaining({ msg: 'webhooks.unauthentic' }));
    expect(JSON.stringify(till.logger.lines)).not.toContain('FORGED0001');
  });

  it('refuses an order this till never made, so Worldnet tries again rather than the money landing elsewhere', async () => {
    const till = await start();
    const answer = await till.post(validation({ ORDERID: 'ELSEWHERE1', UNIQUEREF: 'GH2AERQEJT' }));
    expect(answer.status).toBe(400);
    expect(till.book.inbox()).toEqual([]);
  });

  it('answers no OK when the journal cannot take it', async () => {
    const till = await start({ storeFails: true });
    const answer = await till.post(validation({ ORDERID: 'KN0003', UNIQUEREF: 'GH2AERQEJU' }));
    expect(answer.status).toBe(500);
    expect(answer.text).not.toBe('OK');
    expect(till.delivered).toEqual([]);
  });

  it('serves the link’s page on GET, and nothing for an order without a live link', async () => {
    const till = await start();
    const live = await fetch(`${till.listener.url}/worldnet/pay/KNLIVE`);
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(live.headers.get('cache-control')).toBe('no-store');
    expect(await live.text()).toBe('<form>…</form>');
    expect((await fetch(`${till.listener.url}/worldnet/pay/KNGONE`)).status).toBe(404);
    // The validation path takes no GET, and the page no POST.
    expect((await fetch(`${till.listener.url}/worldnet/validation`)).status).toBe(405);
    expect((await fetch(`${till.listener.url}/worldnet/pay/KNLIVE`, { method: 'POST', body: 'x' })).status).toBe(401);
  });
});
