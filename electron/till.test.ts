import { describe, expect, it, vi } from 'vitest';
import { TillConfigSchema } from '../shared/config/schema.ts';
import { PaymentAttemptViewSchema } from '../shared/payments/payment-state.ts';
import { createMemoryLogger } from './logging/logger.ts';
import { currentSale, ringUp, writeTestCatalog, type Call } from './testing/selling.ts';
import { tempDir } from './testing/temp-dir.ts';
import { TERMINAL_WORDS } from './payments/adyen/terminal-probe.ts';
import { WORLDLINE_WORDS } from './payments/worldline/terminal-readings.ts';
import { createTill, startTill, type Till } from './till.ts';

const base = {
  store: { name: 'Shop', addressLines: [] },
  till: { id: 'T-1', name: 'Till 1' },
  locale: 'en-GB',
  currency: 'EUR',
};

const caller =
  (till: Till): Call =>
  (channel, payload) =>
    till.router.call(channel, payload, { transport: 'in-process' });

describe('starting a till', () => {
  it('in demo mode, runs its card terminal on the embedded simulator and shows it ready', async () => {
    const config = TillConfigSchema.parse({
      ...base,
      mode: 'demo',
      payment: { provider: 'adyen', adyen: { poiId: 'P400Plus-7', merchantAccount: 'Shop' } },
    });
    const logger = createMemoryLogger();
    const till = await startTill(config, { logger, version: 'test', env: { KASSA_DATA_DIR: tempDir() } });
    try {
      await vi.waitFor(() => {
        expect(till.devices.list().find((device) => device.id === 'terminal')).toMatchObject({
          state: 'online',
          detail: TERMINAL_WORDS.online,
        });
      });
      expect(logger.lines).toContainEqual(
        expect.objectContaining({
          msg: 'till.started',
          terminal: 'P400Plus-7',
          terminalTarget: 'the embedded Adyen simulator',
        }),
      );
    } finally {
      await till.close();
    }
  });

  it('gives a training till without a payment section no terminal, rather than the demo one', async () => {
    const config = TillConfigSchema.parse({ ...base, mode: 'training' });
    const till = await startTill(config, { logger: createMemoryLogger(), version: 'test', env: {} });
    expect(till.devices.list().find((device) => device.id === 'terminal')).toMatchObject({ state: 'not_configured' });
    await till.close();
  });

  it('gives a demo till without a payment section a simulated one', async () => {
    const config = TillConfigSchema.parse({ ...base, mode: 'demo' });
    const till = await startTill(config, {
      logger: createMemoryLogger(),
      version: 'test',
      env: { KASSA_DATA_DIR: tempDir() },
    });
    try {
      await vi.waitFor(() => {
        expect(till.devices.list().find((device) => device.id === 'terminal')).toMatchObject({ state: 'online' });
      });
    } finally {
      await till.close();
    }
  });

  it('without card payments (null in the configuration), shows none set up and starts nothing', async () => {
    const config = TillConfigSchema.parse({ ...base, mode: 'training', payment: null });
    const till = await startTill(config, {
      logger: createMemoryLogger(),
      version: 'test',
      env: { KASSA_DATA_DIR: tempDir() },
    });
    expect(till.devices.list().find((device) => device.id === 'terminal')).toMatchObject({ state: 'not_configured' });
    await till.close();
    await till.close();
  });

  it('takes a card payment through its contract: started, followed by progress events, approved in the journal', async () => {
    const dataDir = tempDir();
    const config = TillConfigSchema.parse({ ...base, mode: 'demo', catalog: { path: writeTestCatalog(tempDir()) } });
    const till = await startTill(config, {
      logger: createMemoryLogger(),
      version: 'test',
      env: { KASSA_DATA_DIR: dataDir },
    });
    try {
      const states: string[] = [];
      till.events.subscribe((event) => {
        if (event.type === 'payment.progress') states.push(event.progress.state);
      });
      const context = { transport: 'in-process' } as const;
      const call = caller(till);
      // A magazine, 2.50: the card is started for the open sale, and main takes the amount from it.
      const sale = await ringUp(call, [{ code: 'MAG-001' }]);
      const started = await till.router.call('payments.start', { saleId: sale.saleId }, context);
      expect(started).toMatchObject({ ok: true, value: { state: 'sent', amountMinor: 250, currency: 'EUR' } });
      const { attemptId } = PaymentAttemptViewSchema.parse(started.ok ? started.value : undefined);
      // While that card is out at the terminal, a second one is refused.
      const busy = await till.router.call('payments.start', { saleId: sale.saleId, amountMinor: 100 }, context);
      expect(busy).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', message: expect.stringMatching(/still going/) as string },
      });

      await till.payments?.service.whenSettled(attemptId);
      const settled = await till.router.call('payments.get', { attemptId }, context);
      expect(settled).toMatchObject({ ok: true, value: { state: 'approved', authorisedMinor: 250 } });
      expect(states.at(-1)).toBe('approved');
      expect(till.payments?.book.file).toBe(`${dataDir}/journal.sqlite`);
      // The card paid the sale in full: main recorded it by itself, with the card as its tender.
      await expect.poll(async () => (await currentSale(call)).saleId).not.toBe(sale.saleId);
      expect(await till.router.call('sales.get', { saleId: sale.saleId }, context)).toMatchObject({
        ok: true,
        value: { totalMinor: 250, tenders: [{ kind: 'card', attemptId, amountMinor: 250 }] },
      });
    } finally {
      await till.close();
    }
  });

  it('answers card calls on a till without a terminal with words the cashier can act on', async () => {
    const config = TillConfigSchema.parse({ ...base, mode: 'training', payment: null });
    const till = await startTill(config, { logger: createMemoryLogger(), version: 'test' });
    const answer = await till.router.call(
      'payments.start',
      { saleId: 's', amountMinor: 100 },
      { transport: 'in-process' },
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(answer.ok ? '' : answer.error.message).toMatch(/no card terminal/);
    await till.close();
  });
});

