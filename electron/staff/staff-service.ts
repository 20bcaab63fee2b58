import type { StaffMemberConfig, StaffMember, StaffRole, StaffSession } from '../../shared/staff/staff.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logging/logger.ts';
import { TillError } from '../till-error.ts';
import { verifyPin } from './pin-hash.ts';

/**
 * Who is logged in at this till, checked in main. One person works a till at
 * a time: logging in replaces whoever was there, locking leaves nobody. A
 * person who types a wrong PIN `attempts` times in a row is locked out for
 * `lockoutMs`, whatever PIN they try meanwhile, and the lockout is audited.
 */

export interface StaffLockout {
  attempts: number;
  lockoutMs: number;
}

export const DEFAULT_LOCKOUT: StaffLockout = { attempts: 5, lockoutMs: 5 * 60_000 };

export interface StaffService {
  /** Whether this till has staff set up; without, nobody logs in and every call is allowed. */
  readonly loginRequired: boolean;
  list(): StaffMember[];
  session(): StaffSession;
  login(staffId: string, pin: string): Promise<StaffSession>;
  lock(): StaffSession;
  /**
   * Who may make a call that needs `role` (any role when absent): the person
   * logged in, or a refusal in words for the cashier. On a till without staff, nobody is needed.
   */
  require(role?: StaffRole, what?: string): StaffMember | undefined;
}

export interface StaffServiceOptions {
  staff: readonly StaffMemberConfig[];
  clock: Clock;
  logger: Logger;
  audit?: AuditLog | undefined;
  lockout?: StaffLockout;
}

const member = (config: StaffMemberConfig): StaffMember => ({
  staffId: config.id,
  name: config.name,
  role: config.role,
});

export function createStaffService(options: StaffServiceOptions): StaffService {
  const { staff, clock, logger, audit } = options;
  const lockout = options.lockout ?? DEFAULT_LOCKOUT;
  const loginRequired = staff.length > 0;
  const wrong = new Map<string, { count: number; lockedUntil: number }>();
  let operator: StaffMember | null = null;
  /**
   * Logins take turns: checked one at a time, a burst of guesses sent at once
   * still meets the lockout after the fifth, instead of all passing the check
   * while the first is being hashed.
   */
  let turn: Promise<unknown> = Promise.resolve();

  const session = (): StaffSession => ({ loginRequired, operator });

  function minutes(ms: number): string {
    const whole = Math.max(1, Math.ceil(ms / 60_000));
    return whole === 1 ? '1 minute' : `${String(whole)} minutes`;
  }

  return {
    loginRequired,

    list: () => staff.map(member),

    session,

    login(staffId, pin) {
      const mine = turn.then(() => attempt(staffId, pin));
      turn = mine.catch(() => undefined);
      return mine;
    },

    lock() {
      if (operator !== null) logger.info('staff.locked', { staffId: operator.staffId });
      operator = null;
      return session();
    },

    require(role, what = 'do this') {
      if (!loginRequired) return undefined;
      if (operator === null) throw new TillError('FORBIDDEN', 'The till is locked. Log in with your PIN first.');
      if (role === 'manager' && operator.role !== 'manager') {
        throw new TillError('FORBIDDEN', `Only a manager can ${what}. Ask a manager to log in.`);
      }
      return operator;
    },
  };

  async function attempt(staffId: string, pin: string): Promise<StaffSession> {
    const found = staff.find((candidate) => candidate.id === staffId);
    if (found === undefined) throw new TillError('NOT_FOUND', 'That person is not set up on this till.');
    const now = clock.now().getTime();
    const record = wrong.get(staffId) ?? { count: 0, lockedUntil: 0 };
    if (record.lockedUntil > now) {
      throw new TillError(
        'FORBIDDEN',
        `Too many wrong PINs for ${found.name}. Try again in ${minutes(record.lockedUntil - now)}, or ask a manager.`,
      );
    }
    if (!(await verifyPin(pin, found.pinHash))) {
      record.count += 1;
      if (record.count >= lockout.attempts) {
        record.count = 0;
        record.lockedUntil = now + lockout.lockoutMs;
        wrong.set(staffId, record);
        audit?.record(
          { action: 'staff.locked_out', actor: found.id, detail: { attempts: lockout.attempts } },
          clock.now().toISOString(),
        );
        logger.warn('staff.locked_out', { staffId });
        throw new TillError(
          'FORBIDDEN',
          `Too many wrong PINs for ${found.name}. Try again in ${minutes(lockout.lockoutMs)}, or ask a manager.`,
        );
      }
      wrong.set(staffId, record);
      const left = lockout.attempts - record.count;
      logger.info('staff.wrong_pin', { staffId, triesLeft: left });
      throw new TillError('FORBIDDEN', `Wrong PIN. ${left === 1 ? '1 try' : `${String(left)} tries`} left.`);
    }
    wrong.delete(staffId);
    operator = member(found);
    logger.info('staff.logged_in', { staffId, role: found.role });
    return session();
  }
}
