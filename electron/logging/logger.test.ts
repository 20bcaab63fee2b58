import { describe, expect, it } from 'vitest';
import { createLogger, createMemoryLogger, isSecretField, REDACTED } from './logger.ts';

describe('logger', () => {
  it('writes one JSON object per line with time, level and message', () => {
    const lines: string[] = [];
    const logger = createLogger({
      write: (line) => lines.push(line),
      clock: { now: () => new Date('2026-11-21T09:00:00Z') },
    });
    logger.info('till.started', { tillId: 'T-1' });
    expect(lines).toEqual(['{"t":"2026-11-21T09:00:00.000Z","level":"info","msg":"till.started","tillId":"T-1"}\n']);
  });

  it('drops lines below its level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', write: (line) => lines.push(line) });
    logger.info('chatty');
    logger.warn('worth reading');
    expect(lines).toHaveLength(1);
  });

  it('redacts secrets however deep they sit, keeping everything else', () => {
    const logger = createMemoryLogger();
    logger.info('config', {
      terminals: [{ id: 'adyen-1', apiKey: 'AQE-secret', headers: { 'x-api-key': 'AQE-secret' } }],
      webhook: { password: 'hunter2', hmacKey: 'ABCD', port: 8443 },
      staff: { pin: '1234' },
    });
    const text = JSON.stringify(logger.lines);
    expect(text).not.toContain('AQE-secret');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('ABCD');
    expect(text).not.toContain('1234');
    expect(logger.lines[0]).toMatchObject({
      terminals: [{ id: 'adyen-1', apiKey: REDACTED, headers: { 'x-api-key': REDACTED } }],
      webhook: { password: REDACTED, hmacKey: REDACTED, port: 8443 },
    });
  });

  it.each([
    ['apiKey', true],
    ['APIKey', true],
    ['apikey', true],
    ['APIKEY', true],
    ['credentials', true],
    ['basicAuth', true],
    ['bearer', true],
    ['x-api-key', true],
    ['webhook_password', true],
    ['authorization', true],
    ['sessionToken', true],
    ['keyboardLayout', false],
    ['monkey', false],
    ['shipping', false],
    ['tillId', false],
  ])('treats the field %s as secret: %s', (field, secret) => {
    expect(isSecretField(field)).toBe(secret);
  });

  it('writes dates and URLs as text, big integers as digits, and never throws on a cycle', () => {
    const logger = createMemoryLogger();
    logger.info('values', { at: new Date('2026-11-21T09:00:00Z'), url: new URL('https://pal.example/sync'), n: 10n });
    expect(logger.lines[0]).toMatchObject({ at: '2026-11-21T09:00:00.000Z', url: 'https://pal.example/sync', n: '10' });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => logger.warn('cycle', { cycle })).not.toThrow();
    expect(logger.lines[1]).toMatchObject({ msg: 'cycle' });
  });

  it('logs an error with its message and stack', () => {
    const logger = createMemoryLogger();
    logger.error('failed', { error: new Error('boom') });
    expect(logger.lines[0]).toMatchObject({
      error: { name: 'Error', message: 'boom', stack: expect.stringContaining('boom') as string },
    });
  });
});
