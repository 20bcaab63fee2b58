import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { z } from 'zod';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import type { Channel } from '../../shared/ipc/channels.ts';
import { contract } from '../../shared/ipc/contract.ts';
import { PaymentAttemptViewSchema } from '../../shared/payments/payment-state.ts';
import { ParkedListSchema, SaleStepSchema } from '../../shared/sale/sale-commands.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { startFakePrinter } from '../printing/testing/fake-printer.ts';
import { startAdyenSimulator } from '../simulators/adyen/simulator.ts';
import { currentSale, payCash, ringUp, value, writeTestCatalog } from '../testing/selling.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { startTill } from '../till.ts';
import { APPROVABLE } from './channel-access.ts';
import { hashPin } from './pin-hash.ts';
import { createStaffService } from './staff-service.ts';

/**
 * A manager's approval typed at a cashier's till, and the sale a cashier
 * leaves open at Lock, through the router of a started till with staff, a
 * real journal in a temp dir, a fake printer and (for cards) the Adyen simulator.
 */

const context = { transport: 'in-process' } as const;
const BO = { staffId: 'bo', pin: '98765' };
let hashes: { cashier: string; manager: string; other: string };

beforeAll(async () => {
  hashes = { cashier: await hashPin('1234'), manager: await hashPin('98765'), other: await hashPin('5555') };
});

