import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import { CHANNELS, type Channel } from '../../shared/ipc/channels.ts';
import type { ChannelRequest } from '../../shared/ipc/contract.ts';
import type { Result } from '../../shared/result.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { startFakePrinter } from '../printing/testing/fake-printer.ts';
import { writeTestCatalog } from '../testing/selling.ts';
import { startTill, type Till } from '../till.ts';
import { hashPin } from './pin-hash.ts';

/**
 * Every contract channel, tried locked, as a cashier and as a manager, through
 * the router of one till with staff set up, against a table written out by
 * hand of what a till should answer. The table is deliberately not derived
 * from CHANNEL_ACCESS: loosen (or tighten) any one rule in channel-access.ts
 * and a row here fails, naming the channel and who called it.
 *
 * - `refused`: the answer is exactly FORBIDDEN;
 * - `approval`: the answer is APPROVAL_REQUIRED: allowed once a manager's
 *   name and PIN come with the same request;
 * - `allowed`: anything else (ok, NOT_FOUND, CONFLICT, UNAVAILABLE...): the
 *   call got past the role check and the handler answered.
 * Each row carries a valid request, so the schema (checked before the role)
 * never answers first: a BAD_REQUEST fails the row.
 */

type Who = 'locked' | 'cashier' | 'manager';
type Answer = 'allowed' | 'refused' | 'approval';

interface Row<C extends Channel> {
  locked: Answer;
  cashier: Answer;
  manager: Answer;
  /** A request the channel's schema accepts; typed from the contract, so a contract change breaks the build. */
  request: ChannelRequest<C>;
}

