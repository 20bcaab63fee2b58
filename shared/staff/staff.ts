import { z } from 'zod';

/**
 * Who works the till and what each may do. Staff are provisioned by IT in the
 * till's configuration; main keeps who is logged in and checks the role on
 * every call that needs one, so hiding a button is never the only guard.
 */

export const StaffRoleSchema = z.enum(['cashier', 'manager']);
export type StaffRole = z.infer<typeof StaffRoleSchema>;

/**
 * A PIN as it may be stored: scrypt with its cost, salt and hash, never the
 * PIN itself. `kassa hash-pin` makes one: `scrypt$N$r$p$<salt base64>$<hash base64>`.
 */
export const PIN_HASH_PATTERN = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/**
 * The scrypt costs a stored hash may name. Below N = 2^15 with r = 8 (what
 * `kassa hash-pin` makes: 32 MiB a check) a stolen configuration gives up
 * every 4-digit PIN in seconds, so such a hash is refused rather than trusted.
 * Above the ceiling (128 · N · r bytes of memory: 256 MiB, and p up to 4)
 * checking one PIN would take the till's memory and seconds of its time,
 * which is a way to stall it.
 */
export const SCRYPT_COST_LIMITS = { minN: 2 ** 15, minR: 8, maxMemoryBytes: 256 * 1024 * 1024, maxP: 4 } as const;

/** Whether the costs in a `scrypt$N$r$p$…` hash are within SCRYPT_COST_LIMITS; false for anything else. */
export function pinHashCostAllowed(hash: string): boolean {
  const parts = PIN_HASH_PATTERN.exec(hash);
  if (parts === null) return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const powerOfTwo = Number.isSafeInteger(n) && n > 1 && (n & (n - 1)) === 0;
  return (
    powerOfTwo &&
    n >= SCRYPT_COST_LIMITS.minN &&
    r >= SCRYPT_COST_LIMITS.minR &&
    128 * n * r <= SCRYPT_COST_LIMITS.maxMemoryBytes &&
    p >= 1 &&
    p <= SCRYPT_COST_LIMITS.maxP
  );
}

export const StaffMemberConfigSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,32}$/, 'must be 1–32 lowercase letters, digits or dashes'),
    name: z.string().trim().min(1).max(40),
    role: StaffRoleSchema,
    pinHash: z
      .string()
      .regex(PIN_HASH_PATTERN, 'must be a hash made by `kassa hash-pin`, never the PIN itself')
      .refine(
        (hash) => !PIN_HASH_PATTERN.test(hash) || pinHashCostAllowed(hash),
        'was made with a scrypt cost this till does not accept (at least N = 2^15 and r = 8, at most 256 MiB): make it again with `kassa hash-pin`',
      ),
  })
  .strict();
export type StaffMemberConfig = z.infer<typeof StaffMemberConfigSchema>;

/** A PIN as typed at the till: 4 to 8 digits. */
export const PinSchema = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits');

/**
 * A manager's name and PIN, typed at the till to allow one thing a cashier may
 * not do alone, without logging the cashier out. Main checks the PIN (wrong
 * ones count towards that manager's lockout) and records who approved what.
 */
export const ManagerApprovalSchema = z.object({ staffId: z.string().min(1).max(32), pin: PinSchema }).strict();
export type ManagerApproval = z.infer<typeof ManagerApprovalSchema>;

/** A member of staff as the lock screen shows them: no hash, ever. */
export const StaffMemberSchema = z.object({ staffId: z.string(), name: z.string(), role: StaffRoleSchema });
export type StaffMember = z.infer<typeof StaffMemberSchema>;

/** Who is at the till now; `operator` is null while the till is locked. */
export const StaffSessionSchema = z.object({
  /** False on a till with no staff set up: anyone at it may sell, as on a single-person shop. */
  loginRequired: z.boolean(),
  operator: StaffMemberSchema.nullable(),
});
export type StaffSession = z.infer<typeof StaffSessionSchema>;
