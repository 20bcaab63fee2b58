import { scryptSync } from 'node:crypto';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { pinHashCostAllowed, StaffMemberConfigSchema, type StaffMemberConfig } from '../../shared/staff/staff.ts';
import { hashPinCommand } from '../cli/hash-pin.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { TillError } from '../till-error.ts';
import { hashPin, verifyPin } from './pin-hash.ts';
import { createStaffService } from './staff-service.ts';

/** PINs, the lockout and roles, with a clock the test moves: no waiting five minutes. */

let staff: StaffMemberConfig[] = [];

beforeAll(async () => {
  staff = [
    { id: 'anna', name: 'Anna', role: 'cashier', pinHash: await hashPin('1234') },
    { id: 'bo', name: 'Bo', role: 'manager', pinHash: await hashPin('98765') },
  ];
});

function service() {
  let now = Date.parse('2026-11-21T09:00:00.000Z');
  const audit = { record: vi.fn(() => 1), recent: vi.fn(() => []) };
  const staffService = createStaffService({
    staff,
    clock: { now: () => new Date(now) },
    logger: createMemoryLogger(),
    audit,
  });
  return { staff: staffService, audit, advance: (ms: number) => (now += ms) };
}

async function refusal(work: Promise<unknown>): Promise<TillError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof TillError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('PIN hashes', () => {
  it('are salted scrypt: the same PIN hashes differently, matches only itself, and never contains the PIN', async () => {
    const first = await hashPin('1234');
    const second = await hashPin('1234');

    expect(first).not.toBe(second);
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(first).not.toContain('1234');
    expect(StaffMemberConfigSchema.safeParse({ id: 'a', name: 'A', role: 'cashier', pinHash: first }).success).toBe(
      true,
    );
    expect(await verifyPin('1234', first)).toBe(true);
    expect(await verifyPin('1235', first)).toBe(false);
    expect(await verifyPin('1234', 'scrypt$32768$8$1$AAAA$')).toBe(false);
  });

  it('refuses a hash whose scrypt cost is below 2^15 (or absurdly high), in the configuration and at login', async () => {
    const strong = await hashPin('1234');
    const [, , r, p, salt = '', hash] = strong.split('$');
    // A genuine hash of the right PIN, made cheaply: a till must not let the hash choose a cheap check.
    const cheapKey = scryptSync('1234', Buffer.from(salt, 'base64'), 32, { N: 16_384, r: 8, p: 1 });
    const cheap = ['scrypt', 16_384, 8, 1, salt, cheapKey.toString('base64')].join('$');
    const huge = ['scrypt', 2 ** 21, r, p, salt, hash].join('$');
    const thin = ['scrypt', 2 ** 16, 1, p, salt, hash].join('$');
    for (const pinHash of [cheap, huge, thin, ['scrypt', 30_000, r, p, salt, hash].join('$')]) {
      const parsed = StaffMemberConfigSchema.safeParse({ id: 'a', name: 'A', role: 'cashier', pinHash });
      expect(parsed.error?.issues[0]?.message).toMatch(/scrypt cost this till does not accept/);
      expect(await verifyPin('1234', pinHash)).toBe(false);
    }
    expect(pinHashCostAllowed(strong)).toBe(true);
    expect(pinHashCostAllowed(['scrypt', 2 ** 18, 8, 1, salt, hash].join('$'))).toBe(true);
    expect(pinHashCostAllowed(['scrypt', 2 ** 19, 8, 1, salt, hash].join('$'))).toBe(false);
  });

  it('refuses a PIN written into the configuration in clear', () => {
    const parsed = StaffMemberConfigSchema.safeParse({ id: 'a', name: 'A', role: 'cashier', pinHash: '1234' });
    expect(parsed.error?.issues[0]?.message).toMatch(/kassa hash-pin/);
  });

  it('are made by kassa hash-pin from standard input', async () => {
    let printed = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((printed += String(chunk)), true));

    expect(await hashPinCommand([], Readable.from(['4321\n']))).toBe(0);
    expect(await verifyPin('4321', printed.trim())).toBe(true);
    await expect(hashPinCommand([], Readable.from(['12']))).rejects.toThrow('a PIN is 4 to 8 digits');
    await expect(hashPinCommand(['1234'], Readable.from(['']))).rejects.toThrow(/standard input/);
  });
});

