import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { TillConfigSchema } from '../../../shared/config/schema.ts';
import { PaymentAttemptViewSchema, type PaymentAttemptView } from '../../../shared/payments/payment-state.ts';
import { SaleStepSchema } from '../../../shared/sale/sale-commands.ts';
import { DayReportSchema, TillDayStateSchema } from '../../../shared/till-day/day-report.ts';
import { createMemoryLogger } from '../../logging/logger.ts';
import { startFakePrinter } from '../../printing/testing/fake-printer.ts';
import { startSmtpSink } from '../../receipt-mail/testing/smtp-sink.ts';
import { currentSale, ringUp, value, writeTestCatalog, type Call } from '../../testing/selling.ts';
import { startTestDirectSimulator, tillOnlineSection } from '../../simulators/worldline-direct/testing/harness.ts';
import { tempDir } from '../../testing/temp-dir.ts';
import { startTill, type Till } from '../../till.ts';

/**
 * Pay by link as the screen reaches it: a demo till started from its
 * configuration, so the embedded Worldline Direct simulator is its gateway
 * and its own listener takes the signed webhooks; a real journal in a temp
 * dir. The customer is played through the simulator's control API, found at
 * the link's own address, as a person's phone finds the payment page.
 */

const context = { transport: 'in-process' } as const;

