import path from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import type { CartLine } from '../../shared/sale/cart.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { startFakePrinter } from '../printing/testing/fake-printer.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { startTill } from '../till.ts';
import { CHANNEL_ACCESS } from './channel-access.ts';
import { hashPin } from './pin-hash.ts';

/** Role checks as the renderer meets them: through the router of a started till with staff set up. */

const context = { transport: 'in-process' } as const;
const LINES: CartLine[] = [
  { lineId: 'l-1', sku: 'BAK-001', name: 'White bread', unitPriceMinor: 189, quantity: 1, vatBasisPoints: 900 },
];
let hashes: { cashier: string; manager: string };

beforeAll(async () => {
  hashes = { cashier: await hashPin('1234'), manager: await hashPin('98765') };
});

async function staffedTill() {
  const printer = await startFakePrinter();
  onTestFinished(() => printer.close());
  const config = TillConfigSchema.parse({
    store: { name: 'Shop', addressLines: [] },
    till: { id: 'T-9', name: 'Till 9' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'training',
    payment: null,
    journal: { path: path.join(tempDir(), 'journal.sqlite') },
    printer: { url: printer.url, drawer: { pin: 2, pulseMs: 100 } },
    staff: [
      { id: 'anna', name: 'Anna', role: 'cashier', pinHash: hashes.cashier },
      { id: 'bo', name: 'Bo', role: 'manager', pinHash: hashes.manager },
    ],
  });
  const till = await startTill(config, { logger: createMemoryLogger(), version: 'test', env: {} });
  onTestFinished(() => till.close());
  const call = (channel: string, payload: unknown) => till.router.call(channel, payload, context);
  return { till, call };
}

describe('who may do what at a till with staff', () => {
  it('refuses to sell while the till is locked, and sells once a cashier has logged in', async () => {
    const { call } = await staffedTill();
    const sale = { saleId: 'S-1', lines: LINES, cashTendered: [189], cardAttemptIds: [] };

    expect(await call('staff.session', {})).toEqual({ ok: true, value: { loginRequired: true, operator: null } });
    expect(await call('sales.complete', sale)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'The till is locked. Log in with your PIN first.' },
    });
    expect(await call('staff.login', { staffId: 'anna', pin: '0000' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Wrong PIN. 4 tries left.' },
    });
    expect(await call('staff.login', { staffId: 'anna', pin: '1234' })).toMatchObject({
      ok: true,
      value: { operator: { staffId: 'anna', role: 'cashier' } },
    });
    expect(await call('sales.complete', sale)).toMatchObject({ ok: true });

    await call('staff.lock', {});
    expect(await call('sales.park', { saleId: 'S-2', lines: LINES })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('keeps the drawer and manual card resolutions for managers, and names the manager in the audit log', async () => {
    const { till, call } = await staffedTill();
    await call('staff.login', { staffId: 'anna', pin: '1234' });

    expect(await call('drawer.open', { reason: 'Change for the float' })).toEqual({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: 'Only a manager can open the cash drawer without a sale. Ask a manager to log in.',
      },
    });
    expect(
      await call('payments.resolve', {
        attemptId: 'A-1',
        outcome: 'approved',
        manager: 'Anna',
        reason: 'Saw it on the terminal',
        terminalReference: 'X',
      }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    await call('staff.login', { staffId: 'bo', pin: '98765' });
    expect(await call('drawer.open', { reason: 'Change for the float' })).toEqual({
      ok: true,
      value: { drawer: 'opened' },
    });
    expect(till.sales?.audit.recent(1)).toMatchObject([
      { action: 'drawer.opened_without_sale', actor: 'bo', reason: 'Change for the float' },
    ]);
  });

  it('lets the lock screen and the status bar work while locked, and nothing that moves money or paper', () => {
    const open = Object.entries(CHANNEL_ACCESS)
      .filter(([, access]) => access === 'open')
      .map(([channel]) => channel);
    expect(open.sort()).toEqual([
      'catalog.get',
      'devices.list',
      'diagnostics.reportRendererError',
      'payments.get',
      'payments.unsettled',
      'receipts.jobs',
      'staff.list',
      'staff.lock',
      'staff.login',
      'staff.session',
      'till.getInfo',
    ]);
  });
});
