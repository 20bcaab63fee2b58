import { text } from 'node:stream/consumers';
import { PinSchema } from '../../shared/staff/staff.ts';
import { hashPin } from '../staff/pin-hash.ts';
import { UsageError } from './arguments.ts';

/**
 * `kassa hash-pin`: turns a PIN into the hash IT puts in a staff member's
 * `pinHash`. The PIN is read from standard input, never from the command
 * line, so it stays out of shell history and process listings.
 */

export const HASH_PIN_USAGE = `kassa hash-pin < pin.txt      (or: printf 1234 | kassa hash-pin)

Reads a PIN (4 to 8 digits) from standard input and prints its scrypt hash for
the staff section of a till's configuration:
  "staff": [{ "id": "anna", "name": "Anna", "role": "cashier", "pinHash": "<the hash>" }]`;

export async function hashPinCommand(
  argv: readonly string[],
  input: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  if (argv.length > 0) throw new UsageError('hash-pin takes no arguments: give the PIN on standard input');
  const pin = PinSchema.safeParse((await text(input)).trim());
  if (!pin.success) throw new UsageError('a PIN is 4 to 8 digits');
  process.stdout.write(`${await hashPin(pin.data)}\n`);
  return 0;
}
