import { describe, expect, it } from 'vitest';
import type { PaymentRequestIds, ProviderLink } from '../terminal-provider.ts';
import type { DirectClient, DirectResult, Payment, PaymentLink, Refund } from './direct-client.ts';
import { LINK_PHRASES } from '../link-phrases.ts';
import { createDirectLinkProvider, DIRECT_VERIFIED } from './link-provider.ts';
import { ApiError, PaymentLinkResponse, PaymentResponse, RefundResponse } from './wire-schemas.ts';

/**
 * The link provider turns Direct's answers into the payment service's words.
 * Direct here is a scripted client: each test says what the gateway answers
 * and checks what the service would be told. The wire itself is tested in
 * direct-client.test.ts and against the simulator in the link scenarios.
 */

const NOW = new Date('2026-12-05T10:00:00.000Z');
const LINK: ProviderLink = {
  reference: 'PL1234567890',
  url: 'https://pay.example/link/PL1234567890',
  expiresAt: '2026-12-05T10:15:00+00:00',
};
const REQUEST: PaymentRequestIds = {
  terminalId: 'worldline-direct:KassaShop',
  saleSystemId: 'T-1',
  serviceId: 'KL0123456789ABCDEF0123',
  saleTransactionId: 'S-1',
  amountMinor: 1234,
  currency: 'EUR',
  kind: 'payment',
};

const ok = <T>(value: T): DirectResult<T> => ({ kind: 'ok', status: 200, value });
// Built through the client's own schemas, as an answer from the wire would be.
const directLink = (fields: Record<string, unknown> = {}): PaymentLink =>
  PaymentLinkResponse.parse({
    paymentLinkId: LINK.reference,
    redirectionUrl: LINK.url,
    status: 'ACTIVE',
    expirationDate: LINK.expiresAt,
    ...fields,
  });
const payment = (status: string, fields: Record<string, unknown> = {}): Payment =>
  PaymentResponse.parse({
    id: '3136405348_0',
    status,
    paymentOutput: { amountOfMoney: { amount: 1234, currencyCode: 'EUR' } },
    ...fields,
  });

function gateway(answers: Partial<DirectClient>): { client: DirectClient; created: unknown[]; keys: string[] } {
  const created: unknown[] = [];
  const keys: string[] = [];
  const unexpected = () => Promise.reject(new Error('not expected in this test'));
  const client: DirectClient = {
    createPaymentLink: (link, key, signal) => {
      created.push(link);
      keys.push(key);
      return answers.createPaymentLink?.(link, key, signal) ?? unexpected();
    },
    getPaymentLink: answers.getPaymentLink ?? unexpected,
    cancelPaymentLink: answers.cancelPaymentLink ?? unexpected,
    getPayment: answers.getPayment ?? unexpected,
    getRefunds: answers.getRefunds ?? unexpected,
    refundPayment: answers.refundPayment ?? unexpected,
    cancelPayment: answers.cancelPayment ?? unexpected,
    testConnection: answers.testConnection ?? unexpected,
  };
  return { client, created, keys };
}

function provider(client: DirectClient, webhookUrl?: string) {
  return createDirectLinkProvider({
    client,
    terminalId: REQUEST.terminalId,
    saleSystemId: REQUEST.saleSystemId,
    linkExpiryMs: 15 * 60_000,
    graceMs: 120_000,
    askEveryMs: 10_000,
    webhookUrl: () => webhookUrl,
    description: 'Kassa test shop',
    now: () => NOW,
  });
}

const signal = new AbortController().signal;