/** A row for every channel (the compiler refuses a missing one): what a till should answer, by hand. */
const EXPECTED: { [C in Channel]: Row<C> } = {
  // What the lock screen and the status bar need: open to anyone.
  'till.getInfo': { locked: 'allowed', cashier: 'allowed', manager: 'allowed', request: {} },
  'devices.list': { locked: 'allowed', cashier: 'allowed', manager: 'allowed', request: {} },
  'diagnostics.reportRendererError': {
    locked: 'allowed',
    cashier: 'allowed',
    manager: 'allowed',
    request: { where: 'channel-access.test', message: 'A report from the test' },
  },
  'catalog.get': { locked: 'allowed', cashier: 'allowed', manager: 'allowed', request: {} },
  'staff.list': { locked: 'allowed', cashier: 'allowed', manager: 'allowed', request: {} },
  'staff.session': { locked: 'allowed', cashier: 'allowed', manager: 'allowed', request: {} },
  // The cashier's own PIN: it logs the cashier in, and burns no try.
  'staff.login': {
    locked: 'allowed',
    cashier: 'allowed',
    manager: 'allowed',
    request: { staffId: 'anna', pin: '1234' },
  },
  'staff.lock': { locked: 'allowed', cashier: 'allowed', manager: 'allowed', request: {} },

  // Keeping a session alive needs one.
  'staff.activity': { locked: 'refused', cashier: 'allowed', manager: 'allowed', request: {} },

  // Card payments: someone logged in; settling one by hand, a manager.
  'payments.start': { locked: 'refused', cashier: 'allowed', manager: 'allowed', request: { saleId: 'S-1' } },
  'payments.get': { locked: 'refused', cashier: 'allowed', manager: 'allowed', request: { attemptId: 'A-1' } },
  'payments.abort': { locked: 'refused', cashier: 'allowed', manager: 'allowed', request: { attemptId: 'A-1' } },
  'payments.checkStatus': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { attemptId: 'A-1' },
  },
  'payments.printLink': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { attemptId: 'A-1' },
  },
  'payments.emailLink': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { attemptId: 'A-1', address: 'customer@example.com' },
  },
  'payments.resolve': {
    locked: 'refused',
    cashier: 'refused',
    manager: 'allowed',
    request: {
      attemptId: 'A-1',
      outcome: 'approved',
      terminalReference: 'X-1',
      reason: 'Seen approved on the terminal',
      manager: 'Bo',
    },
  },
  'payments.unsettled': { locked: 'refused', cashier: 'allowed', manager: 'allowed', request: {} },

  // The sale: someone logged in.
  'sales.current': { locked: 'refused', cashier: 'allowed', manager: 'allowed', request: {} },
  'sales.addItem': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { saleId: 'S-1', code: 'BAK-001' },
  },
  'sales.addOpenItem': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { saleId: 'S-1', sku: 'MISC', priceMinor: 500 },
  },
  'sales.setQuantity': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { saleId: 'S-1', lineId: 'L1', quantity: 2 },
  },
  'sales.removeLine': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { saleId: 'S-1', lineId: 'L1' },
  },
  'sales.setDiscount': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { saleId: 'S-1', lineId: 'L1', discount: { kind: 'percent', basisPoints: 500 } },
  },
  'sales.overridePrice': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { saleId: 'S-1', lineId: 'L1', priceMinor: 100 },
  },
  'sales.payCash': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { saleId: 'S-1', tenderedMinor: 500 },
  },
  'sales.complete': { locked: 'refused', cashier: 'allowed', manager: 'allowed', request: { saleId: 'S-1' } },
  'sales.get': { locked: 'refused', cashier: 'allowed', manager: 'allowed', request: {} },
  'sales.park': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { saleId: 'S-1', note: 'blue coat' },
  },
  'sales.parked': { locked: 'refused', cashier: 'allowed', manager: 'allowed', request: {} },
  'sales.recall': { locked: 'refused', cashier: 'allowed', manager: 'allowed', request: { saleId: 'S-1' } },
  'sales.void': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { saleId: 'S-1', reason: 'customer left' },
  },

  // Receipts and the printer: someone logged in.
  'receipts.preview': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { receiptNumber: 'T-9-000001' },
  },
  'receipts.reprint': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { receiptNumber: 'T-9-000001' },
  },
  'receipts.jobs': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { receiptNumber: 'T-9-000001' },
  },
  'receipts.email': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { receiptNumber: 'T-1-000001', address: 'customer@example.com' },
  },
  'printer.retry': { locked: 'refused', cashier: 'allowed', manager: 'allowed', request: {} },

  // The drawer without a sale: a manager.
  'drawer.open': {
    locked: 'refused',
    cashier: 'approval',
    manager: 'allowed',
    request: { reason: 'Change for the float' },
  },

  // Looking back at sales (amounts, cards): someone logged in.
  'journal.search': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { receiptNumber: 'T-9-000001' },
  },
  'journal.sale': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { receiptNumber: 'T-9-000001' },
  },

  // Money back: a manager, for every step of it.
  'refunds.start': {
    locked: 'refused',
    cashier: 'approval',
    manager: 'allowed',
    request: { receiptNumber: 'T-9-000001', amountMinor: 100, reason: 'Goodwill' },
  },
  'refunds.startUnreferenced': {
    locked: 'refused',
    cashier: 'approval',
    manager: 'allowed',
    request: { amountMinor: 100, reason: 'No receipt with it', confirmed: true },
  },
  'refunds.findOnline': {
    locked: 'refused',
    cashier: 'approval',
    manager: 'allowed',
    request: { reference: '3136405348' },
  },
  'refunds.startOnline': {
    locked: 'refused',
    cashier: 'approval',
    manager: 'allowed',
    request: { paymentId: '3136405348', amountMinor: 500, reason: 'Returned in store' },
  },
  'refunds.get': { locked: 'refused', cashier: 'allowed', manager: 'allowed', request: { refundId: 'R-1' } },
  'refunds.open': { locked: 'refused', cashier: 'refused', manager: 'allowed', request: {} },
  'refunds.retry': { locked: 'refused', cashier: 'approval', manager: 'allowed', request: { refundId: 'R-1' } },
  'refunds.cancel': {
    locked: 'refused',
    cashier: 'approval',
    manager: 'allowed',
    request: { refundId: 'R-1', reason: 'Asked by mistake' },
  },

  // Deposits: a cashier takes one and follows it; the open list, a manager; capture and release, approvable.
  'deposits.take': {
    locked: 'refused',
    cashier: 'allowed',
    manager: 'allowed',
    request: { customer: 'J. de Vries', amountMinor: 5_000 },
  },
  'deposits.get': { locked: 'refused', cashier: 'allowed', manager: 'allowed', request: { depositId: 'D-1' } },
  'deposits.list': { locked: 'refused', cashier: 'refused', manager: 'allowed', request: {} },
  'deposits.capture': {
    locked: 'refused',
    cashier: 'approval',
    manager: 'allowed',
    request: { depositId: 'D-1', amountMinor: 2_500 },
  },
  'deposits.release': {
    locked: 'refused',
    cashier: 'approval',
    manager: 'allowed',
    request: { depositId: 'D-1', reason: 'Order cancelled' },
  },

  // The till day: opening it and seeing it, someone logged in; cash moves, X and Z reports, a manager.
  'day.current': { locked: 'refused', cashier: 'allowed', manager: 'allowed', request: {} },
  'day.open': { locked: 'refused', cashier: 'allowed', manager: 'allowed', request: { floatMinor: 10_000 } },
  'day.cashMove': {
    locked: 'refused',
    cashier: 'approval',
    manager: 'allowed',
    request: { kind: 'in', amountMinor: 500, reason: 'Change from the bank' },
  },
  'day.xReport': { locked: 'refused', cashier: 'approval', manager: 'allowed', request: {} },
  'day.close': { locked: 'refused', cashier: 'approval', manager: 'allowed', request: { countedCashMinor: 10_500 } },
  'day.reprintZ': { locked: 'refused', cashier: 'approval', manager: 'allowed', request: { zNumber: 1 } },
};

