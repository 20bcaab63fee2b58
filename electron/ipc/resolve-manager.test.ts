import path from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import type { Channel } from '../../shared/ipc/channels.ts';
import { createEventHub } from '../events/event-hub.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { createPaymentService } from '../payments/payment-service.ts';
import { hashPin } from '../staff/pin-hash.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { openTillBooks } from '../till-books.ts';
import { createTill } from '../till.ts';
import { recordStuckPayment, UNASKED_TERMINAL } from '../payments/testing/stuck-payment.ts';

/**
 * Who settles a card payment by hand is decided in main, not typed on the
 * screen: on a till with staff, the manager logged in or a manager who types
 * their PIN at the till (a cashier stays logged in); a typed name counts only
 * on a till without staff. The audit row names the manager's staff id.
 */

const AT = '2026-12-04T10:00:00.000Z';
const context = { transport: 'in-process' } as const;
let hashes: { cashier: string; manager: string };

beforeAll(async () => {
  hashes = { cashier: await hashPin('1234'), manager: await hashPin('98765') };
});

const provider = UNASKED_TERMINAL;

/** A till whose one card payment waits for a manager, as a crash and a failed status check leave it. */
function tillWithStuckPayment(withStaff: boolean) {
  const books = openTillBooks(path.join(tempDir(), 'journal.sqlite'), {
    tillId: 'T-1',
    currency: 'EUR',
    mode: 'training',
  });
  const attemptId = recordStuckPayment(books.payments, AT);
  const config = TillConfigSchema.parse({
    store: { name: 'Shop', addressLines: [] },
    till: { id: 'T-1', name: 'Till 1' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'training',
    payment: null,
    ...(withStaff
      ? {
          staff: [
            { id: 'anna', name: 'Anna', role: 'cashier', pinHash: hashes.cashier },
            { id: 'bo', name: 'Bo', role: 'manager', pinHash: hashes.manager },
          ],
        }
      : {}),
  });
  const logger = createMemoryLogger();
  const events = createEventHub(logger);
  const service = createPaymentService({ book: books.payments, provider, currency: 'EUR', logger, events });
  const till = createTill(config, {
    logger,
    version: 'test',
    books,
    events,
    payments: {
      service,
      book: books.payments,
      listener: undefined,
      recovered: Promise.resolve(),
      close: () => service.close(),
    },
  });
  onTestFinished(async () => {
    await till.close();
    books.close();
  });
  const call = (channel: Channel, payload: unknown) => till.router.call(channel, payload, context);
  const resolution = {
    attemptId,
    outcome: 'approved',
    terminalReference: 'PSP-ON-THE-TERMINAL',
    reason: 'Seen approved on the terminal',
  };
  const resolvedInAudit = () =>
    books.audit
      .recent(5)
      .filter((entry) => entry.action === 'payment.resolved' && entry.detail.attemptId === attemptId);
  return { call, attemptId, resolution, resolvedInAudit, state: () => books.payments.attempt(attemptId)?.state };
}

describe('who settles a stuck card payment', () => {
  it('on a till with staff, refuses a cashier alone and a typed name, and counts a wrong manager’s PIN', async () => {
    const till = tillWithStuckPayment(true);
    await till.call('staff.login', { staffId: 'anna', pin: '1234' });

    expect(await till.call('payments.resolve', { ...till.resolution, manager: 'Bo' })).toEqual({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message:
          'Only a manager can settle a card payment by hand. Ask a manager to pick their name and type their PIN.',
      },
    });
    expect(
      await till.call('payments.resolve', { ...till.resolution, approval: { staffId: 'anna', pin: '1234' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Anna is not a manager. A manager must approve this.' },
    });
    expect(
      await till.call('payments.resolve', { ...till.resolution, approval: { staffId: 'bo', pin: '00000' } }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'Wrong PIN. 4 tries left.' } });
    expect(till.state()).toBe('needs_attention');
    expect(till.resolvedInAudit()).toEqual([]);
  });

  it('takes a manager’s PIN typed at the till while the cashier stays logged in, and audits the manager’s id', async () => {
    const till = tillWithStuckPayment(true);
    await till.call('staff.login', { staffId: 'anna', pin: '1234' });

    const answer = await till.call('payments.resolve', {
      ...till.resolution,
      approval: { staffId: 'bo', pin: '98765' },
    });
    expect(answer).toMatchObject({ ok: true, value: { state: 'approved', terminalReference: 'PSP-ON-THE-TERMINAL' } });
    expect(till.resolvedInAudit()).toMatchObject([
      {
        actor: 'anna',
        reason: 'Seen approved on the terminal',
        detail: { manager: 'bo', managerStaffId: 'bo', managerName: 'Bo', approvedAtTill: true, outcome: 'approved' },
      },
    ]);
    expect(await till.call('staff.session', {})).toMatchObject({ ok: true, value: { operator: { staffId: 'anna' } } });
  });

  it('takes the manager logged in as who settles it', async () => {
    const till = tillWithStuckPayment(true);
    await till.call('staff.login', { staffId: 'bo', pin: '98765' });
    expect(await till.call('payments.resolve', { ...till.resolution, outcome: 'failed' })).toMatchObject({
      ok: true,
      value: { state: 'failed' },
    });
    expect(till.resolvedInAudit()).toMatchObject([{ actor: 'bo', detail: { manager: 'bo', managerStaffId: 'bo' } }]);
  });

  it('on a till without staff, takes the manager’s typed name and asks for one when it is missing', async () => {
    const till = tillWithStuckPayment(false);
    expect(await till.call('payments.resolve', till.resolution)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'Type the name of the manager who settles this payment.' },
    });
    expect(await till.call('payments.resolve', { ...till.resolution, manager: 'Mia' })).toMatchObject({
      ok: true,
      value: { state: 'approved' },
    });
    expect(till.resolvedInAudit()).toMatchObject([{ actor: 'Mia', detail: { manager: 'Mia' } }]);
  });
});
