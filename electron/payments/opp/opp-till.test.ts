import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { TillConfigSchema } from '../../../shared/config/schema.ts';
import { PaymentAttemptViewSchema, type PaymentAttemptView } from '../../../shared/payments/payment-state.ts';
import { OnlinePaymentViewSchema } from '../../../shared/refunds/online-refund.ts';
import { RefundViewSchema } from '../../../shared/refunds/refund.ts';
import { SaleStepSchema } from '../../../shared/sale/sale-commands.ts';
import { DayReportSchema } from '../../../shared/till-day/day-report.ts';
import { DepositListSchema, DepositViewSchema, type DepositView } from '../../../shared/deposits/deposit.ts';
import { createMemoryLogger } from '../../logging/logger.ts';
import { ringUp, value, writeTestCatalog, type Call } from '../../testing/selling.ts';
import { tempDir } from '../../testing/temp-dir.ts';
import { startTill, type Till } from '../../till.ts';
import { hashPin } from '../../staff/pin-hash.ts';
import { JITTER_MARGIN } from './question-pacer.ts';

interface StaffConfig {
  id: string;
  name: string;
  role: 'cashier' | 'manager';
  pinHash: string;
}

/**
 * OPP at the till, as the screen reaches it: a demo till whose gateway is the
 * embedded OPP simulator, its own listener taking the encrypted webhooks, a
 * real journal in a temp dir. The till is told OPP takes two status questions
 * per 3 s, so the embedded platform's minute is 3 s too (its throttle, its
 * pending minute, its webhook delays); the till asks a live link every 5 s.
 * The customer and the faults are played through the simulator's control API,
 * found at the link's own address as a phone finds the page.
 */

const context = { transport: 'in-process' } as const;
const ENTITY = '8ac7a4c8e2e0opp0000000000000001';
const LIMIT = { questions: 2, perSeconds: 3 } as const;

