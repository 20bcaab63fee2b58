import type {
  ManagerApproval,
  StaffMemberConfig,
  StaffMember,
  StaffRole,
  StaffSession,
} from '../../shared/staff/staff.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logging/logger.ts';
import { TillError } from '../till-error.ts';
import { verifyPin } from './pin-hash.ts';
import { createMemoryPinFailureBook, type PinFailureBook } from './pin-failure-book.ts';
import { staffWords, type StaffWords } from './staff-words.ts';

/**
 * Who is logged in at this till, checked in main. One person works a till at
 * a time: logging in replaces whoever was there, locking leaves nobody. A
 * person who types a wrong PIN `attempts` times in a row is locked out for
 * `lockoutMs`, whatever PIN they try meanwhile; the count and the lockout are
 * kept in the till's database, so a restart forgives nothing, and the lockout is
 * audited. A manager's PIN typed to approve a change at the till counts the
 * same way.
 *
 * A till nobody touches locks itself after `idleLockMs`, but never while a
 * card payment may be out at the terminal: the cashier must see how it ends.
 *
 * Before the person at the till leaves it (they lock it, or it locks itself)
 * the `onLeave` listeners hear who is leaving: the open
 * sale is parked for them there. A listener may refuse by throwing a
 * TillError (a sale with money on it cannot be put aside): the lock is
 * refused with its words, and the idle lock waits.
 */

/** Why the person at the till is leaving it. */
export type LeaveReason = 'asked' | 'idle';

export interface StaffLockout {
  attempts: number;
  lockoutMs: number;
}

export const DEFAULT_LOCKOUT: StaffLockout = { attempts: 5, lockoutMs: 5 * 60_000 };

export interface StaffService {
  /** What this service says to the person at the till, in the till's language; for others who speak of staff. */
  readonly words: StaffWords;
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
  /**
   * A manager's name and PIN typed at the till to allow something, without
   * logging the cashier out. Wrong PINs count towards that manager's lockout.
   */
  approver(staffId: string, pin: string): Promise<StaffMember>;
  /**
   * Whether the person at the till may do what only a manager may (`what`, in
   * the refusal's words): a manager logged in may (answers undefined); a
   * cashier may with a manager's `approval`, checked here (answers the
   * manager who approved). A cashier without one is refused with
   * APPROVAL_REQUIRED, so the screen can ask for a manager's PIN and send the
   * same request again. On a till without staff, nobody is needed.
   */
  allow(what: string, approval: ManagerApproval | undefined): Promise<StaffMember | undefined>;
  /**
   * Calls `listener` with the person about to leave the till, before they do;
   * a listener that throws a TillError keeps them at it. Returns the function that stops it.
   */
  onLeave(listener: (leaving: StaffMember, why: LeaveReason) => void): () => void;
  /** Someone used the till: the idle lock starts counting again. */
  touch(): void;
  /** How long the till may sit idle before it locks itself; undefined when it never does. */
  readonly idleLockMs: number | undefined;
  /** Calls `listener` whenever someone logs in or the till locks; returns the function that stops it. */
  onSession(listener: (session: StaffSession) => void): () => void;
  /** Stops the idle lock's timer. */
  close(): void;
}

export interface StaffServiceOptions {
  staff: readonly StaffMemberConfig[];
  clock: Clock;
  logger: Logger;
  audit?: AuditLog | undefined;
  lockout?: StaffLockout;
  /** Where wrong PINs are counted; in memory when absent (a till without a database). */
  failures?: PinFailureBook | undefined;
  /** Lock after this long without input; 0 or absent: never. */
  idleLockMs?: number;
  /** Whether locking now would hide a payment in flight from the cashier. */
  busy?: () => boolean;
  /** What it tells the person at the till, in the till's language (`staffWordsFor`); English when absent. */
  words?: StaffWords;
}

const member = (config: StaffMemberConfig): StaffMember => ({
  staffId: config.id,
  name: config.name,
  role: config.role,
});