describe('making the link', () => {
  it("asks for the expiry the till wants, quotes the attempt's ServiceID as key and reference, and shows the gateway's answer", async () => {
    const { client, created, keys } = gateway({
      createPaymentLink: () => Promise.resolve(ok(directLink({ expirationDate: '2026-12-05T10:10:00+00:00' }))),
    });
    const sent = await provider(client, 'https://till.example/worldline-direct/events').sendPayment(REQUEST, signal);

    // The gateway shortened the link's life: its expiry is the one shown and kept.
    expect(sent).toEqual({ kind: 'accepted', link: { ...LINK, expiresAt: '2026-12-05T10:10:00+00:00' } });
    expect(keys).toEqual([REQUEST.serviceId]);
    expect(created).toEqual([
      {
        amountMinor: 1234,
        currency: 'EUR',
        merchantReference: REQUEST.serviceId,
        expiresAt: new Date('2026-12-05T10:15:00.000Z'),
        description: 'Kassa test shop',
        webhookUrl: 'https://till.example/worldline-direct/events',
      },
    ]);
  });

  it('reads a lost reply, a 5xx and a 409 (the same request still running) as unknown, never as no link', async () => {
    for (const answer of [
      { kind: 'unknown', reason: 'socket hang up' },
      { kind: 'rejected', status: 409, errorId: undefined, errors: [] },
    ] as const) {
      const { client } = gateway({ createPaymentLink: () => Promise.resolve(answer) });
      expect((await provider(client).sendPayment(REQUEST, signal)).kind).toBe('unknown');
    }
  });

  it('fails an attempt the gateway refused to make a link for, with its words, and says a refused key is the till', async () => {
    const rejected = gateway({
      createPaymentLink: () =>
        Promise.resolve({
          kind: 'rejected',
          status: 400,
          errorId: 'e1',
          errors: [ApiError.parse({ message: 'expirationDate is in the past' })],
        }),
    });
    expect(await provider(rejected.client).sendPayment(REQUEST, signal)).toEqual({
      kind: 'outcome',
      outcome: { state: 'failed', reason: 'Worldline Direct answered 400: expirationDate is in the past' },
    });
    const refused = gateway({
      createPaymentLink: () => Promise.resolve({ kind: 'refused', status: 401, errorId: undefined, errors: [] }),
    });
    expect(await provider(refused.client).sendPayment(REQUEST, signal)).toMatchObject({ kind: 'refused' });
  });

  it("gives no money back to any card: that is the card terminal's", async () => {
    const { client, created } = gateway({});
    const sent = await provider(client).sendPayment({ ...REQUEST, kind: 'refund' }, signal);
    expect(sent).toEqual({ kind: 'refused', reason: LINK_PHRASES.refundToAnyCard });
    expect(created).toEqual([]);
  });
});

