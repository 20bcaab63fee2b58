import { randomBytes } from 'node:crypto';
import { EnrolmentCodeSchema } from '../../../shared/hq/hq-contract.ts';
import { sha256Hex } from './secret-hashes.ts';

/**
 * One-time enrolment codes: 16 characters from an alphabet without the
 * look-alikes IT misreads from a screen or a phone call (no I, O, 0 or 1),
 * printed in groups of four. 32 characters make 5 bits each, 80 bits a code:
 * far beyond guessing within the days a code lives, so enrolment needs no
 * throttle of its own.
 */

export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 16;

export interface NewEnrolmentCode {
  /** What IT types at the till: ABCD-EFGH-JKLM-NPQR. */
  readonly code: string;
  /** What HQ keeps. */
  readonly codeHash: string;
}

export function newEnrolmentCode(): NewEnrolmentCode {
  // 256 is a multiple of 32, so taking each byte modulo 32 favours no character.
  const characters = [...randomBytes(CODE_LENGTH)].map((byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length] ?? '');
  const bare = characters.join('');
  return { code: bare.match(/.{4}/g)?.join('-') ?? bare, codeHash: enrolmentCodeHash(bare) };
}

/** The hash of a code as typed (dashes, spaces and case do not matter), or undefined when it is no code. */
export function enrolmentCodeHash(typed: string): string {
  return sha256Hex(EnrolmentCodeSchema.parse(typed));
}
