import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { TillConfigSchema } from '../../../shared/config/schema.ts';
import { PaymentAttemptViewSchema, type PaymentAttemptView } from '../../../shared/payments/payment-state.ts';
import { OnlinePaymentViewSchema } from '../../../shared/refunds/online-refund.ts';
import { RefundViewSchema } from '../../../shared/refunds/refund.ts';
import { SaleStepSchema } from '../../../shared/sale/sale-commands.ts';
import { createMemoryLogger } from '../../logging/logger.ts';
import { startWorldnetSimulator, type WorldnetSimulator } from '../../simulators/worldnet/simulator.ts';
import { ringUp, value, writeTestCatalog, type Call } from '../../testing/selling.ts';
import { tempDir } from '../../testing/temp-dir.ts';
import { startTill, type Till } from '../../till.ts';

/**
 * Worldnet at the till, as the screen reaches it: a demo till pointed at a
 * Worldnet simulator of the test's own, a real journal in a temp dir, and the
 * till's public address a proxy the test can switch off (the store's link
 * to the internet going down). The customer is played by fetching the link's
 * page and posting its form to the simulator, as a phone's browser would.
 */

const context = { transport: 'in-process' } as const;
const TERMINAL = '4479001';
const SECRET = 'worldnet-till-test-secret';
const API_KEY = 'worldnet-till-test-api-key';

