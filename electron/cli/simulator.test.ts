import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../logging/logger.ts';
import { UsageError } from './arguments.ts';
import { parseEventUrl } from '../payments/adyen/simulator-command.ts';
import { parseTimeScale, simulator } from './simulator.ts';

describe('kassa simulator options', () => {
  it('takes basic-auth credentials out of an event URL', () => {
    expect(parseEventUrl('https://kassa:s%40cret@till.example:8443/adyen/events')).toEqual({
      url: 'https://till.example:8443/adyen/events',
      username: 'kassa',
      password: 's@cret',
    });
    expect(parseEventUrl('http://127.0.0.1:9000/events')).toEqual({ url: 'http://127.0.0.1:9000/events' });
  });

  it('reads a time scale above 0, defaulting to real time', () => {
    expect(parseTimeScale(undefined)).toBe(1);
    expect(parseTimeScale('0.01')).toBe(0.01);
    expect(() => parseTimeScale('0')).toThrow(UsageError);
    expect(() => parseTimeScale('1e-3')).toThrow(UsageError);
  });

  it('refuses another provider, and options that belong to the other simulator, before starting anything', async () => {
    const logger = createMemoryLogger();
    await expect(simulator(['--provider', 'ingenico'], logger)).rejects.toThrow(
      new UsageError('--provider must be adyen or worldline or worldline-direct or opp or worldnet (got "ingenico")'),
    );
    await expect(simulator(['--provider', 'worldline', '--poiid', 'P400Plus-1'], logger)).rejects.toThrow(
      new UsageError('--poiid is not for the worldline simulator'),
    );
    await expect(simulator(['--utid', '60001234', '--merchant-id', 'M'], logger)).rejects.toThrow(
      new UsageError('--utid, --merchant-id are not for the adyen simulator'),
    );
  });
});
