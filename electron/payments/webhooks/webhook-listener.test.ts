import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createMemoryLogger } from '../../logging/logger.ts';
import { tempDir } from '../../testing/temp-dir.ts';
import { startWebhookListener } from './webhook-listener.ts';
import { openTestPaymentBook } from '../../testing/test-books.ts';
import { ACCEPTED, adyenIntake } from '../adyen/webhook-intake.ts';

/**
 * The webhook listener over real HTTP on loopback, writing to a real book
 * file: what it refuses, and that whatever it accepts is in the inbox before
 * Adyen hears `[accepted]`.
 */

const USER = 'adyen-events';
const PASSWORD = 'listener-secret-456';

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

const DISPLAY = {
  SaleToPOIRequest: {
    MessageHeader: {
      ProtocolVersion: '3.0',
      MessageClass: 'Device',
      MessageCategory: 'Display',
      MessageType: 'Request',
      ServiceID: 'Svc0000001',
      DeviceID: '100000017',
      SaleID: 'KassaTill1',
      POIID: 'P400Plus-100000001',
    },
    DisplayRequest: {
      DisplayOutput: [
        {
          Device: 'CashierDisplay',
          InfoQualify: 'Status',
          ResponseRequiredFlag: false,
          OutputContent: {
            OutputFormat: 'MessageRef',
            PredefinedContent: {
              ReferenceID: 'TransactionID=T1&TimeStamp=2026-01-01T00%3A00%3A00Z&event=TENDER_CREATED',
            },
          },
        },
      ],
    },
  },
};

const RESULT = {
  SaleToPOIResponse: {
    MessageHeader: {
      ProtocolVersion: '3.0',
      MessageClass: 'Service',
      MessageCategory: 'Payment',
      MessageType: 'Response',
      ServiceID: 'Svc0000002',
      SaleID: 'KassaTill1',
      POIID: 'P400Plus-100000001',
    },
    PaymentResponse: { Response: { Result: 'Success', AdditionalResponse: 'pspReference=ABC123' } },
  },
};

interface Delivered {
  body: unknown;
  seq: number;
  /** The inbox as it was when the listener handed the notification on. */
  inboxThen: ReturnType<ReturnType<typeof openTestPaymentBook>['inbox']>;
}

async function startListener(options: { maxBodyBytes?: number; deliverThrows?: boolean } = {}) {
  const book = openTestPaymentBook(path.join(tempDir(), 'journal.sqlite'));
  const logger = createMemoryLogger();
  const delivered: Delivered[] = [];
  const listener = await startWebhookListener({
    host: '127.0.0.1',
    port: 0,
    intakes: [adyenIntake(USER, PASSWORD)],
    book,
    logger,
    deliver: (body, seq) => {
      delivered.push({ body, seq, inboxThen: book.inbox() });
      if (options.deliverThrows === true) throw new Error('The payment service fell over');
    },
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
  });
  onTestFinished(async () => {
    await listener.close();
    book.close();
  });

  async function post(body: string, authorization: string | null = basic(USER, PASSWORD), method = 'POST') {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authorization !== null) headers.authorization = authorization;
    const response = await fetch(listener.url, {
      method,
      headers,
      ...(method === 'GET' ? {} : { body }),
    });
    return {
      status: response.status,
      text: await response.text(),
      authenticate: response.headers.get('www-authenticate'),
    };
  }

  return { book, logger, delivered, listener, post };
}

/** Posts `body` with chunked transfer encoding (no Content-Length), as a stream would arrive. */
function postChunked(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic(USER, PASSWORD) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    for (let start = 0; start < body.length; start += 256) request.write(body.slice(start, start + 256));
    request.end();
  });
}

describe('who may post', () => {
  it.each([
    { what: 'no credentials', authorization: null },
    { what: 'a wrong password', authorization: basic(USER, 'guess') },
    { what: 'a wrong user', authorization: basic('someone', PASSWORD) },
    { what: 'credentials that are not basic auth', authorization: `Bearer ${PASSWORD}` },
  ])('$what is answered 401 and nothing is stored or handed on', async ({ authorization }) => {
    const { post, book, delivered } = await startListener();
    const reply = await post(JSON.stringify(RESULT), authorization);

    expect(reply.status).toBe(401);
    expect(reply.authenticate).toMatch(/^Basic /);
    expect(reply.text).not.toBe(ACCEPTED);
    expect(book.inbox()).toEqual([]);
    expect(delivered).toEqual([]);
  });

  it('a GET is answered 405, even with the right credentials', async () => {
    const { post, book } = await startListener();
    const reply = await post('', basic(USER, PASSWORD), 'GET');

    expect(reply.status).toBe(405);
    expect(book.inbox()).toEqual([]);
  });
});

