import { describe, expect, it, vi } from 'vitest';
import { TillConfigSchema } from '../shared/config/schema.ts';
import { createMemoryLogger } from './logging/logger.ts';
import { TERMINAL_WORDS } from './payments/adyen/terminal-probe.ts';
import { startTill } from './till.ts';

const base = {
  store: { name: 'Shop', addressLines: [] },
  till: { id: 'T-1', name: 'Till 1' },
  locale: 'en-GB',
  currency: 'EUR',
};

describe('starting a till', () => {
  it('in demo mode, runs its card terminal on the embedded simulator and shows it ready', async () => {
    const config = TillConfigSchema.parse({
      ...base,
      mode: 'demo',
      payment: { provider: 'adyen', adyen: { poiId: 'P400Plus-7', merchantAccount: 'Shop' } },
    });
    const logger = createMemoryLogger();
    const till = await startTill(config, { logger, version: 'test' });
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
    const till = await startTill(config, { logger: createMemoryLogger(), version: 'test' });
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
    const till = await startTill(config, { logger: createMemoryLogger(), version: 'test' });
    expect(till.devices.list().find((device) => device.id === 'terminal')).toMatchObject({ state: 'not_configured' });
    await till.close();
    await till.close();
  });
});
