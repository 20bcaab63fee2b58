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

export const StaffMemberConfigSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,32}$/, 'must be 1–32 lowercase letters, digits or dashes'),
    name: z.string().trim().min(1).max(40),
    role: StaffRoleSchema,
    pinHash: z.string().regex(PIN_HASH_PATTERN, 'must be a hash made by `kassa hash-pin`, never the PIN itself'),
  })
  .strict();
export type StaffMemberConfig = z.infer<typeof StaffMemberConfigSchema>;

/** A PIN as typed at the till: 4 to 8 digits. */
export const PinSchema = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits');

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