/** The store's public address: forwards to the till's listener while up, refuses while down. */
async function publicAddress() {
  let target: string | undefined;
  let up = true;
  const server: Server = createServer((incoming, outgoing) => {
    if (!up || target === undefined) {
      outgoing.writeHead(502).end('Bad gateway');
      return;
    }
    const forward = httpRequest(
      `${target}${incoming.url ?? '/'}`,
      { method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    forwardTo: (url: string) => {
      target = url;
    },
    set: (state: 'up' | 'down') => {
      up = state === 'up';
    },
  };
}

async function worldnet(): Promise<WorldnetSimulator> {
  const simulator = await startWorldnetSimulator({
    terminalId: TERMINAL,
    secret: SECRET,
    apiKey: API_KEY,
    // A retry schedule of 1 and 2 simulated minutes, a simulated minute a tenth of a second.
    retrySchedule: [60_000, 120_000],
    timeScale: 1 / 600,
  });
  onTestFinished(() => simulator.close());
  return simulator;
}

async function till(simulator: WorldnetSimulator, publicUrl: string, logger = createMemoryLogger()): Promise<Till> {
  const config = TillConfigSchema.parse({
    store: { name: 'Worldnet shop', addressLines: [] },
    till: { id: 'T-W', name: 'Till W' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'demo',
    payment: null,
    online: {
      provider: 'worldnet',
      askEverySeconds: 5,
      worldnet: { baseUrl: simulator.url, terminalId: TERMINAL, secret: SECRET, apiKey: API_KEY },
    },
    webhooks: { listen: '127.0.0.1:0', username: 'unused-adyen', password: 'unused-adyen-password', publicUrl },
    journal: { path: path.join(tempDir(), 'journal.sqlite') },
    catalog: { path: writeTestCatalog(tempDir()) },
  });
  const started = await startTill(config, { logger, version: 'test', env: {} });
  onTestFinished(() => started.close());
  return started;
}

const caller =
  (t: Till): Call =>
  (channel, payload) =>
    t.router.call(channel, payload, context);

async function until(call: Call, attemptId: string, done: (view: PaymentAttemptView) => boolean) {
  for (let tries = 0; tries < 200; tries += 1) {
    const view = PaymentAttemptViewSchema.parse(value(await call('payments.get', { attemptId }), 'payments.get'));
    if (done(view)) return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`attempt ${attemptId} did not get there in 10 s`);
}

/** Posts the till's link page's form to Worldnet's hosted page, as the phone's browser does: the fields it sent. */
async function openHostedPage(html: string): Promise<{ fields: URLSearchParams; hosted: Response }> {
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1] ?? '';
  const fields = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([A-Z]+)" value="([^"]*)">/g)) {
    fields.append(match[1] ?? '', (match[2] ?? '').replaceAll('&amp;', '&').replaceAll('&quot;', '"'));
  }
  const hosted = await fetch(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
  });
  return { fields, hosted };
}

/** The customer's phone: opens the link, posts its form to Worldnet, pays there. */
async function payOnPhone(simulator: WorldnetSimulator, link: string) {
  const page = await fetch(link);
  expect(page.status).toBe(200);
  const { fields, hosted } = await openHostedPage(await page.text());
  expect(hosted.status, await hosted.text()).toBe(200);
  return simulator.control.pay(fields.get('ORDERID') ?? '');
}

async function linkFor(call: Call, saleId: string) {
  const started = PaymentAttemptViewSchema.parse(
    value(await call('payments.start', { saleId, tender: 'link' }), 'payments.start'),
  );
  return until(call, started.attemptId, (view) => view.link !== undefined);
}

describe('a sale paid on Worldnet’s hosted page', { timeout: 30_000 }, () => {
  it('completes once the background validation is stored and answered OK', async () => {
    const simulator = await worldnet();
    const address = await publicAddress();
    const t = await till(simulator, address.url);
    address.forwardTo(t.links?.listener?.url ?? '');
    const call = caller(t);
    const sale = await ringUp(call, [{ code: 'CHE-001' }, { code: 'BAK-001' }]);
    const live = await linkFor(call, sale.saleId);
    expect(live.link?.url).toMatch(new RegExp(`^${address.url}/worldnet/pay/KN[0-9A-F]{20}$`));

    const paid = await payOnPhone(simulator, live.link?.url ?? '');
    const approved = await until(call, live.attemptId, (view) => view.state === 'approved');
    expect(approved).toMatchObject({ authorisedMinor: 539, terminalReference: paid.transaction?.uniqueReference });
    await simulator.control.validationsIdle();
    expect(
      simulator.control.validations().flatMap((sent) => sent.attempts.map((tried) => [tried.status, tried.body])),
    ).toEqual([[200, 'OK']]);
    const finished = SaleStepSchema.parse(value(await call('sales.complete', { saleId: sale.saleId }), 'complete'));
    expect(finished.finished?.sale.receiptNumber).toMatch(/^T-W-\d{6}$/);
    // The page ends with the link: a second visit cannot post the order again.
    expect((await fetch(live.link?.url ?? '')).status).toBe(410);
  });

  it('is completed by Worldnet’s retry when the first validation cannot reach the till', async () => {
    const simulator = await worldnet();
    const address = await publicAddress();
    const t = await till(simulator, address.url);
    address.forwardTo(t.links?.listener?.url ?? '');
    const call = caller(t);
    const sale = await ringUp(call, [{ code: 'CHE-001' }]);
    const live = await linkFor(call, sale.saleId);
    const page = await fetch(live.link?.url ?? '');
    expect(page.status).toBe(200);
    // The phone has the page; then the store's line goes down before Worldnet's validation comes.
    address.set('down');
    const { fields } = await openHostedPage(await page.text());
    simulator.control.pay(fields.get('ORDERID') ?? '');
    const tries = () =>
      simulator.control
        .validations()
        .flatMap((sent) => sent.attempts.flatMap((tried) => (tried.status === undefined ? [] : [tried.status])));
    for (let waited = 0; waited < 100 && tries().length === 0; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(tries()).toEqual([502]);
    address.set('up');
    await until(call, live.attemptId, (view) => view.state === 'approved');
    await simulator.control.validationsIdle();
    expect(tries()).toEqual([502, 200]);
    expect(simulator.control.emails()).toEqual([]);
  });

  it('flags for a manager, never drops, an approval Worldnet validates after the link was cancelled', async () => {
    const simulator = await worldnet();
    const address = await publicAddress();
    const t = await till(simulator, address.url);
    address.forwardTo(t.links?.listener?.url ?? '');
    const call = caller(t);
    const sale = await ringUp(call, [{ code: 'CHE-001' }]);
    const live = await linkFor(call, sale.saleId);
    // The phone is on Worldnet's page already when the cashier cancels the link.
    const { fields } = await openHostedPage(await (await fetch(live.link?.url ?? '')).text());
    value(await call('payments.abort', { attemptId: live.attemptId }), 'payments.abort');
    await until(call, live.attemptId, (view) => view.state === 'cancelled');

    // The customer pays all the same: the validation is stored, answered OK, and a manager hears of it.
    simulator.control.pay(fields.get('ORDERID') ?? '');
    const flagged = await until(call, live.attemptId, (view) => view.state === 'needs_attention');
    expect(flagged).toMatchObject({ attention: 'conflicting_result', authorisedMinor: 350 });
    await simulator.control.validationsIdle();
    expect(simulator.control.validations().flatMap((sent) => sent.attempts.map((tried) => tried.body))).toEqual(['OK']);
    const unsettled = value(await call('payments.unsettled', {}), 'payments.unsettled') as { attemptId: string }[];
    expect(unsettled.map((attempt) => attempt.attemptId)).toContain(live.attemptId);
  });

  it('refuses a forged validation, and the sale stays unpaid', async () => {
    const simulator = await worldnet();
    const address = await publicAddress();
    const logger = createMemoryLogger();
    const t = await till(simulator, address.url, logger);
    address.forwardTo(t.links?.listener?.url ?? '');
    const call = caller(t);
    const sale = await ringUp(call, [{ code: 'CHE-001' }]);
    const live = await linkFor(call, sale.saleId);
    const orderId = new URL(live.link?.url ?? 'http://x/').pathname.split('/').at(-1) ?? '';
    const forged = await fetch(`${address.url}/worldnet/validation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        TERMINALID: TERMINAL,
        UNIQUEREF: 'FORGED0001',
        ORDERID: orderId,
        AMOUNT: '4.39',
        DATETIME: '6-12-2026:14:02:09:120',
        RESPONSECODE: 'A',
        RESPONSETEXT: 'APPROVAL',
        APPROVALCODE: '123456',
        HASH: 'a'.repeat(128),
      }).toString(),
    });
    expect(forged.status).toBe(401);
    expect(await forged.text()).not.toBe('OK');
    const after = await until(call, live.attemptId, () => true);
    expect(after.state).not.toBe('approved');
    expect(t.books?.payments.inbox()).toEqual([]);
  });

  it('refunds part of a Worldnet payment by its UNIQUEREF, capped at what is left', async () => {
    const simulator = await worldnet();
    const address = await publicAddress();
    const t = await till(simulator, address.url);
    address.forwardTo(t.links?.listener?.url ?? '');
    const call = caller(t);
    const sale = await ringUp(call, [{ code: 'WIN-001' }]);
    const live = await linkFor(call, sale.saleId);
    const paid = await payOnPhone(simulator, live.link?.url ?? '');
    await until(call, live.attemptId, (view) => view.state === 'approved');
    const reference = paid.transaction?.uniqueReference ?? '';
    const found = OnlinePaymentViewSchema.parse(value(await call('refunds.findOnline', { reference }), 'find'));
    expect(found).toMatchObject({ paymentId: reference, paidMinor: 1_250, refundableMinor: 1_250 });
    const refund = RefundViewSchema.parse(
      value(
        await call('refunds.startOnline', { paymentId: reference, amountMinor: 500, reason: 'Returned a bottle' }),
        'startOnline',
      ),
    );
    const attemptId = refund.parts[0]?.attempt?.attemptId ?? '';
    await until(call, attemptId, (view) => view.state === 'approved');
    const again = OnlinePaymentViewSchema.parse(value(await call('refunds.findOnline', { reference }), 'find'));
    expect(again).toMatchObject({ refundedMinor: 500, refundableMinor: 750 });
    expect(
      await call('refunds.startOnline', { paymentId: reference, amountMinor: 751, reason: 'Too much' }),
    ).toMatchObject({ ok: false });
  });
});