describe('money back on an online payment', () => {
  const REFUND: PaymentRequestIds = {
    ...REQUEST,
    serviceId: 'KL00FF00FF00FF00FF00FF',
    amountMinor: 500,
    kind: 'reversal',
    original: { transactionId: '3136405348', timeStamp: NOW.toISOString() },
  };
  const refund = (status: string, fields: Record<string, unknown> = {}): Refund =>
    RefundResponse.parse({
      id: '3136405348_1',
      status,
      refundOutput: {
        amountOfMoney: { amount: 500, currencyCode: 'EUR' },
        operationReferences: { merchantReference: REFUND.serviceId },
      },
      ...fields,
    });
  const rejected = (status: number, message: string): DirectResult<never> => ({
    kind: 'rejected',
    status,
    errorId: 'e-1',
    errors: [ApiError.parse({ message })],
  });

  it('asks Direct to refund the payment it quotes, with the attempt as key and reference; REFUND_REQUESTED is only taken', async () => {
    const asked: unknown[] = [];
    const { client } = gateway({
      refundPayment: (paymentId, request, key) => {
        asked.push({ paymentId, request, key });
        return Promise.resolve({ kind: 'ok', status: 201, value: refund('REFUND_REQUESTED') });
      },
    });
    expect(await provider(client).sendPayment(REFUND, signal)).toEqual({ kind: 'accepted' });
    expect(asked).toEqual([
      {
        paymentId: '3136405348',
        request: { amountMinor: 500, currency: 'EUR', merchantReference: REFUND.serviceId },
        key: REFUND.serviceId,
      },
    ]);
  });

  it("reads a refused refund as failed with Direct's words, a 409 or a 5xx as unknown", async () => {
    const tooMuch = gateway({ refundPayment: () => Promise.resolve(rejected(400, 'more than is left')) });
    expect(await provider(tooMuch.client).sendPayment(REFUND, signal)).toEqual({
      kind: 'outcome',
      outcome: { state: 'failed', reason: 'Worldline Direct answered 400: more than is left' },
    });
    const busy = gateway({ refundPayment: () => Promise.resolve(rejected(409, 'in progress')) });
    expect(await provider(busy.client).sendPayment(REFUND, signal)).toMatchObject({ kind: 'unknown' });
    const lost = gateway({ refundPayment: () => Promise.resolve({ kind: 'unknown', reason: 'socket hang up' }) });
    expect(await provider(lost.client).sendPayment(REFUND, signal)).toEqual({
      kind: 'unknown',
      reason: 'socket hang up',
    });
  });

  it("finds its refund among the payment's by its merchant reference: requested is still under way, refunded approves", async () => {
    const other = refund('REFUNDED', {
      id: '3136405348_1',
      refundOutput: {
        amountOfMoney: { amount: 900, currencyCode: 'EUR' },
        operationReferences: { merchantReference: 'WEB-RETURN-7' },
      },
    });
    let mine = refund('REFUND_REQUESTED', { id: '3136405348_2' });
    const { client } = gateway({ getRefunds: () => Promise.resolve(ok([other, mine])) });
    const link = provider(client);
    expect(await link.askStatus(REFUND, 'ignored', signal)).toEqual({ kind: 'in_progress' });
    mine = refund('REFUNDED', { id: '3136405348_2' });
    expect(await link.askStatus(REFUND, 'ignored', signal)).toEqual({
      kind: 'outcome',
      outcome: { state: 'approved', authorisedMinor: 500, terminalReference: '3136405348_2' },
    });
    mine = refund('REJECTED', { id: '3136405348_2' });
    expect(await link.askStatus(REFUND, 'ignored', signal)).toMatchObject({
      kind: 'outcome',
      outcome: { state: 'declined' },
    });
    mine = refund('SOMETHING_NEW', { id: '3136405348_2', statusOutput: { statusCategory: 'UNHEARD_OF' } });
    expect(await link.askStatus(REFUND, 'ignored', signal)).toMatchObject({ kind: 'unknown' });
  });

  it('after a lost reply, a refund Direct does not list is asked for again with the same key, never a new one', async () => {
    const keys: string[] = [];
    const { client } = gateway({
      getRefunds: () => Promise.resolve(ok([])),
      refundPayment: (_paymentId, _request, key) => {
        keys.push(key);
        return Promise.resolve({ kind: 'ok', status: 201, value: refund('REFUND_REQUESTED') });
      },
    });
    const link = provider(client);
    expect(await link.askStatus(REFUND, 'ignored', signal)).toEqual({ kind: 'in_progress' });
    expect(await link.askStatus(REFUND, 'ignored', signal)).toEqual({ kind: 'in_progress' });
    expect(keys).toEqual([REFUND.serviceId, REFUND.serviceId]);
    const unreachable = gateway({ getRefunds: () => Promise.resolve({ kind: 'unknown', reason: 'timed out' }) });
    expect(await provider(unreachable.client).askStatus(REFUND, 'ignored', signal)).toEqual({
      kind: 'unknown',
      reason: 'timed out',
    });
  });

  it('cannot call a refund back', async () => {
    const { client } = gateway({});
    expect(await provider(client).abort(REFUND, 'ignored', signal)).toEqual({
      delivered: false,
      reason: LINK_PHRASES.refundNotRecalled,
    });
  });
});