const PEOPLE = {
  cashier: { staffId: 'anna', pin: '1234' },
  manager: { staffId: 'bo', pin: '98765' },
} as const;

const WHO: readonly { who: Who; as: string }[] = [
  { who: 'locked', as: 'with the till locked' },
  { who: 'cashier', as: 'as a cashier' },
  { who: 'manager', as: 'as a manager' },
];

let till: Till;
/** What beforeAll started, stopped in reverse by afterAll (even when beforeAll failed halfway). */
const started: (() => unknown)[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kassa-access-'));
  started.push(() => rmSync(dir, { recursive: true, force: true }));
  const printer = await startFakePrinter();
  started.push(() => printer.close());
  const [cashier, manager] = await Promise.all([hashPin(PEOPLE.cashier.pin), hashPin(PEOPLE.manager.pin)]);
  const config = TillConfigSchema.parse({
    store: { name: 'Shop', addressLines: [] },
    till: { id: 'T-9', name: 'Till 9' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'training',
    payment: null,
    journal: { path: path.join(dir, 'journal.sqlite') },
    catalog: { path: writeTestCatalog(dir) },
    selling: { openItems: [{ sku: 'MISC', name: 'Miscellaneous', vatRate: 21, maxPrice: '50.00' }] },
    printer: { url: printer.url, drawer: { pin: 2, pulseMs: 100 } },
    staff: [
      { id: PEOPLE.cashier.staffId, name: 'Anna', role: 'cashier', pinHash: cashier },
      { id: PEOPLE.manager.staffId, name: 'Bo', role: 'manager', pinHash: manager },
    ],
  });
  till = await startTill(config, { logger: createMemoryLogger(), version: 'test', env: {} });
  started.push(() => till.close());
});

afterAll(async () => {
  for (const stop of started.reverse()) await stop();
});

/**
 * Puts the right person at the till, through the staff service itself (not
 * the router, whose rules are under test). Logs in only when someone else is
 * there: each login is a slow hash, and every PIN here is right, so no try
 * counts towards a lockout.
 */
async function become(who: Who): Promise<void> {
  const operator = till.staff.session().operator;
  if (who === 'locked') {
    if (operator !== null) till.staff.lock();
  } else if (operator?.staffId !== PEOPLE[who].staffId) {
    await till.staff.login(PEOPLE[who].staffId, PEOPLE[who].pin);
  }
  expect(till.staff.session().operator?.role ?? 'locked', `the test could not make the till ${who}`).toBe(who);
}

function said(answer: Result<unknown>): string {
  return answer.ok ? 'ok' : `${answer.error.code} “${answer.error.message}”`;
}

describe('who may call each channel at a till with staff', () => {
  it('has a row for every channel the router answers, and staff set up', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...till.router.channels].sort());
    expect(till.staff.loginRequired).toBe(true);
  });

  // Grouped by who calls, so the till changes hands a few times instead of on every row.
  describe.each(WHO)('$as', ({ who, as }) => {
    it.each(CHANNELS.map((channel) => [channel, EXPECTED[channel][who]] as const))(
      '%s is %s',
      async (channel, expected) => {
        await become(who);
        const answer = await till.router.call(channel, EXPECTED[channel].request, { transport: 'in-process' });
        expect(
          answer.ok || answer.error.code !== 'BAD_REQUEST',
          `${channel}: the sample request in the table must pass the schema, but got ${said(answer)}`,
        ).toBe(true);
        const got: Answer = answer.ok
          ? 'allowed'
          : answer.error.code === 'FORBIDDEN'
            ? 'refused'
            : answer.error.code === 'APPROVAL_REQUIRED'
              ? 'approval'
              : 'allowed';
        expect(got, `${channel} ${as} must be ${expected}, but the till answered ${said(answer)}`).toBe(expected);
      },
    );
  });
});