describe('a till with a Worldline terminal', () => {
  it('in demo mode, takes a card payment on the embedded Worldline simulator, its result by webhook', async () => {
    // A demo till names the provider alone: the embedded simulator's terminal is filled in.
    const config = TillConfigSchema.parse({
      ...base,
      mode: 'demo',
      payment: { provider: 'worldline', mode: 'async' },
      catalog: { path: writeTestCatalog(tempDir()) },
    });
    const logger = createMemoryLogger();
    const till = await startTill(config, { logger, version: 'test', env: { KASSA_DATA_DIR: tempDir() } });
    try {
      // Asked once at start with a status question about nothing: the terminal answered.
      await vi.waitFor(() => {
        expect(till.devices.list().find((device) => device.id === 'terminal')).toMatchObject({
          state: 'online',
          detail: WORLDLINE_WORDS.online,
        });
      });
      expect(till.payments?.listener?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const context = { transport: 'in-process' } as const;
      // A magazine, 2.50, paid by card.
      const sale = await ringUp(caller(till), [{ code: 'MAG-001' }]);
      const started = await till.router.call('payments.start', { saleId: sale.saleId }, context);
      const { attemptId } = PaymentAttemptViewSchema.parse(started.ok ? started.value : undefined);
      // The till cannot stop a Worldline payment, and says what to do instead.
      const abort = await till.router.call('payments.abort', { attemptId }, context);
      expect(abort.ok).toBe(false);
      expect(abort.ok ? undefined : abort.error.message).toContain('press Cancel on the terminal');

      const settled = await till.payments?.service.whenSettled(attemptId);
      expect(settled).toMatchObject({ state: 'approved', authorisedMinor: 250, provider: 'worldline' });
      // The approval came through the listener, not by asking.
      expect(till.payments?.book.inbox()).toContainEqual(
        expect.objectContaining({ kind: 'FinancialPaymentResponse', outcome: 'applied', attemptId }),
      );
      expect(logger.lines).toContainEqual(
        expect.objectContaining({
          msg: 'till.started',
          terminal: '60001234',
          terminalTarget: 'the embedded Worldline simulator',
        }),
      );
      // The key the simulator issued is a secret like any other: never in a log line.
      expect(JSON.stringify(logger.lines)).not.toMatch(/Bearer/);
    } finally {
      await till.close();
    }
  });
});

describe('a Dutch till', () => {
  const dutch = { ...base, language: 'nl', mode: 'training', payment: null };

  it('shows the cashier Dutch details for a terminal, a listener and a printer it does not have', async () => {
    const till = await startTill(TillConfigSchema.parse(dutch), {
      logger: createMemoryLogger(),
      version: 'test',
      env: { KASSA_DATA_DIR: tempDir() },
    });
    try {
      const detail = (id: string) => till.devices.list().find((device) => device.id === id)?.detail;
      expect(detail('terminal')).toBe('Er is geen pinautomaat ingesteld op deze kassa.');
      expect(detail('webhook')).toBe(
        'De uitslag van een pinbetaling komt terug op het betaalverzoek zelf; er is geen ontvanger nodig.',
      );
      expect(detail('printer')).toBe(
        'Er is geen bonprinter ingesteld op deze kassa: bonnen worden op het scherm getoond.',
      );
    } finally {
      await till.close();
    }
  });

  it('refuses card calls and an unknown sale in Dutch, saying what to do instead', async () => {
    const till = await startTill(TillConfigSchema.parse(dutch), {
      logger: createMemoryLogger(),
      version: 'test',
      env: { KASSA_DATA_DIR: tempDir() },
    });
    try {
      const call = caller(till);
      expect(await call('payments.get', { attemptId: 'nope' })).toEqual({
        ok: false,
        error: {
          code: 'UNAVAILABLE',
          message: 'Deze kassa heeft geen pinautomaat. Laat de klant op een andere manier betalen.',
        },
      });
      expect(await call('sales.get', { saleId: 'nope' })).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: 'Die afgeronde verkoop bestaat niet op deze kassa.' },
      });
      expect(await call('receipts.email', { receiptNumber: 'TILL-1-000001', address: 'klant@example.nl' })).toEqual({
        ok: false,
        error: {
          code: 'UNAVAILABLE',
          message:
            'Deze kassa is niet ingesteld om bonnen per e-mail te versturen. Druk de bon af of laat hem op het scherm zien.',
        },
      });
    } finally {
      await till.close();
    }
  });

  it('on a Worldline terminal, shows its light in Dutch and says in Dutch that the till cannot stop a card payment', async () => {
    const config = TillConfigSchema.parse({
      ...base,
      language: 'nl',
      mode: 'demo',
      payment: { provider: 'worldline', mode: 'async' },
      catalog: { path: writeTestCatalog(tempDir()) },
    });
    const till = await startTill(config, {
      logger: createMemoryLogger(),
      version: 'test',
      env: { KASSA_DATA_DIR: tempDir() },
    });
    try {
      const detail = (id: string) => till.devices.list().find((device) => device.id === id)?.detail;
      await vi.waitFor(() => {
        expect(detail('terminal')).toBe('Klaar voor pinbetalingen.');
      });
      expect(detail('webhook')).toBe(`Wacht op uitslagen van pinbetalingen op ${till.payments?.listener?.url ?? ''}.`);
      const call = caller(till);
      const sale = await ringUp(call, [{ code: 'MAG-001' }]);
      const started = await call('payments.start', { saleId: sale.saleId });
      const { attemptId } = PaymentAttemptViewSchema.parse(started.ok ? started.value : undefined);
      expect(await call('payments.abort', { attemptId })).toEqual({
        ok: false,
        error: {
          code: 'BAD_REQUEST',
          message:
            'Deze pinautomaat kan niet vanaf de kassa worden gestopt. Vraag de klant om op de pinautomaat op Stop te drukken.',
        },
      });
      await till.payments?.service.whenSettled(attemptId);
    } finally {
      await till.close();
    }
  });

  it('on an Adyen terminal, shows its light in Dutch', async () => {
    const config = TillConfigSchema.parse({
      ...base,
      language: 'nl',
      mode: 'demo',
      payment: { provider: 'adyen', adyen: { poiId: 'P400Plus-7', merchantAccount: 'Shop' } },
    });
    const till = await startTill(config, {
      logger: createMemoryLogger(),
      version: 'test',
      env: { KASSA_DATA_DIR: tempDir() },
    });
    try {
      const light = () => till.devices.list().find((device) => device.id === 'terminal');
      // Until Adyen answers the first check, it says it is checking; then that the terminal is ready.
      expect(['De pinautomaat wordt gecontroleerd…', 'Klaar voor pinbetalingen.']).toContain(light()?.detail);
      await vi.waitFor(() => {
        expect(light()).toMatchObject({ state: 'online', detail: 'Klaar voor pinbetalingen.' });
      });
    } finally {
      await till.close();
    }
  });

  it('without a journal, says in Dutch that it keeps no sales', async () => {
    const till = createTill(TillConfigSchema.parse(dutch), { logger: createMemoryLogger(), version: 'test' });
    try {
      const call = caller(till);
      expect(await call('sales.current', {})).toEqual({
        ok: false,
        error: { code: 'UNAVAILABLE', message: 'Deze kassa kan geen verkopen vastleggen: hij heeft geen journaal.' },
      });
      expect(await call('journal.search', {})).toEqual({
        ok: false,
        error: {
          code: 'UNAVAILABLE',
          message: 'Deze kassa houdt geen journaal bij, dus er zijn geen verkopen om terug te zoeken.',
        },
      });
      expect(await call('receipts.preview', { receiptNumber: '1' })).toEqual({
        ok: false,
        error: { code: 'UNAVAILABLE', message: 'Deze kassa bewaart geen bonnen: hij heeft geen journaal.' },
      });
    } finally {
      await till.close();
    }
  });
});