async function staffedTill(options: { journal?: string; payment?: Record<string, unknown> } = {}) {
  const dir = tempDir();
  const printer = await startFakePrinter();
  onTestFinished(() => printer.close());
  const config = TillConfigSchema.parse({
    store: { name: 'Shop', addressLines: [] },
    till: { id: 'T-9', name: 'Till 9' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: options.payment === undefined ? 'training' : 'demo',
    payment: options.payment ?? null,
    journal: { path: options.journal ?? path.join(dir, 'journal.sqlite') },
    catalog: { path: writeTestCatalog(dir) },
    printer: { url: printer.url, drawer: { pin: 2, pulseMs: 100 } },
    staff: [
      { id: 'anna', name: 'Anna', role: 'cashier', pinHash: hashes.cashier },
      { id: 'bo', name: 'Bo', role: 'manager', pinHash: hashes.manager },
      { id: 'cas', name: 'Cas', role: 'cashier', pinHash: hashes.other },
    ],
  });
  const till = await startTill(config, { logger: createMemoryLogger(), version: 'test', env: {} });
  onTestFinished(() => till.close());
  const call = (channel: Channel, payload: unknown) => till.router.call(channel, payload, context);
  return { till, call, printer };
}

async function cardTerminal(): Promise<Record<string, unknown>> {
  const simulator = await startAdyenSimulator({
    logger: createMemoryLogger(),
    apiKey: 'staff-test-key',
    timeScale: 0.01,
    merchantAccount: 'TestShop',
    terminals: [{ poiid: 'V400m-324688179' }],
  });
  onTestFinished(() => simulator.close());
  return {
    provider: 'adyen',
    adyen: { poiId: 'V400m-324688179', merchantAccount: 'TestShop', baseUrl: simulator.url, apiKey: 'staff-test-key' },
  };
}

describe("a manager's approval at a cashier's till", () => {
  it('gives every approvable call an optional approval in its request, and nothing else', () => {
    for (const channel of APPROVABLE) {
      const request: z.ZodType = contract[channel].request;
      expect(request instanceof z.ZodObject ? Object.keys(request.shape) : [], channel).toContain('approval');
    }
  });

  it('opens the drawer for a cashier once a manager typed their PIN: refused without, counted when wrong, audited when right', async () => {
    const { till, call, printer } = await staffedTill();
    value(await call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    // ESC p: the drawer's kick-out pulse.
    const kicked = () => printer.received().includes(Buffer.from([0x1b, 0x70]));

    expect(await call('drawer.open', { reason: 'Change for the float' })).toEqual({
      ok: false,
      error: {
        code: 'APPROVAL_REQUIRED',
        message: 'Only a manager can open the cash drawer without a sale. Ask a manager to approve it with their PIN.',
      },
    });
    expect(
      await call('drawer.open', { reason: 'Change for the float', approval: { staffId: 'bo', pin: '00000' } }),
    ).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Wrong PIN. 4 tries left.' } });
    // A cashier cannot approve for a cashier, however right their PIN.
    expect(
      await call('drawer.open', { reason: 'Change for the float', approval: { staffId: 'cas', pin: '5555' } }),
    ).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Cas is not a manager. A manager must approve this.' },
    });
    expect(kicked()).toBe(false);

    expect(await call('drawer.open', { reason: 'Change for the float', approval: BO })).toEqual({
      ok: true,
      value: { drawer: 'opened' },
    });
    await vi.waitFor(() => expect(kicked()).toBe(true));
    expect(till.staff.session().operator?.staffId).toBe('anna');
    expect(till.books?.audit.recent(2)).toMatchObject([
      { action: 'drawer.opened_without_sale', actor: 'anna', reason: 'Change for the float' },
      {
        action: 'approval.given',
        actor: 'anna',
        detail: { channel: 'drawer.open', what: 'open the cash drawer without a sale', approvedBy: 'bo' },
      },
    ]);
  });

  it("counts wrong approval PINs towards the manager's own lockout", async () => {
    const { call } = await staffedTill();
    value(await call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    for (let guess = 0; guess < 4; guess += 1) {
      await call('day.xReport', { approval: { staffId: 'bo', pin: '00000' } });
    }
    expect(await call('day.xReport', { approval: { staffId: 'bo', pin: '00000' } })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Too many wrong PINs for Bo. Try again in 5 minutes, or ask a manager.' },
    });
    expect(await call('day.xReport', { approval: BO })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('staff.login', BO)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('closes the day for a cashier with a manager’s approval, the approval in the audit log', async () => {
    const { till, call } = await staffedTill();
    value(await call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    value(await call('day.open', { floatMinor: 10_000 }), 'day.open');
    expect(await call('day.close', { countedCashMinor: 10_000 })).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_REQUIRED' },
    });
    expect(await call('day.close', { countedCashMinor: 10_000, approval: BO })).toMatchObject({
      ok: true,
      value: { kind: 'Z' },
    });
    expect(till.books?.audit.recent(5)).toContainEqual(
      expect.objectContaining({
        action: 'approval.given',
        actor: 'anna',
        detail: { channel: 'day.close', what: 'close the till day', approvedBy: 'bo' },
      }),
    );
  });

  it('voids a sale a card has paid part of for a cashier, with a manager’s approval, and says who approved', async () => {
    const { till, call } = await staffedTill({ payment: await cardTerminal() });
    value(await call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    // 19.06: the simulated card covers half, 9.53.
    const sale = await ringUp(call, [{ code: 'GIF-001' }]);
    const card = PaymentAttemptViewSchema.parse(value(await call('payments.start', { saleId: sale.saleId }), 'card'));
    await till.payments?.service.whenSettled(card.attemptId);

    const voiding = { saleId: sale.saleId, reason: 'customer has no more money' };
    expect(await call('sales.void', voiding)).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });
    expect(await call('sales.void', { ...voiding, approval: { staffId: 'bo', pin: '11111' } })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Wrong PIN. 4 tries left.' },
    });
    expect((await currentSale(call)).saleId).toBe(sale.saleId);

    const voided = SaleStepSchema.parse(value(await call('sales.void', { ...voiding, approval: BO }), 'void'));
    expect(voided.sale.lines).toEqual([]);
    expect(till.staff.session().operator?.staffId).toBe('anna');
    expect(till.books?.audit.recent(1)).toMatchObject([
      {
        action: 'sale.voided',
        actor: 'anna',
        detail: {
          saleId: sale.saleId,
          approvedBy: 'bo',
          cardsToGiveBack: [{ attemptId: card.attemptId, amountMinor: 953 }],
        },
      },
    ]);
  });
});