describe('logging in', () => {
  it('logs a person in with their PIN, and locking leaves nobody at the till', async () => {
    const { staff: service_ } = service();

    expect(service_.session()).toEqual({ loginRequired: true, operator: null });
    expect(await service_.login('anna', '1234')).toEqual({
      loginRequired: true,
      operator: { staffId: 'anna', name: 'Anna', role: 'cashier' },
    });
    // Switching user: the next person's PIN replaces whoever was there.
    await service_.login('bo', '98765');
    expect(service_.session().operator?.staffId).toBe('bo');
    expect(service_.lock()).toEqual({ loginRequired: true, operator: null });
    expect(service_.list()).toEqual([
      { staffId: 'anna', name: 'Anna', role: 'cashier' },
      { staffId: 'bo', name: 'Bo', role: 'manager' },
    ]);
  });

  it('counts wrong PINs down, locks the person out after five for five minutes, and audits it', async () => {
    const { staff: service_, audit, advance } = service();

    for (const left of [4, 3, 2, 1]) {
      expect((await refusal(service_.login('anna', '0000'))).message).toBe(
        `Wrong PIN. ${left === 1 ? '1 try' : `${String(left)} tries`} left.`,
      );
    }
    expect((await refusal(service_.login('anna', '0000'))).message).toBe(
      'Too many wrong PINs for Anna. Try again in 5 minutes, or ask a manager.',
    );
    expect(audit.record).toHaveBeenCalledWith(
      { action: 'staff.locked_out', actor: 'anna', detail: { attempts: 5 } },
      '2026-11-21T09:00:00.000Z',
    );
    // Even the right PIN is refused while locked out; someone else is not affected.
    advance(4 * 60_000);
    expect((await refusal(service_.login('anna', '1234'))).message).toMatch(/Try again in 1 minute/);
    expect((await service_.login('bo', '98765')).operator?.staffId).toBe('bo');
    advance(60_000);
    expect((await service_.login('anna', '1234')).operator?.staffId).toBe('anna');
  });

  it('meets a burst of guesses sent at once with the lockout after the fifth', async () => {
    const { staff: service_ } = service();
    const guesses = ['0001', '0002', '0003', '0004', '0005', '0006', '1234'].map((pin) =>
      refusal(service_.login('anna', pin)),
    );

    const messages = (await Promise.all(guesses)).map((error) => error.message);
    expect(messages.slice(5)).toEqual([
      'Too many wrong PINs for Anna. Try again in 5 minutes, or ask a manager.',
      'Too many wrong PINs for Anna. Try again in 5 minutes, or ask a manager.',
    ]);
  });

  it('starts the count again after a right PIN', async () => {
    const { staff: service_ } = service();
    for (let i = 0; i < 4; i += 1) await refusal(service_.login('anna', '0000'));
    await service_.login('anna', '1234');

    expect((await refusal(service_.login('anna', '0000'))).message).toBe('Wrong PIN. 4 tries left.');
  });

  it('refuses someone who is not set up', async () => {
    const { staff: service_ } = service();
    expect((await refusal(service_.login('eve', '1234'))).code).toBe('NOT_FOUND');
  });
});

describe('roles', () => {
  it('needs someone logged in, and a manager for what only managers do', async () => {
    const { staff: service_ } = service();
    expect(() => service_.require()).toThrow('The till is locked. Log in with your PIN first.');

    await service_.login('anna', '1234');
    expect(service_.require()).toMatchObject({ staffId: 'anna' });
    expect(() => service_.require('manager', 'open the cash drawer without a sale')).toThrow(
      'Only a manager can open the cash drawer without a sale. Ask a manager to log in.',
    );

    await service_.login('bo', '98765');
    expect(service_.require('manager')).toMatchObject({ staffId: 'bo' });
  });

  it('lets anyone do anything on a till with no staff set up', () => {
    const open = createStaffService({ staff: [], clock: { now: () => new Date() }, logger: createMemoryLogger() });
    expect(open.session()).toEqual({ loginRequired: false, operator: null });
    expect(open.require('manager')).toBeUndefined();
  });
});