async function till(extra: Record<string, unknown> = {}, logger = createMemoryLogger()): Promise<Till> {
  const config = TillConfigSchema.parse({
    store: { name: 'Link shop', addressLines: [] },
    till: { id: 'T-L', name: 'Till L' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'demo',
    payment: null,
    online: {
      provider: 'worldline-direct',
      askEverySeconds: 5,
      worldlineDirect: { merchantId: 'LinkShop', apiKeyId: 'KEY-1', webhookKeyId: 'WH-1' },
    },
    journal: { path: path.join(tempDir(), 'journal.sqlite') },
    catalog: { path: writeTestCatalog(tempDir()) },
    ...extra,
  });
  const started = await startTill(config, { logger, version: 'test', env: {} });
  onTestFinished(() => started.close());
  return started;
}

function caller(t: Till): Call {
  return (channel, payload) => t.router.call(channel, payload, context);
}

/** The simulator's control API, at the origin of the link's own page. */
async function customer(link: string, action: 'pay' | 'click' | 'expire', body: object = {}): Promise<void> {
  const url = new URL(link);
  const id = url.pathname.split('/').at(-1) ?? '';
  const answer = await fetch(`${url.origin}/_simulator/paymentlinks/${encodeURIComponent(id)}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!answer.ok) throw new Error(`simulator ${action} answered ${String(answer.status)}: ${await answer.text()}`);
}

async function startLink(call: Call, saleId: string): Promise<PaymentAttemptView> {
  return PaymentAttemptViewSchema.parse(
    value(await call('payments.start', { saleId, tender: 'link' }), 'payments.start'),
  );
}

/** Waits (polling main, as the screen's events would tell it) until the attempt has its link or reaches `state`. */
async function until(call: Call, attemptId: string, done: (view: PaymentAttemptView) => boolean) {
  for (let tries = 0; tries < 300; tries += 1) {
    const view = PaymentAttemptViewSchema.parse(value(await call('payments.get', { attemptId }), 'payments.get'));
    if (done(view)) return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`attempt ${attemptId} did not get there in 15 s`);
}

// A link's news without a webhook (opened, expired) comes at the till's next question: up to askEverySeconds.
describe('a sale paid by link', { timeout: 20_000 }, () => {
  it('shows the link, completes when the customer pays, and counts it as paid by link in the X report', async () => {
    const t = await till();
    const call = caller(t);
    expect(t.info.linkPayments).toBe(true);
    const sale = await ringUp(call, [{ code: 'CHE-001' }, { code: 'BAK-001' }]);

    const started = await startLink(call, sale.saleId);
    expect(started).toMatchObject({ tender: 'link', amountMinor: 539 });
    const live = await until(call, started.attemptId, (view) => view.link !== undefined);
    expect(live.state).toBe('in_progress');
    // The gateway's own expiry, about the 15 minutes the till asked for.
    const minutes = (Date.parse(live.link?.expiresAt ?? '') - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);

    // The lines are frozen while the link is live.
    const refused = await call('sales.addItem', { saleId: sale.saleId, code: 'CHE-001' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    await customer(live.link?.url ?? '', 'pay', { outcome: 'approved' });
    const approved = await until(call, started.attemptId, (view) => view.state === 'approved');
    expect(approved.terminalReference).toMatch(/^\d+$/);

    const finished = SaleStepSchema.parse(value(await call('sales.complete', { saleId: sale.saleId }), 'complete'));
    expect(finished.finished?.sale.receiptNumber).toMatch(/^T-L-\d{6}$/);
    expect((await currentSale(call)).lines).toEqual([]);

    const x = DayReportSchema.parse(value(await call('day.xReport', { print: false }), 'day.xReport'));
    expect(x.tenders).toContainEqual({ kind: 'link', salesMinor: 539, refundsMinor: 0, netMinor: 539 });
  });

  it('takes the gateway’s signed webhooks on the card terminal’s listener, the one address a till has', async () => {
    // The demo's card terminal too: its intake answers every path, so the gateway's must be asked first.
    const t = await till({ payment: undefined });
    const call = caller(t);
    expect(t.payments).toBeDefined();
    const sale = await ringUp(call, [{ code: 'CHE-001' }]);
    const started = await startLink(call, sale.saleId);
    const live = await until(call, started.attemptId, (view) => view.link !== undefined);
    await customer(live.link?.url ?? '', 'pay', { outcome: 'approved' });
    await until(call, started.attemptId, (view) => view.state === 'approved');
    expect(t.books?.payments.inbox()).toContainEqual(
      expect.objectContaining({ kind: 'payment.captured', attemptId: started.attemptId }),
    );
  });

  it('prints the live link’s QR code on the receipt printer, and nothing once the link has ended', async () => {
    const printer = await startFakePrinter();
    onTestFinished(() => printer.close());
    const t = await till({ printer: { url: printer.url } });
    const call = caller(t);
    const sale = await ringUp(call, [{ code: 'COF-001' }]);
    const started = await startLink(call, sale.saleId);
    await until(call, started.attemptId, (view) => view.link !== undefined);

    expect(value(await call('payments.printLink', { attemptId: started.attemptId }), 'printLink')).toEqual({
      queued: true,
    });
    await t.printer?.settled();
    const [slip] = printer.printouts({ printsOnly: true });
    expect(slip?.lines.join('\n')).toContain('Scan to pay');
    expect(slip?.lines.join('\n')).toContain('8.42');
    expect(slip?.lines.join('\n')).toContain('This is not a receipt.');
    // receiptline draws the QR code as a picture.
    expect(slip?.events).toContainEqual({ kind: 'image' });

    value(await call('payments.abort', { attemptId: started.attemptId }), 'payments.abort');
    await until(call, started.attemptId, (view) => view.state === 'cancelled');
    expect(await call('payments.printLink', { attemptId: started.attemptId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });

  it('e-mails the live link through the store’s mail server, and says plainly what is wrong with an address', async () => {
    const sink = await startSmtpSink();
    onTestFinished(() => sink.close());
    const t = await till({
      receipts: { email: { smtp: { host: '127.0.0.1', port: sink.port }, from: 'Link shop <till@shop.example>' } },
    });
    const call = caller(t);
    const sale = await ringUp(call, [{ code: 'GIF-001' }]);
    const started = await startLink(call, sale.saleId);
    const live = await until(call, started.attemptId, (view) => view.link !== undefined);

    const refused = await call('payments.emailLink', { attemptId: live.attemptId, address: 'not an address' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(
      value(await call('payments.emailLink', { attemptId: live.attemptId, address: 'anna@example.com' }), 'mail'),
    ).toEqual({
      sent: true,
    });
    const mail = await sink.next();
    expect(mail.to).toEqual(['anna@example.com']);
    expect(mail.subject).toBe('Your payment link from Link shop');
    expect(mail.text).toContain(live.link?.url ?? 'the link');
    expect(mail.text).toContain('€19.06');
  });

  it('ends as cancelled when the cashier cancels the link, and the day does not close over a live link', async () => {
    const t = await till();
    const call = caller(t);
    value(await call('day.open', { floatMinor: 0 }), 'day.open');
    const sale = await ringUp(call, [{ code: 'WIN-001' }]);
    const started = await startLink(call, sale.saleId);
    const live = await until(call, started.attemptId, (view) => view.link !== undefined);

    const closing = await call('day.close', { countedCashMinor: 0 });
    expect(closing).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(closing.ok ? '' : closing.error.message).toContain('A payment link is still live (€12.50');

    value(await call('payments.abort', { attemptId: live.attemptId }), 'payments.abort');
    const cancelled = await until(call, live.attemptId, (view) => view.state === 'cancelled');
    expect(cancelled.reason).toBe('The payment link was cancelled');
    // Nothing was taken: the lines are free again.
    value(await call('sales.addItem', { saleId: sale.saleId, code: 'CHE-001' }), 'sales.addItem');
  });

  it('lists the live links when the day is to close, and on the manager’s word cancels them and closes', async () => {
    const t = await till();
    const call = caller(t);
    value(await call('day.open', { floatMinor: 0 }), 'day.open');
    const sale = await ringUp(call, [{ code: 'WIN-001' }]);
    const started = await startLink(call, sale.saleId);
    await until(call, started.attemptId, (view) => view.link !== undefined);
    const state = TillDayStateSchema.parse(value(await call('day.current', {}), 'day.current'));
    expect(state.liveLinks).toEqual([
      { attemptId: started.attemptId, amountMinor: 1250, createdAt: expect.any(String) as unknown },
    ]);

    const z = DayReportSchema.parse(
      value(await call('day.close', { countedCashMinor: 0, cancelLiveLinks: true }), 'day.close'),
    );
    expect(z.kind).toBe('Z');
    const cancelled = PaymentAttemptViewSchema.parse(
      value(await call('payments.get', { attemptId: started.attemptId }), 'payments.get'),
    );
    expect(cancelled).toMatchObject({ state: 'cancelled', reason: 'The payment link was cancelled' });
    const after = TillDayStateSchema.parse(value(await call('day.current', {}), 'day.current'));
    expect(after.liveLinks).toBeUndefined();
  });

  it('flags for a manager, never drops, a payment that went through after the link was cancelled', async () => {
    const t = await till();
    const call = caller(t);
    const sale = await ringUp(call, [{ code: 'CHE-001' }]);
    const started = await startLink(call, sale.saleId);
    const live = await until(call, started.attemptId, (view) => view.link !== undefined);
    value(await call('payments.abort', { attemptId: live.attemptId }), 'payments.abort');
    await until(call, live.attemptId, (view) => view.state === 'cancelled');

    // The customer's payment was already on its way to the bank: it goes through anyway.
    await customer(live.link?.url ?? '', 'pay', { outcome: 'approved', afterLinkEnded: true });
    const flagged = await until(call, live.attemptId, (view) => view.state === 'needs_attention');
    expect(flagged).toMatchObject({ attention: 'conflicting_result', authorisedMinor: 350 });
    const unsettled = value(await call('payments.unsettled', {}), 'payments.unsettled') as { attemptId: string }[];
    expect(unsettled.map((attempt) => attempt.attemptId)).toContain(live.attemptId);
  });

  it('ends as cancelled, nothing charged, when the link expires unpaid', async () => {
    const t = await till();
    const call = caller(t);
    const sale = await ringUp(call, [{ code: 'MAG-001' }]);
    const started = await startLink(call, sale.saleId);
    const live = await until(call, started.attemptId, (view) => view.link !== undefined);
    await customer(live.link?.url ?? '', 'expire');
    const expired = await until(call, live.attemptId, (view) => view.state === 'cancelled');
    expect(expired.reason).toBe('The payment link expired before the customer paid');
  });

  it('gives a cancelled link its last look after a restart, so a payment that beat the cancel is not lost', async () => {
    // A gateway that outlives the till, and no webhook reaches the till: only the last look can find the money.
    const gateway = await startTestDirectSimulator();
    const journal = path.join(tempDir(), 'journal.sqlite');
    const online = tillOnlineSection(gateway.simulator, { graceSeconds: 1 });
    const first = await till({ online, journal: { path: journal } });
    const call = caller(first);
    const sale = await ringUp(call, [{ code: 'CHE-001' }]);
    const started = await startLink(call, sale.saleId);
    const live = await until(call, started.attemptId, (view) => view.link !== undefined);
    value(await call('payments.abort', { attemptId: live.attemptId }), 'payments.abort');
    await until(call, live.attemptId, (view) => view.state === 'cancelled');
    // The till stops before its last look (5 s after the end); the customer's payment then goes through.
    await first.close();
    const linkId = new URL(live.link?.url ?? 'http://x/').pathname.split('/').at(-1) ?? '';
    gateway.simulator.control.pay(linkId, { outcome: 'approved', afterLinkEnded: true });

    const again = caller(await till({ online, journal: { path: journal } }));
    const flagged = await until(again, live.attemptId, (view) => view.state === 'needs_attention');
    expect(flagged.terminalReference).toMatch(/^\d+$/);
  });

  it('turns away a forged webhook before reading it, and logs why without the body', async () => {
    const logger = createMemoryLogger();
    const t = await till({ payment: undefined }, logger);
    const url = t.payments?.listener?.url ?? '';
    const body = JSON.stringify({ apiVersion: 'v1', id: 'forged-1', type: 'payment.captured', payment: { id: '1_0' } });
    const forged = await fetch(`${url}/worldline-direct/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gcs-keyid': 'WH-1', 'x-gcs-signature': 'bm90IGEgc2lnbmF0dXJl' },
      body,
    });
    expect(forged.status).toBe(401);
    expect(logger.lines).toContainEqual(expect.objectContaining({ msg: 'webhooks.unauthentic', why: 'bad_signature' }));
    expect(JSON.stringify(logger.lines)).not.toContain('forged-1');
  });
});
