import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import type { Channel } from '../../shared/ipc/channels.ts';
import type { MainEvent } from '../../shared/ipc/events.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { startFakePrinter } from '../printing/testing/fake-printer.ts';
import { ringUp, sellForCash } from '../testing/selling.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { startTill } from '../till.ts';
import { CHANNEL_ACCESS } from './channel-access.ts';
import { hashPin } from './pin-hash.ts';
import { createStaffService } from './staff-service.ts';

/** Role checks as the renderer meets them: through the router of a started till with staff set up. */

const context = { transport: 'in-process' } as const;

function value(answer: { ok: boolean }): void {
  expect(answer).toMatchObject({ ok: true });
}
let hashes: { cashier: string; manager: string };

beforeAll(async () => {
  hashes = { cashier: await hashPin('1234'), manager: await hashPin('98765') };
});

async function staffedTill(
  options: { journal?: string; session?: Record<string, unknown>; language?: 'en' | 'nl' } = {},
) {
  const printer = await startFakePrinter();
  onTestFinished(() => printer.close());
  const config = TillConfigSchema.parse({
    store: { name: 'Shop', addressLines: [] },
    till: { id: 'T-9', name: 'Till 9' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'training',
    payment: null,
    journal: { path: options.journal ?? path.join(tempDir(), 'journal.sqlite') },
    printer: { url: printer.url, drawer: { pin: 2, pulseMs: 100 } },
    ...(options.session === undefined ? {} : { session: options.session }),
    ...(options.language === undefined ? {} : { language: options.language }),
    staff: [
      { id: 'anna', name: 'Anna', role: 'cashier', pinHash: hashes.cashier },
      { id: 'bo', name: 'Bo', role: 'manager', pinHash: hashes.manager },
    ],
  });
  const till = await startTill(config, { logger: createMemoryLogger(), version: 'test', env: {} });
  onTestFinished(() => till.close());
  const call = (channel: Channel, payload: unknown) => till.router.call(channel, payload, context);
  return { till, call };
}

describe('who may do what at a till with staff', () => {
  it('refuses to sell while the till is locked, and sells once a cashier has logged in', async () => {
    const { call } = await staffedTill();

    expect(await call('staff.session', {})).toEqual({ ok: true, value: { loginRequired: true, operator: null } });
    expect(await call('sales.current', {})).toEqual({
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
    const finished = await sellForCash(call, [{ code: 'BAK-001' }]);
    expect(finished.sale.totalMinor).toBe(189);

    await call('staff.lock', {});
    expect(await call('sales.addItem', { saleId: finished.sale.saleId, code: 'BAK-001' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('keeps the drawer (without approval) and manual card resolutions for managers, and names the manager in the audit log', async () => {
    const { till, call } = await staffedTill();
    await call('staff.login', { staffId: 'anna', pin: '1234' });

    expect(await call('drawer.open', { reason: 'Change for the float' })).toEqual({
      ok: false,
      error: {
        code: 'APPROVAL_REQUIRED',
        message: 'Only a manager can open the cash drawer without a sale. Ask a manager to approve it with their PIN.',
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
    expect(till.books?.audit.recent(1)).toMatchObject([
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
      'staff.list',
      'staff.lock',
      'staff.login',
      'staff.session',
      'till.getInfo',
    ]);
  });
});

describe('a Dutch till', () => {
  it('tells the person at the till who may do what in Dutch, whole sentences, the manager’s task included', async () => {
    const { call } = await staffedTill({ language: 'nl' });
    const refused = (code: string, message: string) => ({ ok: false, error: { code, message } });

    expect(await call('sales.current', {})).toEqual(
      refused('FORBIDDEN', 'De kassa is vergrendeld. Log eerst in met je pincode.'),
    );
    expect(await call('staff.login', { staffId: 'anna', pin: '0000' })).toEqual(
      refused('FORBIDDEN', 'Verkeerde pincode. Nog 4 pogingen over.'),
    );
    expect(await call('staff.login', { staffId: 'nobody', pin: '0000' })).toEqual(
      refused('NOT_FOUND', 'Die persoon is niet ingesteld op deze kassa.'),
    );
    value(await call('staff.login', { staffId: 'anna', pin: '1234' }));

    expect(await call('drawer.open', { reason: 'Wisselgeld' })).toEqual(
      refused(
        'APPROVAL_REQUIRED',
        'Alleen een manager kan de kassalade openen zonder verkoop. Vraag een manager om dit met de eigen pincode goed te keuren.',
      ),
    );
    expect(await call('day.close', { countedCashMinor: 0 })).toEqual(
      refused(
        'APPROVAL_REQUIRED',
        'Alleen een manager kan de kassadag afsluiten. Vraag een manager om dit met de eigen pincode goed te keuren.',
      ),
    );
    expect(await call('refunds.open', {})).toEqual(
      refused('FORBIDDEN', 'Alleen een manager kan geld teruggeven. Vraag een manager om in te loggen.'),
    );
    expect(await call('drawer.open', { reason: 'Wisselgeld', approval: { staffId: 'anna', pin: '1234' } })).toEqual(
      refused('FORBIDDEN', 'Anna is geen manager. Een manager moet dit goedkeuren.'),
    );
    expect(
      await call('payments.resolve', {
        attemptId: 'A-1',
        outcome: 'approved',
        reason: 'Gezien op de pinautomaat',
        terminalReference: 'X',
      }),
    ).toEqual(
      refused(
        'FORBIDDEN',
        'Alleen een manager kan een pinbetaling met de hand afhandelen. Vraag een manager om de eigen naam te kiezen en de pincode te typen.',
      ),
    );
  });

  it('locks a person out after five wrong PINs, and says so in Dutch', async () => {
    const { call } = await staffedTill({ language: 'nl' });
    for (let guess = 0; guess < 4; guess += 1) await call('staff.login', { staffId: 'anna', pin: '0000' });
    expect(await call('staff.login', { staffId: 'anna', pin: '0000' })).toEqual({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: 'Te vaak een verkeerde pincode voor Anna. Probeer het over 5 minuten opnieuw, of vraag een manager.',
      },
    });
  });
});

describe('a locked till keeps its secrets and its lockouts', () => {
  it('keeps a person locked out after five wrong PINs, across a restart of the till', async () => {
    const journal = path.join(tempDir(), 'journal.sqlite');
    const first = await staffedTill({ journal });
    for (let guess = 0; guess < 5; guess += 1) await first.call('staff.login', { staffId: 'anna', pin: '0000' });
    await first.till.close();

    const second = await staffedTill({ journal });
    expect(await second.call('staff.login', { staffId: 'anna', pin: '1234' })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Too many wrong PINs for Anna. Try again in 5 minutes, or ask a manager.' },
    });
  });

  it('counts wrong PINs in a row across a restart too', async () => {
    const journal = path.join(tempDir(), 'journal.sqlite');
    const first = await staffedTill({ journal });
    for (let guess = 0; guess < 3; guess += 1) await first.call('staff.login', { staffId: 'anna', pin: '0000' });
    await first.till.close();

    const second = await staffedTill({ journal });
    expect(await second.call('staff.login', { staffId: 'anna', pin: '0000' })).toMatchObject({
      error: { message: 'Wrong PIN. 1 try left.' },
    });
  });

  it('sends a locked screen only device status and logins, never a sale’s payments or receipts', async () => {
    const { till, call } = await staffedTill();
    const seen: MainEvent['type'][] = [];
    const stop = till.feed.subscribe((event) => seen.push(event.type));
    onTestFinished(stop);
    await call('staff.login', { staffId: 'anna', pin: '1234' });
    await sellForCash(call, [{ code: 'BAK-001' }]);
    await vi.waitFor(() => expect(seen).toContain('print.job'));
    await call('staff.lock', {});
    seen.length = 0;

    // Main still prints and reports while the till is locked; the screen is not told.
    till.events.publish({
      type: 'payment.progress',
      progress: {
        attemptId: 'A-1',
        saleId: 'S-1',
        terminalId: 'T',
        state: 'approved',
        cashierMessage: 'Card payment approved.',
        at: new Date().toISOString(),
      },
    });
    till.devices.update('printer', 'offline', 'The printer is off.');
    await call('staff.login', { staffId: 'bo', pin: '98765' });
    // (The printer may report its status on its own meanwhile: device status, which a locked screen does show.)
    expect(seen).toContain('device.status');
    expect(new Set(seen)).toEqual(new Set(['device.status', 'staff.session']));
  });
});

describe('an idle till', () => {
  afterEach(() => vi.useRealTimers());

  it('locks itself after the configured minutes without input, and tells the screen', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const { till, call } = await staffedTill({ session: { idleLockMinutes: 2 } });
    const sessions: unknown[] = [];
    till.feed.subscribe((event) => {
      if (event.type === 'staff.session') sessions.push(event.session);
    });
    await call('staff.login', { staffId: 'anna', pin: '1234' });
    const sale = await ringUp(call, [{ code: 'BAK-001' }]);

    vi.advanceTimersByTime(90_000);
    expect(await call('staff.activity', {})).toEqual({ ok: true, value: { idleLockSeconds: 120 } });
    vi.advanceTimersByTime(90_000);
    expect((await call('staff.session', {})).ok && till.staff.session().operator?.staffId).toBe('anna');

    vi.advanceTimersByTime(35_000);
    expect(till.staff.session().operator).toBeNull();
    expect(sessions.at(-1)).toEqual({ loginRequired: true, operator: null });
    // The sale waits in main for whoever logs in next.
    await call('staff.login', { staffId: 'anna', pin: '1234' });
    expect(await call('sales.current', {})).toMatchObject({ ok: true, value: { saleId: sale.saleId } });
  });

  it('never locks while a card payment may be out at the terminal', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    let paying = true;
    const staff = createStaffService({
      staff: [{ id: 'anna', name: 'Anna', role: 'cashier', pinHash: hashes.cashier }],
      clock: { now: () => new Date() },
      logger: createMemoryLogger(),
      idleLockMs: 60_000,
      busy: () => paying,
    });
    onTestFinished(() => staff.close());
    return (async () => {
      await staff.login('anna', '1234');
      vi.advanceTimersByTime(10 * 60_000);
      expect(staff.session().operator?.staffId).toBe('anna');
      paying = false;
      vi.advanceTimersByTime(5_000);
      expect(staff.session().operator).toBeNull();
    })();
  });
});
