import { ShopIdSchema } from '../../../shared/hq/hq-contract.ts';
import type { HqRole, HqStore } from '../hq-store.ts';
import { newEnrolmentCode } from './enrolment-code.ts';
import { hashPassword } from './password-hash.ts';

/** What IT does to HQ from the command line, without the command line: tested on a real store. */

export interface IssuedCode {
  /** ABCD-EFGH-JKLM-NPQR: shown once, never stored. */
  readonly code: string;
  readonly expiresAt: string;
}

/** Adds the shop if it is new and makes a one-time code that enrols one till into it. */
export async function issueEnrolmentCode(
  store: HqStore,
  request: { shopId: string; shopName: string; days: number; now: Date },
): Promise<IssuedCode> {
  const shopId = ShopIdSchema.parse(request.shopId);
  await store.addShop({ shopId, shopName: request.shopName });
  const { code, codeHash } = newEnrolmentCode();
  const expiresAt = new Date(request.now.getTime() + request.days * 86_400_000).toISOString();
  await store.addEnrolmentCode({ codeHash, shopId, expiresAt, createdAt: request.now.toISOString() });
  return { code, expiresAt };
}

/** Names of head-office accounts: what a person types at the sign-in form. */
export const ACCOUNT_NAME = /^[A-Za-z0-9._@-]{1,64}$/;
export const MIN_PASSWORD_LENGTH = 12;

/** Adds an account (its password kept as a scrypt hash only). */
export async function addAccount(
  store: HqStore,
  account: { name: string; role: HqRole; password: string },
): Promise<void> {
  if (!ACCOUNT_NAME.test(account.name))
    throw new RangeError('An account name is 1 to 64 letters, digits, dots, dashes, underscores or @.');
  if (account.password.length < MIN_PASSWORD_LENGTH) {
    throw new RangeError(`A password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  await store.addAccount({
    name: account.name,
    role: account.role,
    passwordHash: await hashPassword(account.password),
  });
}
