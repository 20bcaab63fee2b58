import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import { PaymentAttemptViewSchema } from '../../shared/payments/payment-state.ts';
import { OnlinePaymentViewSchema, type OnlinePaymentView } from '../../shared/refunds/online-refund.ts';
import { RefundViewSchema, type RefundView } from '../../shared/refunds/refund.ts';
import { SaleStepSchema } from '../../shared/sale/sale-commands.ts';
import { DayReportSchema } from '../../shared/till-day/day-report.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import {
  cardPaymentBody,
  field,
  startTestDirectSimulator,
  type TestDirectSimulator,
  tillOnlineSection,
} from '../simulators/worldline-direct/testing/harness.ts';
import { ringUp, value, writeTestCatalog, type Call } from '../testing/selling.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { startTill, type Till } from '../till.ts';

/**
 * Refunds of online payments as the manager's screen reaches them: a demo
 * till whose online gateway is a Worldline Direct simulator the test runs,
 * so the test can take "webshop orders" on it first, the way the webshop
 * would, and script its faults. The refund settles after a simulated minute
 * (the test's time scale makes that milliseconds); the till learns it by
 * asking every 5 seconds or from the webhook, whichever comes first.
 */

const context = { transport: 'in-process' } as const;

async function tillOn(gateway: TestDirectSimulator): Promise<Till> {
  const config = TillConfigSchema.parse({
    store: { name: 'Omni shop', addressLines: [] },
    till: { id: 'T-O', name: 'Till O' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'demo',
    payment: null,
    online: tillOnlineSection(gateway.simulator),
    journal: { path: path.join(tempDir(), 'journal.sqlite') },
    catalog: { path: writeTestCatalog(tempDir()) },
  });
  const started = await startTill(config, { logger: createMemoryLogger(), version: 'test', env: {} });
  onTestFinished(() => started.close());
  return started;
}

const caller =
  (t: Till): Call =>
  (channel, payload) =>
    t.router.call(channel, payload, context);

/** A webshop order paid on the gateway, as the webshop would take it: its payment id. */
async function webshopPayment(gateway: TestDirectSimulator, amountMinor: number): Promise<string> {
  const created = await gateway.client.call('POST', 'payments', { body: cardPaymentBody(amountMinor) });
  expect(created.status).toBe(201);
  return String(field(created.json, 'payment', 'id')).replace(/_0$/, '');
}

async function find(call: Call, reference: string): Promise<OnlinePaymentView> {
  return OnlinePaymentViewSchema.parse(value(await call('refunds.findOnline', { reference }), 'refunds.findOnline'));
}

async function refundUntil(call: Call, refundId: string, done: (refund: RefundView) => boolean): Promise<RefundView> {
  for (let tries = 0; tries < 300; tries += 1) {
    const refund = RefundViewSchema.parse(value(await call('refunds.get', { refundId }), 'refunds.get'));
    if (done(refund)) return refund;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`refund ${refundId} did not get there in 15 s`);
}

describe('refunding an online payment at the till', { timeout: 20_000 }, () => {
  it('shows what the gateway says was paid, refunds part to the card, and caps the rest at what is left', async () => {
    const gateway = await startTestDirectSimulator();
    const paymentId = await webshopPayment(gateway, 4000);
    const call = caller(await tillOn(gateway));

    const found = await find(call, `${paymentId}_0`);
    expect(found).toMatchObject({
      gateway: 'worldline-direct',
      paymentId,
      merchantReference: 'webshop-1001',
      currency: 'EUR',
      paidMinor: 4000,
      refundedMinor: 0,
      requestedMinor: 0,
      refundableMinor: 4000,
      card: { brand: 'visa', last4: '1111' },
      refunds: [],
      message: '€40.00 of the €40.00 paid can still go back to the card that paid.',
    });

    const started = RefundViewSchema.parse(
      value(
        await call('refunds.startOnline', { paymentId, amountMinor: 1500, reason: 'Returned in store' }),
        'refunds.startOnline',
      ),
    );
    expect(started).toMatchObject({ state: 'open', totalMinor: 1500, parts: [{ kind: 'online', amountMinor: 1500 }] });
    expect(started.originalReceiptNumber).toBeUndefined();

    const done = await refundUntil(call, started.refundId, (refund) => refund.state === 'completed');
    expect(done.refundNumber).toMatch(/^T-O-R\d{6}$/);
    expect(done.parts).toEqual([expect.objectContaining({ kind: 'online', state: 'done', amountMinor: 1500 })]);

    // The gateway has exactly the one refund, and the till says what is left after it.
    const after = await find(call, paymentId);
    expect(after).toMatchObject({ refundedMinor: 1500, requestedMinor: 0, refundableMinor: 2500 });
    expect(after.refunds).toEqual([{ amountMinor: 1500, state: 'refunded', refundNumber: done.refundNumber }]);

    const tooMuch = await call('refunds.startOnline', { paymentId, amountMinor: 2501, reason: 'Returned in store' });
    expect(tooMuch).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'Only €25.00 can still be refunded on this payment.' },
    });

    const x = DayReportSchema.parse(value(await call('day.xReport', { print: false }), 'day.xReport'));
    expect(x.tenders).toContainEqual({ kind: 'online', salesMinor: 0, refundsMinor: 1500, netMinor: -1500 });
    expect(x.cash.refundsMinor).toBe(0);
  });

  it('counts a refund still on its way: a second manager cannot take the same money back', async () => {
    const gateway = await startTestDirectSimulator();
    const paymentId = await webshopPayment(gateway, 2000);
    const call = caller(await tillOn(gateway));
    // The gateway does not answer the refund: it is written, sent, and its outcome unknown.
    await gateway.client.addFault({ fault: 'http-error', status: 503, method: 'POST', applied: true });
    const first = RefundViewSchema.parse(
      value(
        await call('refunds.startOnline', { paymentId, amountMinor: 1200, reason: 'Broken on arrival' }),
        'refunds.startOnline',
      ),
    );
    expect(first.state).toBe('open');
    const meanwhile = await find(call, paymentId);
    expect(meanwhile.refundableMinor).toBe(800);
    const second = await call('refunds.startOnline', { paymentId, amountMinor: 1000, reason: 'Broken on arrival' });
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    // The till asks again with the same key: one refund at the gateway, completed once it settles.
    await refundUntil(call, first.refundId, (refund) => refund.state === 'completed');
    const refunds = await gateway.client.call('GET', `payments/${paymentId}/refunds`);
    expect(field(refunds.json, 'refunds')).toHaveLength(1);
    expect((await find(call, paymentId)).refundableMinor).toBe(800);
  });

  it('runs beside a live link: a refund the gateway has taken holds back neither the shop’s links nor them it', async () => {
    // Slow enough that the link (15 simulated minutes) outlives the refund (one simulated minute).
    const gateway = await startTestDirectSimulator({ timeScale: 0.05 });
    const paymentId = await webshopPayment(gateway, 3000);
    const call = caller(await tillOn(gateway));
    const sale = await ringUp(call, [{ code: 'CHE-001' }]);
    const link = PaymentAttemptViewSchema.parse(
      value(await call('payments.start', { saleId: sale.saleId, tender: 'link' }), 'payments.start'),
    );
    const refund = RefundViewSchema.parse(
      value(
        await call('refunds.startOnline', { paymentId, amountMinor: 1000, reason: 'Returned in store' }),
        'refunds.startOnline',
      ),
    );
    expect(refund.parts[0]?.state).not.toBe('to_do');
    await refundUntil(call, refund.refundId, (view) => view.state === 'completed');
    const still = PaymentAttemptViewSchema.parse(
      value(await call('payments.get', { attemptId: link.attemptId }), 'payments.get'),
    );
    expect(still.state).toBe('in_progress');
    // Nor is a refund waiting at the gateway a payment for a manager to settle.
    const unsettled = value(await call('payments.unsettled', {}), 'payments.unsettled') as { attemptId: string }[];
    expect(unsettled.map((attempt) => attempt.attemptId)).toEqual([link.attemptId]);
  });

  it('says plainly what it cannot find, and that nothing was refunded when the gateway does not answer', async () => {
    const gateway = await startTestDirectSimulator();
    const paymentId = await webshopPayment(gateway, 1000);
    const call = caller(await tillOn(gateway));
    expect(await call('refunds.findOnline', { reference: '9999999999' })).toMatchObject({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: 'The payment gateway knows no payment 9999999999. Check the number on the order and try again.',
      },
    });
    expect(await call('refunds.findOnline', { reference: 'WEB-1001' })).toMatchObject({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: expect.stringContaining('is not a payment id of the payment gateway') as unknown,
      },
    });
    expect(await call('refunds.findOnline', { reference: '' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    await gateway.client.addFault({ fault: 'http-error', status: 500 });
    expect(await call('refunds.startOnline', { paymentId, amountMinor: 500, reason: 'Wrong size' })).toMatchObject({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message: 'The payment gateway did not answer, so nothing was refunded. Try again in a moment.',
      },
    });
    expect(value(await call('refunds.open', {}), 'refunds.open')).toEqual([]);
  });

  it('refunds a link paid at this till as a refund of its sale, found by the link’s reference', async () => {
    const gateway = await startTestDirectSimulator();
    const call = caller(await tillOn(gateway));
    const sale = await ringUp(call, [{ code: 'CHE-001' }, { code: 'BAK-001' }]);
    const started = PaymentAttemptViewSchema.parse(
      value(await call('payments.start', { saleId: sale.saleId, tender: 'link' }), 'payments.start'),
    );
    let linkUrl = '';
    for (let tries = 0; tries < 100 && linkUrl === ''; tries += 1) {
      const view = PaymentAttemptViewSchema.parse(
        value(await call('payments.get', { attemptId: started.attemptId }), 'payments.get'),
      );
      linkUrl = view.link?.url ?? '';
      if (linkUrl === '') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const linkId = new URL(linkUrl).pathname.split('/').at(-1) ?? '';
    const paid = await gateway.client.raw('POST', `/_simulator/paymentlinks/${linkId}/pay`, {
      body: JSON.stringify({ outcome: 'approved' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(paid.status).toBe(200);
    let attempt = PaymentAttemptViewSchema.parse(
      value(await call('payments.get', { attemptId: started.attemptId }), 'payments.get'),
    );
    for (let tries = 0; tries < 200 && attempt.state !== 'approved'; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      attempt = PaymentAttemptViewSchema.parse(
        value(await call('payments.get', { attemptId: started.attemptId }), 'payments.get'),
      );
    }
    expect(attempt.state).toBe('approved');
    const finished = SaleStepSchema.parse(value(await call('sales.complete', { saleId: sale.saleId }), 'complete'));
    const receiptNumber = finished.finished?.sale.receiptNumber ?? '';

    const found = await find(call, attempt.terminalReference ?? '');
    expect(found).toMatchObject({ paidMinor: 539, refundableMinor: 539, receiptNumber });
    expect(found.message).toContain(`receipt ${receiptNumber}`);

    const refund = RefundViewSchema.parse(
      value(
        await call('refunds.startOnline', { paymentId: found.paymentId, amountMinor: 200, reason: 'Stale bread' }),
        'refunds.startOnline',
      ),
    );
    expect(refund).toMatchObject({ originalReceiptNumber: receiptNumber, parts: [{ kind: 'card', amountMinor: 200 }] });
    await refundUntil(call, refund.refundId, (view) => view.state === 'completed');
    expect((await find(call, found.paymentId)).refundableMinor).toBe(339);
  });
});