describe('asking about the link', () => {
  it('after a lost reply, asks again with the same idempotence key and learns the link it made', async () => {
    const { client, keys } = gateway({ createPaymentLink: () => Promise.resolve(ok(directLink())) });
    const status = await provider(client).askStatus(REQUEST, 'ignored', signal);
    expect(status).toEqual({ kind: 'in_progress', link: LINK });
    expect(keys).toEqual([REQUEST.serviceId]);
  });

  it('says how far the customer got: waiting, opened, a card declined on the phone', async () => {
    const cases = [
      [[{ type: 'CREATED' }], undefined],
      [[{ type: 'CREATED' }, { type: 'CLICKED' }], 'opened'],
      [[{ type: 'CREATED' }, { type: 'CLICKED' }, { type: 'PAYMENT_DECLINED' }], 'declined'],
    ] as const;
    for (const [events, stage] of cases) {
      const { client } = gateway({
        getPaymentLink: () => Promise.resolve(ok(directLink({ paymentLinkEvents: [...events] }))),
      });
      const status = await provider(client).askStatus({ ...REQUEST, link: LINK }, 'x', signal);
      expect(status).toEqual({ kind: 'in_progress', link: stage === undefined ? LINK : { ...LINK, stage } });
    }
  });

  it('takes a PAID link for an approval only once the payment itself says so, with its card and id', async () => {
    const asked: string[] = [];
    const { client } = gateway({
      getPaymentLink: () => Promise.resolve(ok(directLink({ status: 'PAID', paymentId: '3136405348_0' }))),
      getPayment: (id) => {
        asked.push(id);
        return Promise.resolve(
          ok(
            payment('CAPTURED', {
              paymentOutput: {
                amountOfMoney: { amount: 1234, currencyCode: 'EUR' },
                cardPaymentMethodSpecificOutput: {
                  card: { cardNumber: '************4242' },
                  paymentProductId: 1,
                  authorisationCode: 'A1B2',
                },
              },
            }),
          ),
        );
      },
    });
    const status = await provider(client).askStatus({ ...REQUEST, link: LINK }, 'x', signal);
    expect(asked).toEqual(['3136405348_0']);
    expect(status).toEqual({
      kind: 'outcome',
      outcome: {
        state: 'approved',
        authorisedMinor: 1234,
        terminalReference: '3136405348',
        poiTransaction: { transactionId: '3136405348', timeStamp: NOW.toISOString() },
        card: { brand: 'visa', last4: '4242', authCode: 'A1B2' },
      },
    });
  });

  it('keeps asking while the payment is still pending, and never approves a PAID link whose payment was rejected', async () => {
    const pending = gateway({
      getPaymentLink: () => Promise.resolve(ok(directLink({ status: 'PAID', paymentId: '1_0' }))),
      getPayment: () => Promise.resolve(ok(payment('PENDING_PAYMENT'))),
    });
    expect(await provider(pending.client).askStatus({ ...REQUEST, link: LINK }, 'x', signal)).toEqual({
      kind: 'in_progress',
      link: { ...LINK, stage: 'paying' },
    });
    const rejected = gateway({
      getPaymentLink: () => Promise.resolve(ok(directLink({ status: 'PAID', paymentId: '1_0' }))),
      getPayment: () => Promise.resolve(ok(payment('REJECTED'))),
    });
    expect((await provider(rejected.client).askStatus({ ...REQUEST, link: LINK }, 'x', signal)).kind).toBe('unknown');
  });

  it('ends an expired or cancelled link with nothing charged, unless a payment made just before the end went through', async () => {
    const expired = gateway({ getPaymentLink: () => Promise.resolve(ok(directLink({ status: 'EXPIRED' }))) });
    expect(await provider(expired.client).askStatus({ ...REQUEST, link: LINK }, 'x', signal)).toEqual({
      kind: 'outcome',
      outcome: { state: 'cancelled', reason: LINK_PHRASES.expired },
    });
    const paidAtTheEnd = gateway({
      getPaymentLink: () => Promise.resolve(ok(directLink({ status: 'CANCELLED', paymentId: '77_0' }))),
      getPayment: () => Promise.resolve(ok(payment('CAPTURED'))),
    });
    expect(await provider(paidAtTheEnd.client).askStatus({ ...REQUEST, link: LINK }, 'x', signal)).toMatchObject({
      kind: 'outcome',
      outcome: { state: 'approved', terminalReference: '3136405348' },
    });
  });

  it('reads a gateway that cannot find a link it made as unknown, not as "never made"', async () => {
    const { client } = gateway({
      getPaymentLink: () => Promise.resolve({ kind: 'rejected', status: 404, errorId: undefined, errors: [] }),
    });
    expect((await provider(client).askStatus({ ...REQUEST, link: LINK }, 'x', signal)).kind).toBe('unknown');
  });
});

