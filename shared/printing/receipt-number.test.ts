import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { receiptNumberFrom } from './receipt-number.ts';

describe('receiptNumberFrom', () => {
  it.each([
    ['42', 'TILL-1-000042'],
    ['000042', 'TILL-1-000042'],
    [' 42 ', 'TILL-1-000042'],
    ['till-1-000042', 'TILL-1-000042'],
    ['TILL-1-42', 'TILL-1-000042'],
    ['1234567', 'TILL-1-1234567'],
  ])('reads %j as the sale receipt %s of this till', (typed, expected) => {
    expect(receiptNumberFrom(typed, 'TILL-1')).toEqual({ kind: 'sale', receiptNumber: expected });
  });

  it.each([
    ['R1', 'TILL-1-R000001'],
    ['r000001', 'TILL-1-R000001'],
    ['till-1-r1', 'TILL-1-R000001'],
    ['TILL-1-R000001', 'TILL-1-R000001'],
  ])('reads %j as the refund receipt %s of this till', (typed, expected) => {
    expect(receiptNumberFrom(typed, 'TILL-1')).toEqual({ kind: 'refund', receiptNumber: expected });
  });

  it('keeps another till in front, in capitals, so the refusal can name it', () => {
    expect(receiptNumberFrom('till-2-42', 'TILL-1')).toEqual({ kind: 'sale', receiptNumber: 'TILL-2-000042' });
  });

  it('writes the till as this till spells it', () => {
    expect(receiptNumberFrom('SHOP-7', 'shop')).toEqual({ kind: 'sale', receiptNumber: 'shop-000007' });
  });

  it.each(['', '   ', 'abc', '0', '000000', 'TILL-1-', '42 43', '42.0', 'TILL 1 42', 'x'.repeat(41)])(
    'says %j is not a receipt number',
    (typed) => {
      expect(receiptNumberFrom(typed, 'TILL-1')).toBeUndefined();
    },
  );

  it('finds every number the till wrote from its full form in any case and from its last digits', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,14}[A-Za-z0-9]$/),
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.boolean(),
        (tillId, sequence, refund) => {
          const written = `${tillId}-${refund ? 'R' : ''}${String(sequence).padStart(6, '0')}`;
          const kind = refund ? 'refund' : 'sale';
          const short = `${refund ? 'r' : ''}${String(sequence)}`;
          expect(receiptNumberFrom(written, tillId)).toEqual({ kind, receiptNumber: written });
          expect(receiptNumberFrom(written.toLowerCase(), tillId)).toEqual({ kind, receiptNumber: written });
          expect(receiptNumberFrom(short, tillId)).toEqual({ kind, receiptNumber: written });
        },
      ),
    );
  });
});
