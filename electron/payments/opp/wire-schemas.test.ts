import { describe, expect, it } from 'vitest';
import { ErrorAnswer, Link, LinkList, LooseTransaction, QueryAnswer, Transaction } from './wire-schemas.ts';

const RESULT = {
  code: '000.100.110',
  description: "Request successfully processed in 'Merchant in Integrator Test Mode'",
};

function without(value: object, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([name]) => name !== key));
}

const PAYMENT = {
  id: '8ac7a4a1845f7e2a01845fa3a4bf3c2d',
  paymentType: 'DB',
  paymentBrand: 'VISA',
  amount: '12.34',
  currency: 'EUR',
  merchantTransactionId: 'K-3-91',
  result: RESULT,
  card: { bin: '420000', last4Digits: '0000', holder: 'Jane Jones', expiryMonth: '05', expiryYear: '2034' },
  buildNumber: 'b4b2c8b6a1@2026-12-01',
  timestamp: '2026-12-06 07:05:03.123+0000',
  ndc: '8a8294174b7ecb28014b9699220015ca_2b7c',
};

describe('Transaction', () => {
  it('reads a payment, keeping what it does not know', () => {
    const parsed = Transaction.parse(PAYMENT);
    expect(parsed).toMatchObject({ id: PAYMENT.id, amount: '12.34', card: { last4Digits: '0000' } });
    expect(parsed.ndc).toBe(PAYMENT.ndc);
  });

  it('reads ACI’s documented refund answer with its referencedId', () => {
    const refund = {
      id: '8ac7a49f8ed2a6be018ed3d5c3bd4eff',
      referencedId: '8ac7a4a28ed2c5d4018ed3d4b6b053d8',
      paymentType: 'RF',
      amount: '4000.00',
      currency: 'EUR',
      descriptor: '5521.4545.2626 OPP_Channel',
      merchantTransactionId: 'P155',
      result: {
        code: '000.100.112',
        description: "Request successfully processed in 'Merchant in Connector Test Mode'",
      },
    };
    expect(Transaction.parse(refund).referencedId).toBe('8ac7a4a28ed2c5d4018ed3d4b6b053d8');
  });

  it('reads nulls as absent and refuses a payment without an id, amount or result code', () => {
    expect(Transaction.parse({ ...PAYMENT, paymentBrand: null, card: null })).toMatchObject({
      paymentBrand: undefined,
      card: undefined,
    });
    expect(Transaction.safeParse(without(PAYMENT, 'id')).success).toBe(false);
    expect(Transaction.safeParse(without(PAYMENT, 'amount')).success).toBe(false);
    expect(Transaction.safeParse({ ...PAYMENT, result: { description: 'x' } }).success).toBe(false);
  });

  it('reads a reversal without an amount as a loose transaction only', () => {
    const reversal = { id: 'rv1', referencedId: PAYMENT.id, paymentType: 'RV', result: RESULT };
    expect(Transaction.safeParse(reversal).success).toBe(false);
    const parsed = LooseTransaction.parse(reversal);
    expect(parsed.id).toBe('rv1');
    expect(parsed.amount).toBeUndefined();
  });
});

describe('QueryAnswer', () => {
  it('reads a list, none as empty', () => {
    expect(QueryAnswer.parse({ result: RESULT, payments: [PAYMENT] }).payments).toHaveLength(1);
    expect(QueryAnswer.parse({ result: { code: '700.400.580', description: 'cannot find transaction' } })).toEqual({
      result: { code: '700.400.580', description: 'cannot find transaction' },
      payments: [],
    });
  });

  it('reads one transaction at the top level as a list of one', () => {
    const parsed = QueryAnswer.parse(PAYMENT);
    expect(parsed.result.code).toBe('000.100.110');
    expect(parsed.payments.map((payment) => payment.id)).toEqual([PAYMENT.id]);
  });
});

describe('Link and LinkList', () => {
  const LINK = {
    id: 'pbl_81a2',
    link: 'https://eu-test.oppwa.com/paybylink/pbl_81a2',
    status: 'ACTIVE',
    validUntil: '2026-12-06T08:05:00Z',
    merchantTransactionId: 'K-3-91',
    amount: '12.34',
    currency: 'EUR',
    paymentType: 'DB',
    result: { code: '000.200.100', description: 'successfully created checkout' },
  };

  it('reads a link, and a paid one with its payment id', () => {
    expect(Link.parse(LINK).status).toBe('ACTIVE');
    expect(Link.parse({ ...LINK, status: 'PAID', paymentId: PAYMENT.id }).paymentId).toBe(PAYMENT.id);
  });

  it('refuses a status outside ACTIVE, PAID, EXPIRED, DEACTIVATED, and a link without its address', () => {
    expect(Link.safeParse({ ...LINK, status: 'OPEN' }).success).toBe(false);
    expect(Link.safeParse({ ...LINK, link: '' }).success).toBe(false);
  });

  it('reads a list, none as empty', () => {
    expect(LinkList.parse({ result: RESULT, links: [LINK] }).links).toHaveLength(1);
    expect(LinkList.parse({ result: RESULT }).links).toEqual([]);
  });
});

describe('ErrorAnswer', () => {
  it('reads a result alone', () => {
    expect(ErrorAnswer.parse({ result: { code: '800.120.100', description: 'Too many requests' } }).result.code).toBe(
      '800.120.100',
    );
    expect(ErrorAnswer.safeParse({}).success).toBe(false);
  });
});