async function till(logger = createMemoryLogger(), staff?: readonly StaffConfig[]): Promise<Till> {
  const config = TillConfigSchema.parse({
    ...(staff === undefined ? {} : { staff }),
    store: { name: 'OPP shop', addressLines: [] },
    till: { id: 'T-O', name: 'Till O' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'demo',
    payment: null,
    online: { provider: 'opp', askEverySeconds: 5, opp: { entityId: ENTITY, statusLimit: LIMIT } },
    journal: { path: path.join(tempDir(), 'journal.sqlite') },
    catalog: { path: writeTestCatalog(tempDir()) },
  });
  const started = await startTill(config, { logger, version: 'test', env: {} });
  onTestFinished(() => started.close());
  return started;
}

function caller(t: Till): Call {
  return (channel, payload) => t.router.call(channel, payload, context);
}

/** The embedded simulator's control API, at the origin of a link's own page. */
function control(link: string) {
  const origin = new URL(link).origin;
  const post = async (where: string, body: object = {}) => {
    const answer = await fetch(`${origin}/_simulator/${where}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!answer.ok) throw new Error(`simulator ${where} answered ${String(answer.status)}: ${await answer.text()}`);
    return answer.json();
  };
  const get = async (where: string): Promise<unknown> => (await fetch(`${origin}/_simulator/${where}`)).json();
  return {
    origin,
    pay: (linkId: string) => post(`paybylink/${encodeURIComponent(linkId)}/pay`),
    fault: (fault: object) => post('faults', fault),
    calls: async () =>
      ((await get('calls')) as { calls: { method: string; path: string; atMs: number; throttled: boolean }[] }).calls,
    webhooks: async () =>
      ((await get('webhooks')) as { webhooks: { paymentId: string; resultCode: string; state: string }[] }).webhooks,
    links: async () => ((await get('links')) as { links: { merchantTransactionId: string }[] }).links,
  };
}

async function startLink(call: Call, saleId: string): Promise<PaymentAttemptView> {
  return PaymentAttemptViewSchema.parse(
    value(await call('payments.start', { saleId, tender: 'link' }), 'payments.start'),
  );
}

async function until(call: Call, attemptId: string, done: (view: PaymentAttemptView) => boolean) {
  for (let tries = 0; tries < 400; tries += 1) {
    const view = PaymentAttemptViewSchema.parse(value(await call('payments.get', { attemptId }), 'payments.get'));
    if (done(view)) return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`attempt ${attemptId} did not get there in 20 s`);
}

const linkIdOf = (view: PaymentAttemptView) => new URL(view.link?.url ?? 'http://x/').pathname.split('/').at(-1) ?? '';

/** No transaction asked about more often than the limit allows, in the simulator's own minute. */
function keptThePace(calls: { method: string; path: string; atMs: number; throttled: boolean }[]): void {
  const asked = new Map<string, number[]>();
  for (const call of calls) {
    if (call.method !== 'GET' || !/^\/v1\/(payments|query)/.test(call.path)) continue;
    asked.set(call.path, [...(asked.get(call.path) ?? []), call.atMs]);
  }
  for (const [where, times] of asked) {
    // Any limit+1 questions about one transaction span more than the simulator's minute (60 s of its time;
    // the till's clock and the simulator's differ by a request's travel, hence the tenth).
    times.slice(LIMIT.questions).forEach((at, index) => {
      expect(at - (times[index] ?? 0), where).toBeGreaterThan(60_000 * 0.9);
    });
  }
  expect(calls.filter((call) => call.throttled)).toEqual([]);
}

describe('a sale paid by an OPP link', { timeout: 30_000 }, () => {
  it('is paid by DB, and a lost webhook is settled by status at OPP’s pace', async () => {
    const t = await till();
    const call = caller(t);
    const sale = await ringUp(call, [{ code: 'CHE-001' }, { code: 'BAK-001' }]);
    const started = await startLink(call, sale.saleId);
    const live = await until(call, started.attemptId, (view) => view.link !== undefined);
    const opp = control(live.link?.url ?? '');

    await opp.fault({ fault: 'webhook-lost' });
    await opp.pay(linkIdOf(live));
    const approved = await until(call, started.attemptId, (view) => view.state === 'approved');
    expect(approved.authorisedMinor).toBe(539);
    expect(approved.terminalReference).toMatch(/^[0-9a-f]{32}$/);
    expect((await opp.webhooks()).map((webhook) => webhook.state)).toContain('lost');
    keptThePace(await opp.calls());

    const finished = SaleStepSchema.parse(value(await call('sales.complete', { saleId: sale.saleId }), 'complete'));
    expect(finished.finished?.sale.receiptNumber).toMatch(/^T-O-\d{6}$/);
    const x = DayReportSchema.parse(value(await call('day.xReport', { print: false }), 'day.xReport'));
    expect(x.tenders).toContainEqual({ kind: 'link', salesMinor: 539, refundsMinor: 0, netMinor: 539 });
  });

  it('takes the encrypted webhook on the till’s listener, stored once though OPP sends it twice', async () => {
    const t = await till();
    const call = caller(t);
    const sale = await ringUp(call, [{ code: 'CHE-001' }]);
    const started = await startLink(call, sale.saleId);
    const live = await until(call, started.attemptId, (view) => view.link !== undefined);
    const opp = control(live.link?.url ?? '');
    await opp.fault({ fault: 'webhook-doubled' });
    await opp.pay(linkIdOf(live));
    await until(call, started.attemptId, (view) => view.state === 'approved');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stored = t.books?.payments.inbox().filter((entry) => entry.kind === 'PAYMENT') ?? [];
    expect(stored).toHaveLength(1);
  });

  it('settles two contradicting final webhooks by one status question: approved once, money counted once', async () => {
    const t = await till();
    const call = caller(t);
    const sale = await ringUp(call, [{ code: 'WIN-001' }]);
    const started = await startLink(call, sale.saleId);
    const live = await until(call, started.attemptId, (view) => view.link !== undefined);
    const opp = control(live.link?.url ?? '');
    await opp.fault({ fault: 'webhook-contradicting' });
    await opp.pay(linkIdOf(live));
    await until(call, started.attemptId, (view) => view.state === 'approved');
    // The contradicting one (a decline after the success) arrives too, and changes nothing.
    for (let tries = 0; tries < 100; tries += 1) {
      if ((t.books?.payments.inbox().filter((entry) => entry.kind === 'PAYMENT').length ?? 0) >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(t.books?.payments.inbox().filter((entry) => entry.kind === 'PAYMENT')).toHaveLength(2);
    const after = await until(call, started.attemptId, () => true);
    expect(after).toMatchObject({ state: 'approved', authorisedMinor: 1250 });
    expect(
      service(t)
        .attemptsOf(sale.saleId)
        .filter((attempt) => attempt.state === 'approved'),
    ).toHaveLength(1);
  });

  it('finds the link a lost reply made, by its merchantTransactionId, and makes no second one', async () => {
    const t = await till();
    const call = caller(t);
    // The first link shows where the embedded simulator is; its reply to the next create is then lost.
    const first = await ringUp(call, [{ code: 'CHE-001' }]);
    const probe = await startLink(call, first.saleId);
    const probed = await until(call, probe.attemptId, (view) => view.link !== undefined);
    const opp = control(probed.link?.url ?? '');
    value(await call('payments.abort', { attemptId: probe.attemptId }), 'payments.abort');
    await until(call, probe.attemptId, (view) => view.state === 'cancelled');

    await opp.fault({ fault: 'drop-connection', applied: true, method: 'POST' });
    const sale = await ringUp(call, [{ code: 'MAG-001' }]);
    const started = await startLink(call, sale.saleId);
    const live = await until(call, started.attemptId, (view) => view.link !== undefined);
    const links = await opp.links();
    const serviceId = service(t).attempt(started.attemptId)?.serviceId;
    expect(links.filter((link) => link.merchantTransactionId === serviceId)).toHaveLength(1);
    await opp.pay(linkIdOf(live));
    await until(call, started.attemptId, (view) => view.state === 'approved');
  });

  it('turns away a forged webhook before storing it, and logs why without the body', async () => {
    const logger = createMemoryLogger();
    const t = await till(logger);
    const url = t.links?.listener?.url ?? '';
    const forged = await fetch(`${url}/opp/events`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        'x-initialization-vector': '3D575574536D450F71AC76D8',
        'x-authentication-tag': '19FDD068C6F383C173D3A906F7BD1D83',
      },
      body: Buffer.from('{"type":"PAYMENT","payload":{"id":"forged-1"}}').toString('hex'),
    });
    expect(forged.status).toBe(401);
    expect(logger.lines).toContainEqual(expect.objectContaining({ msg: 'webhooks.unauthentic' }));
    expect(JSON.stringify(logger.lines)).not.toContain('forged-1');
    expect(t.books?.payments.inbox()).toEqual([]);
  });
});

describe('money back on an OPP payment', { timeout: 30_000 }, () => {
  it('refunds part of a webshop payment by its id, and caps the rest at what OPP says is left', async () => {
    const t = await till();
    const call = caller(t);
    // The webshop pays through the same platform: find it through a link's address.
    const sale = await ringUp(call, [{ code: 'CHE-001' }]);
    const probe = await startLink(call, sale.saleId);
    const probed = await until(call, probe.attemptId, (view) => view.link !== undefined);
    const opp = control(probed.link?.url ?? '');
    value(await call('payments.abort', { attemptId: probe.attemptId }), 'payments.abort');
    await until(call, probe.attemptId, (view) => view.state === 'cancelled');
    const webshop = await fetch(`${opp.origin}/v1/payments`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer kassa-demo-opp-token',
        'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
      },
      body: new URLSearchParams({
        entityId: ENTITY,
        amount: '40.00',
        currency: 'EUR',
        paymentType: 'DB',
        paymentBrand: 'VISA',
        'card.number': '4200000000000000',
        'card.holder': 'Web Shopper',
        'card.expiryMonth': '12',
        'card.expiryYear': '2034',
        'card.cvv': '123',
        merchantTransactionId: 'WEB-2001',
      }).toString(),
    });
    const paid = (await webshop.json()) as { id: string };

    const found = OnlinePaymentViewSchema.parse(
      value(await call('refunds.findOnline', { reference: paid.id.toUpperCase() }), 'findOnline'),
    );
    expect(found).toMatchObject({ paymentId: paid.id, paidMinor: 4_000, refundableMinor: 4_000 });
    const refund = RefundViewSchema.parse(
      value(
        await call('refunds.startOnline', { paymentId: paid.id, amountMinor: 1_500, reason: 'Returned one item' }),
        'startOnline',
      ),
    );
    const attemptId = refund.parts[0]?.attempt?.attemptId ?? '';
    const done = await until(call, attemptId, (view) => view.state === 'approved');
    expect(done).toMatchObject({ authorisedMinor: 1_500 });
    let completed = RefundViewSchema.parse(value(await call('refunds.get', { refundId: refund.refundId }), 'get'));
    for (let tries = 0; tries < 100 && completed.state !== 'completed'; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      completed = RefundViewSchema.parse(value(await call('refunds.get', { refundId: refund.refundId }), 'get'));
    }
    expect(completed.parts).toEqual([expect.objectContaining({ kind: 'online', state: 'done', amountMinor: 1_500 })]);

    // OPP's report is throttled like the status: the next look waits for the platform's minute.
    await new Promise((resolve) => setTimeout(resolve, LIMIT.perSeconds * 1000 * (1 + JITTER_MARGIN)));
    const again = OnlinePaymentViewSchema.parse(
      value(await call('refunds.findOnline', { reference: paid.id }), 'find'),
    );
    expect(again).toMatchObject({ refundedMinor: 1_500, refundableMinor: 2_500 });
    await new Promise((resolve) => setTimeout(resolve, LIMIT.perSeconds * 1000 * (1 + JITTER_MARGIN)));
    const tooMuch = await call('refunds.startOnline', { paymentId: paid.id, amountMinor: 2_501, reason: 'Too much' });
    expect(tooMuch).toMatchObject({ ok: false });
  });
});

describe('deposits at an OPP till', { timeout: 30_000 }, () => {
  async function takeDeposit(call: Call, customer: string, amountMinor: number): Promise<DepositView> {
    return DepositViewSchema.parse(value(await call('deposits.take', { customer, amountMinor }), 'deposits.take'));
  }

  async function depositUntil(call: Call, depositId: string, done: (view: DepositView) => boolean) {
    for (let tries = 0; tries < 400; tries += 1) {
      const view = DepositViewSchema.parse(value(await call('deposits.get', { depositId }), 'deposits.get'));
      if (done(view)) return view;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`deposit ${depositId} did not get there in 20 s`);
  }

  /** The customer authorises the deposit on the link's page; its webhook is lost, so only asking finds it. */
  async function authorised(call: Call, taken: DepositView) {
    const live = await depositUntil(call, taken.depositId, (view) => view.holdAttempt.link !== undefined);
    const opp = control(live.holdAttempt.link?.url ?? '');
    await opp.fault({ fault: 'webhook-lost' });
    await opp.pay(linkIdOf(live.holdAttempt));
    const held = await depositUntil(call, taken.depositId, (view) => view.state === 'held');
    return { opp, held };
  }

  it('takes a deposit by PA link, captures part of it once at pick-up, each lost webhook settled by status', async () => {
    const t = await till();
    const call = caller(t);
    expect(t.info.deposits).toBe(true);
    value(await call('day.open', { floatMinor: 0 }), 'day.open');
    const taken = await takeDeposit(call, 'J. de Vries', 4_000);
    expect(taken).toMatchObject({ state: 'awaiting_customer', number: 'D-0001', amountMinor: 4_000 });
    const { opp, held } = await authorised(call, taken);
    expect(held.authorisedAt).toBeDefined();
    // Seven days unless the acquirer's configuration says otherwise.
    expect(Date.parse(held.expiresAt ?? '') - Date.parse(held.authorisedAt ?? '')).toBe(7 * 24 * 60 * 60 * 1000);
    expect(held).toMatchObject({ expiresSoon: false, expired: false });
    const listed = DepositListSchema.parse(value(await call('deposits.list', {}), 'deposits.list'));
    expect(listed.deposits.map((deposit) => deposit.depositId)).toEqual([taken.depositId]);

    // More than is held is refused before anything is sent.
    expect(await call('deposits.capture', { depositId: taken.depositId, amountMinor: 4_001 })).toMatchObject({
      ok: false,
    });
    await opp.fault({ fault: 'webhook-lost' });
    value(await call('deposits.capture', { depositId: taken.depositId, amountMinor: 1_500 }), 'deposits.capture');
    const captured = await depositUntil(call, taken.depositId, (view) => view.state === 'captured');
    expect(captured).toMatchObject({ capturedMinor: 1_500, actionAttempt: { kind: 'capture', state: 'approved' } });
    // Once: the rest stays with the customer.
    expect(await call('deposits.capture', { depositId: taken.depositId, amountMinor: 500 })).toMatchObject({
      ok: false,
    });
    expect((await opp.webhooks()).filter((webhook) => webhook.state === 'lost')).toHaveLength(2);
    keptThePace(await opp.calls());
    const gone = DepositListSchema.parse(value(await call('deposits.list', {}), 'deposits.list'));
    expect(gone.deposits).toEqual([]);

    const x = DayReportSchema.parse(value(await call('day.xReport', { print: false }), 'day.xReport'));
    expect(x.deposits).toEqual({
      taken: { count: 1, totalMinor: 4_000 },
      captured: { count: 1, totalMinor: 1_500 },
      released: { count: 0, totalMinor: 0 },
    });
    // A deposit is beside the takings, not in them.
    expect(x.netTakingsMinor).toBe(0);
  });

  it('lets the cashier lock the till while a deposit’s link waits for its customer, and asks a manager to capture', async () => {
    const staff = [
      { id: 'anna', name: 'Anna', role: 'cashier' as const, pinHash: await hashPin('1234') },
      { id: 'bo', name: 'Bo', role: 'manager' as const, pinHash: await hashPin('98765') },
    ];
    const t = await till(createMemoryLogger(), staff);
    const call = caller(t);
    value(await call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    const taken = await takeDeposit(call, 'K. Bakker', 3_000);
    await depositUntil(call, taken.depositId, (view) => view.holdAttempt.link !== undefined);
    // The customer may pay at home tonight: the till does not stay logged in for it.
    value(await call('staff.lock', {}), 'staff.lock');
    value(await call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    const { held } = await authorised(call, taken);
    expect(held.createdBy).toBe('anna');
    const refused = await call('deposits.capture', { depositId: taken.depositId, amountMinor: 3_000 });
    expect(refused.ok ? 'captured' : refused.error.code).toBe('APPROVAL_REQUIRED');
    value(
      await call('deposits.capture', {
        depositId: taken.depositId,
        amountMinor: 3_000,
        approval: { staffId: 'bo', pin: '98765' },
      }),
      'deposits.capture',
    );
    await depositUntil(call, taken.depositId, (view) => view.state === 'captured');
  });

  it('lets a sale be paid by link, and another deposit be taken, while a deposit waits for its customer', async () => {
    const t = await till();
    const call = caller(t);
    const waiting = await takeDeposit(call, 'P. Visser', 10_000);
    const live = await depositUntil(call, waiting.depositId, (view) => view.holdAttempt.link !== undefined);
    const second = await takeDeposit(call, 'M. de Boer', 2_000);
    await depositUntil(call, second.depositId, (view) => view.holdAttempt.link !== undefined);
    const sale = await ringUp(call, [{ code: 'CHE-001' }]);
    const started = await startLink(call, sale.saleId);
    const link = await until(call, started.attemptId, (view) => view.link !== undefined);
    await control(link.link?.url ?? '').pay(linkIdOf(link));
    await until(call, started.attemptId, (view) => view.state === 'approved');
    // The first customer authorises after all, later.
    await control(live.holdAttempt.link?.url ?? '').pay(linkIdOf(live.holdAttempt));
    await depositUntil(call, waiting.depositId, (view) => view.state === 'held');
    expect(
      DepositViewSchema.parse(value(await call('deposits.get', { depositId: second.depositId }), 'get')).state,
    ).toBe('awaiting_customer');
  });

  it('releases a deposit for a cancelled order, its lost webhook settled by status', async () => {
    const t = await till();
    const call = caller(t);
    value(await call('day.open', { floatMinor: 0 }), 'day.open');
    const taken = await takeDeposit(call, 'A. Jansen', 2_500);
    const { opp } = await authorised(call, taken);
    expect(await call('deposits.release', { depositId: taken.depositId, reason: '' })).toMatchObject({ ok: false });
    await opp.fault({ fault: 'webhook-lost' });
    // OPP takes the release at once but answers a simulated minute later: the day waits for it.
    await opp.fault({ fault: 'slow-answer', delayMs: 60_000, method: 'POST' });
    value(
      await call('deposits.release', { depositId: taken.depositId, reason: 'Order cancelled' }),
      'deposits.release',
    );
    const refused = await call('day.close', { countedCashMinor: 0 });
    expect(refused.ok ? 'closed' : `${refused.error.code}: ${refused.error.message}`).toMatch(
      /^CONFLICT: .*capture or release is on its way/,
    );
    const released = await depositUntil(call, taken.depositId, (view) => view.state === 'released');
    expect(released.releasedAt).toBeDefined();
    expect(released.capturedMinor).toBeUndefined();
    expect(await call('deposits.capture', { depositId: taken.depositId, amountMinor: 100 })).toMatchObject({
      ok: false,
    });
    keptThePace(await opp.calls());
    const x = DayReportSchema.parse(value(await call('day.xReport', { print: false }), 'day.xReport'));
    expect(x.deposits?.released).toEqual({ count: 1, totalMinor: 2_500 });
    expect(x.deposits?.captured).toEqual({ count: 0, totalMinor: 0 });
    const z = DayReportSchema.parse(value(await call('day.close', { countedCashMinor: 0 }), 'day.close'));
    expect(z.deposits?.released).toEqual({ count: 1, totalMinor: 2_500 });
  });
});

function service(t: Till) {
  const payments = t.links?.service;
  if (payments === undefined) throw new Error('no payment service');
  return payments;
}
