import { describe, expect, it } from 'vitest';
import { UsageError } from './arguments.ts';
import { parseEventUrl, parseTimeScale } from './simulator.ts';

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
});