describe('cancelling the link', () => {
  it('is delivered on 204, and undelivered on a 409 (no longer active: the customer may have paid)', async () => {
    const done = gateway({ cancelPaymentLink: () => Promise.resolve(ok('cancelled' as const)) });
    expect(await provider(done.client).abort({ ...REQUEST, link: LINK }, 'x', signal)).toEqual({ delivered: true });
    const late = gateway({ cancelPaymentLink: () => Promise.resolve(ok('not_cancellable' as const)) });
    expect(await provider(late.client).abort({ ...REQUEST, link: LINK }, 'x', signal)).toEqual({
      delivered: false,
      reason: LINK_PHRASES.notActive,
    });
    expect(await provider(gateway({}).client).abort(REQUEST, 'x', signal)).toEqual({
      delivered: false,
      reason: LINK_PHRASES.noLinkYet,
    });
  });
});

describe('reading a verified webhook', () => {
  const envelope = { apiVersion: 'v1', id: 'evt-1', created: '2026-12-05T10:01:00.000+0000', merchantId: 'KassaShop' };
  const read = (body: unknown) => provider(gateway({}).client).readNotification(body, () => undefined);

  it('turns a link opened or a card declined on the phone into progress, tied to the attempt by its reference', () => {
    expect(
      read({
        ...envelope,
        type: 'paymentlink.clicked',
        paymentLink: {
          paymentLinkId: LINK.reference,
          status: 'ACTIVE',
          paymentLinkOrder: { merchantReference: REQUEST.serviceId },
        },
      }),
    ).toMatchObject({ kind: 'display', stage: 'opened', ids: { serviceId: REQUEST.serviceId } });
    expect(
      read({
        ...envelope,
        type: 'payment.rejected',
        payment: {
          id: '1_0',
          status: 'REJECTED',
          statusOutput: { statusCategory: 'UNSUCCESSFUL' },
          paymentOutput: { references: { merchantReference: REQUEST.serviceId } },
        },
      }),
    ).toMatchObject({ kind: 'display', stage: 'declined', ids: { serviceId: REQUEST.serviceId } });
  });

  it('takes no webhook for money: a captured payment or a PAID link makes the till ask', () => {
    const captured = read({
      ...envelope,
      type: 'payment.captured',
      payment: {
        id: '1_0',
        status: 'CAPTURED',
        statusOutput: { statusCategory: 'COMPLETED' },
        paymentOutput: { references: { merchantReference: REQUEST.serviceId } },
      },
    });
    expect(captured).toEqual({
      kind: 'result',
      ids: { terminalId: REQUEST.terminalId, saleSystemId: 'T-1', serviceId: REQUEST.serviceId },
      outcome: 'unreadable',
      signature: DIRECT_VERIFIED,
    });
  });

  it('reads nothing from a body that is not a v1 event', () => {
    expect(read({ ...envelope, apiVersion: 'v2', type: 'payment.captured' })).toBeUndefined();
    expect(read('not an event')).toBeUndefined();
  });
});