export function createStaffService(options: StaffServiceOptions): StaffService {
  const { staff, clock, logger, audit } = options;
  const words = options.words ?? staffWords;
  const lockout = options.lockout ?? DEFAULT_LOCKOUT;
  const failures = options.failures ?? createMemoryPinFailureBook();
  const loginRequired = staff.length > 0;
  const idleLockMs = loginRequired && (options.idleLockMs ?? 0) > 0 ? options.idleLockMs : undefined;
  const listeners = new Set<(session: StaffSession) => void>();
  const leaveListeners = new Set<(leaving: StaffMember, why: LeaveReason) => void>();
  let operator: StaffMember | null = null;
  let lastActivity = clock.now().getTime();
  /** The idle lock said once that it waits; it says so again only after it has locked. */
  let idleWaitSaid = false;
  /**
   * PIN checks take turns: checked one at a time, a burst of guesses sent at
   * once still meets the lockout after the fifth, instead of all passing the
   * check while the first is being hashed.
   */
  let turn: Promise<unknown> = Promise.resolve();

  const session = (): StaffSession => ({ loginRequired, operator });

  const announce = () => {
    const now = session();
    for (const listener of [...listeners]) {
      try {
        listener(now);
      } catch (error) {
        logger.warn('staff.session_listener_failed', { error });
      }
    }
  };

  /** Whole minutes to wait, at least one. */
  function minutes(ms: number): number {
    return Math.max(1, Math.ceil(ms / 60_000));
  }

  function inTurn<T>(work: () => Promise<T>): Promise<T> {
    const mine = turn.then(work);
    turn = mine.catch(() => undefined);
    return mine;
  }

  /** Tells the leave listeners who is leaving; one that refuses throws, and nobody leaves. */
  function leave(why: LeaveReason): void {
    if (operator === null) return;
    const leaving = operator;
    for (const listener of [...leaveListeners]) listener(leaving, why);
  }

  function lockNow(why: 'asked' | 'idle'): StaffSession {
    leave(why);
    if (operator !== null)
      logger.info(why === 'idle' ? 'staff.idle_locked' : 'staff.locked', { staffId: operator.staffId });
    const changed = operator !== null;
    operator = null;
    if (changed) announce();
    return session();
  }

  // The idle lock looks every few seconds; a quarter of the idle time on short settings, so it is never late by much.
  const idleTimer =
    idleLockMs === undefined
      ? undefined
      : setInterval(
          () => {
            if (operator === null) return;
            if (clock.now().getTime() - lastActivity < idleLockMs) return;
            if (options.busy?.() === true) return;
            try {
              lockNow('idle');
              idleWaitSaid = false;
            } catch (error) {
              // Something on the till must not be put aside (a sale with money on it): the lock waits for it.
              if (!idleWaitSaid) logger.info('staff.idle_lock_waits', { error });
              idleWaitSaid = true;
            }
          },
          Math.min(5_000, Math.max(250, Math.floor(idleLockMs / 4))),
        );
  idleTimer?.unref();

  const approver = (staffId: string, pin: string): Promise<StaffMember> =>
    inTurn(async () => {
      const found = staff.find((candidate) => candidate.id === staffId);
      if (found !== undefined && found.role !== 'manager') {
        throw new TillError('FORBIDDEN', words.notAManager(found.name));
      }
      const manager = member(await checkPin(staffId, pin));
      logger.info('staff.approved', { staffId });
      return manager;
    });

  /** Who is at the till now; read afresh after an await, when it may have changed. */
  const atTill = (): StaffMember | null => operator;

  return {
    words,

    loginRequired,

    list: () => staff.map(member),

    session,

    login: (staffId, pin) =>
      inTurn(async () => {
        const found = await checkPin(staffId, pin);
        operator = member(found);
        lastActivity = clock.now().getTime();
        logger.info('staff.logged_in', { staffId, role: found.role });
        announce();
        return session();
      }),

    lock: () => lockNow('asked'),

    require(role, what = words.doThis) {
      if (!loginRequired) return undefined;
      if (operator === null) throw new TillError('FORBIDDEN', words.locked);
      if (role === 'manager' && operator.role !== 'manager') {
        throw new TillError('FORBIDDEN', words.onlyManager(what));
      }
      return operator;
    },

    async allow(what, approval) {
      if (!loginRequired) return undefined;
      if (operator === null) throw new TillError('FORBIDDEN', words.locked);
      if (operator.role === 'manager') return undefined;
      if (approval === undefined) throw new TillError('APPROVAL_REQUIRED', words.needsApproval(what));
      const cashier = operator.staffId;
      const manager = await approver(approval.staffId, approval.pin);
      // The PIN took a moment to check: the approval is for the person who asked, still at the till.
      if (atTill()?.staffId !== cashier) throw new TillError('FORBIDDEN', words.locked);
      return manager;
    },

    onLeave(listener) {
      leaveListeners.add(listener);
      return () => {
        leaveListeners.delete(listener);
      };
    },

    approver,

    touch() {
      lastActivity = clock.now().getTime();
    },

    idleLockMs,

    onSession(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    close() {
      if (idleTimer !== undefined) clearInterval(idleTimer);
      listeners.clear();
      leaveListeners.clear();
    },
  };

  /** The person, when `pin` is theirs; otherwise a refusal, the wrong PIN counted (and, at the limit, the lockout). */
  async function checkPin(staffId: string, pin: string): Promise<StaffMemberConfig> {
    const found = staff.find((candidate) => candidate.id === staffId);
    if (found === undefined) throw new TillError('NOT_FOUND', words.notSetUp);
    const now = clock.now().getTime();
    const record = failures.get(staffId) ?? { count: 0, lockedUntil: 0 };
    if (record.lockedUntil > now) {
      throw new TillError('FORBIDDEN', words.tooManyWrongPins(found.name, minutes(record.lockedUntil - now)));
    }
    if (!(await verifyPin(pin, found.pinHash))) {
      const count = record.count + 1;
      if (count >= lockout.attempts) {
        failures.set(staffId, { count: 0, lockedUntil: now + lockout.lockoutMs });
        audit?.record(
          { action: 'staff.locked_out', actor: found.id, detail: { attempts: lockout.attempts } },
          clock.now().toISOString(),
        );
        logger.warn('staff.locked_out', { staffId });
        throw new TillError('FORBIDDEN', words.tooManyWrongPins(found.name, minutes(lockout.lockoutMs)));
      }
      failures.set(staffId, { count, lockedUntil: 0 });
      const left = lockout.attempts - count;
      logger.info('staff.wrong_pin', { staffId, triesLeft: left });
      throw new TillError('FORBIDDEN', words.wrongPin(left));
    }
    if (record.count > 0 || record.lockedUntil > 0) failures.clear(staffId);
    return found;
  }
}