describe('what may be posted', () => {
  it('a body over the limit is answered 413 and not stored', async () => {
    const { post, book, delivered } = await startListener({ maxBodyBytes: 512 });
    const big = JSON.stringify({ ...RESULT, padding: 'x'.repeat(2_000) });
    const reply = await post(big);

    expect(reply.status).toBe(413);
    expect(book.inbox()).toEqual([]);
    expect(delivered).toEqual([]);
  });

  it('a body over the limit sent without a Content-Length is cut off with 413 too', async () => {
    const { listener, book, delivered } = await startListener({ maxBodyBytes: 512 });
    const reply = await postChunked(listener.url, JSON.stringify({ ...RESULT, padding: 'x'.repeat(2_000) }));

    expect(reply.status).toBe(413);
    expect(book.inbox()).toEqual([]);
    expect(delivered).toEqual([]);
  });

  it('a body just within the limit is accepted', async () => {
    const { post, book } = await startListener({ maxBodyBytes: 2_048 });
    const body = JSON.stringify(RESULT);
    expect(Buffer.byteLength(body)).toBeLessThan(2_048);

    expect((await post(body)).status).toBe(200);
    expect(book.inbox()).toHaveLength(1);
  });

  it.each([
    { what: 'text that is not JSON', body: '{"SaleToPOIResponse": ' },
    { what: 'an empty body', body: '' },
    { what: 'JSON that is not a Terminal API message', body: JSON.stringify({ notificationItems: [] }) },
    { what: 'a JSON array', body: JSON.stringify([RESULT]) },
    { what: 'a Terminal API envelope without a MessageHeader', body: JSON.stringify({ SaleToPOIResponse: {} }) },
  ])('$what is answered 400 and not stored', async ({ body }) => {
    const { post, book, delivered } = await startListener();
    const reply = await post(body);

    expect(reply.status).toBe(400);
    expect(book.inbox()).toEqual([]);
    expect(delivered).toEqual([]);
  });
});

describe('accepting', () => {
  it('answers [accepted] only once the notification is in the inbox, then hands it on once', async () => {
    const { post, book, delivered } = await startListener();
    const reply = await post(JSON.stringify(RESULT));

    expect(reply).toMatchObject({ status: 200, text: ACCEPTED });
    expect(delivered).toHaveLength(1);
    const [first] = delivered;
    expect(first?.body).toEqual(RESULT);
    expect(first?.inboxThen).toEqual([
      { seq: first?.seq, kind: 'PaymentResponse', outcome: undefined, attemptId: undefined },
    ]);
    expect(book.unhandledInbox()).toEqual([
      { seq: first?.seq, body: JSON.stringify(RESULT), terminalId: 'P400Plus-100000001' },
    ]);
  });

  it('stores each kind of notification under its own kind', async () => {
    const { post, book, delivered } = await startListener();
    const event = {
      SaleToPOIRequest: {
        MessageHeader: { MessageCategory: 'Event', POIID: 'P400Plus-100000001', SaleID: 'N/A' },
        EventNotification: { EventToNotify: 'NetworkConnected' },
      },
    };
    for (const body of [DISPLAY, RESULT, event]) expect((await post(JSON.stringify(body))).text).toBe(ACCEPTED);

    expect(book.inbox().map((row) => row.kind)).toEqual(['DisplayRequest', 'PaymentResponse', 'EventNotification']);
    expect(delivered.map((each) => each.seq)).toEqual(book.inbox().map((row) => row.seq));
  });

  it('a duplicate delivery is answered [accepted] again but handed on only once', async () => {
    const { post, book, delivered, logger } = await startListener();
    const body = JSON.stringify(RESULT);

    expect((await post(body)).text).toBe(ACCEPTED);
    expect(await post(body)).toMatchObject({ status: 200, text: ACCEPTED });

    expect(delivered).toHaveLength(1);
    expect(book.inbox()).toHaveLength(1);
    expect(logger.lines.filter((line) => line.msg === 'webhooks.duplicate')).toHaveLength(1);
  });

  it('a notification the book cannot store is answered 500, so Adyen sends it again', async () => {
    const { post, book, delivered, logger } = await startListener();
    book.close();

    const reply = await post(JSON.stringify(RESULT));

    expect(reply.status).toBe(500);
    expect(reply.text).not.toBe(ACCEPTED);
    expect(delivered).toEqual([]);
    expect(logger.lines.filter((line) => line.msg === 'webhooks.store_failed')).toHaveLength(1);
  });

  it('a notification the service fails to handle is still accepted and stays in the inbox for replay', async () => {
    const { post, book, delivered, logger } = await startListener({ deliverThrows: true });

    expect(await post(JSON.stringify(DISPLAY))).toMatchObject({ status: 200, text: ACCEPTED });

    expect(delivered).toHaveLength(1);
    expect(book.unhandledInbox()).toHaveLength(1);
    expect(logger.lines.filter((line) => line.msg === 'webhooks.deliver_failed')).toHaveLength(1);
  });

  it('never writes the webhook password to the log', async () => {
    const { post, logger } = await startListener();
    await post(JSON.stringify(RESULT), basic(USER, 'wrong-password-789'));
    await post(JSON.stringify(RESULT));

    const text = JSON.stringify(logger.lines);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('wrong-password-789');
  });
});