describe('a sale left open at Lock', () => {
  it('is parked for the cashier who rang it: the next person starts empty, and it is back when its cashier logs in', async () => {
    const { call } = await staffedTill();
    value(await call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    const annas = await ringUp(call, [{ code: 'BAK-001' }, { code: 'CHE-001', quantity: 2 }]);

    value(await call('staff.lock', {}), 'lock');
    value(await call('staff.login', { staffId: 'cas', pin: '5555' }), 'login');
    const forCas = await currentSale(call);
    expect(forCas.lines).toEqual([]);
    expect(forCas.saleId).not.toBe(annas.saleId);
    expect(ParkedListSchema.parse(value(await call('sales.parked', {}), 'parked'))).toMatchObject([
      { saleId: annas.saleId, lineCount: 2, totalMinor: 189 + 700, parkedBy: 'Anna', atLock: true },
    ]);
    // Cas rings and locks too: each sale is kept for its own cashier.
    const cass = await ringUp(call, [{ code: 'MAG-001' }]);
    value(await call('staff.lock', {}), 'lock');

    value(await call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    const back = await currentSale(call);
    expect(back.saleId).toBe(annas.saleId);
    expect(back.lines.map((line) => [line.sku, line.quantity])).toEqual([
      ['BAK-001', 1],
      ['CHE-001', 2],
    ]);
    expect(ParkedListSchema.parse(value(await call('sales.parked', {}), 'parked'))).toMatchObject([
      { saleId: cass.saleId, parkedBy: 'Cas', atLock: true },
    ]);
  });

  it('keeps it for its cashier across a restart of the till', async () => {
    const journal = path.join(tempDir(), 'journal.sqlite');
    const first = await staffedTill({ journal });
    value(await first.call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    const annas = await ringUp(first.call, [{ code: 'WIN-001' }]);
    value(await first.call('staff.lock', {}), 'lock');
    await first.till.close();

    const second = await staffedTill({ journal });
    value(await second.call('staff.login', { staffId: 'bo', pin: '98765' }), 'login');
    expect((await currentSale(second.call)).lines).toEqual([]);
    value(await second.call('staff.lock', {}), 'lock');
    value(await second.call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    expect((await currentSale(second.call)).saleId).toBe(annas.saleId);
  });

  it('cannot put aside a sale with cash on it: the lock is refused and the cashier stays with it', async () => {
    const { till, call } = await staffedTill();
    value(await call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    const sale = await ringUp(call, [{ code: 'WIN-001' }]);
    await payCash(call, sale.saleId, 500);

    expect(await call('staff.lock', {})).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message:
          'Money has been taken on this sale, so it cannot be put aside. Finish the sale (or void it and give the money back) before locking the till.',
      },
    });
    expect(till.staff.session().operator?.staffId).toBe('anna');
    expect((await currentSale(call)).saleId).toBe(sale.saleId);
    expect(ParkedListSchema.parse(value(await call('sales.parked', {}), 'parked'))).toEqual([]);
  });
});

describe('the idle lock and a sale that cannot be put aside', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits while a leave listener refuses, and locks once it no longer does', async () => {
    vi.useFakeTimers();
    const staff = createStaffService({
      staff: [{ id: 'anna', name: 'Anna', role: 'cashier', pinHash: hashes.cashier }],
      clock: { now: () => new Date() },
      logger: createMemoryLogger(),
      idleLockMs: 60_000,
    });
    onTestFinished(() => staff.close());
    let moneyOnSale = true;
    const left: string[] = [];
    staff.onLeave((leaving, why) => {
      if (moneyOnSale) throw new Error('money on the sale');
      left.push(`${leaving.staffId} ${why}`);
    });
    await staff.login('anna', '1234');

    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(staff.session().operator?.staffId).toBe('anna');
    moneyOnSale = false;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(staff.session().operator).toBeNull();
    expect(left).toEqual(['anna idle']);
  });
});
