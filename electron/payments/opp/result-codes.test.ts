import { describe, expect, it } from 'vitest';
import { REJECT_FAMILIES, readResultCode } from './result-codes.ts';

describe('readResultCode: the till’s rules, before ACI’s groups', () => {
  it.each([
    ['800.120.100', 'throttled'],
    ['800.110.100', 'duplicate'],
    ['700.400.580', 'not_found'],
  ] as const)('%s is %s', (code, verdict) => {
    expect(readResultCode(code)).toEqual({ verdict });
  });

  it.each(['900.100.300', '900.100.100', '900.200.100', '900.300.600', '900.400.100', '000.400.030'])(
    '%s is uncertain (a communication error), not a reject',
    (code) => {
      expect(readResultCode(code)).toEqual({ verdict: 'uncertain', family: 'communication_error' });
    },
  );

  it.each(['', '000.000', '000.000.0000', '000.000.00a', ' 000.000.000', '000.000.000\n', '000-000-000', '0000000000'])(
    '%j is unreadable',
    (code) => {
      expect(readResultCode(code)).toEqual({ verdict: 'unreadable' });
    },
  );

  it('leaves the neighbours of the till’s codes to ACI’s groups', () => {
    expect(readResultCode('800.120.101')).toEqual({ verdict: 'reject', family: 'risk_validation' });
    expect(readResultCode('800.110.101')).toEqual({ verdict: 'reject', family: 'risk_validation' });
    expect(readResultCode('700.400.581')).toEqual({ verdict: 'reject', family: 'reference_validation' });
    expect(readResultCode('900.500.100')).toEqual({ verdict: 'reject', family: 'unlisted' });
    expect(readResultCode('900.110.100')).toEqual({ verdict: 'reject', family: 'unlisted' });
  });
});

describe('readResultCode: success, review, pending', () => {
  it.each([
    '000.000.000',
    '000.000.100',
    '000.100.110',
    '000.100.111',
    '000.100.112',
    '000.300.000',
    '000.600.000',
    '000.400.110',
    '000.400.120',
  ])('%s is a success', (code) => {
    expect(readResultCode(code)).toEqual({ verdict: 'success' });
  });

  it.each(['000.400.000', '000.400.020', '000.400.040', '000.400.090', '000.400.100'])(
    '%s is a success to review',
    (code) => {
      expect(readResultCode(code)).toEqual({ verdict: 'review' });
    },
  );

  it.each(['000.200.000', '000.200.100', '000.200.101'])('%s is pending, short-lived', (code) => {
    expect(readResultCode(code)).toEqual({ verdict: 'pending', pending: 'short' });
  });

  it.each(['800.400.500', '800.400.501', '100.400.500'])('%s is pending, long-lived', (code) => {
    expect(readResultCode(code)).toEqual({ verdict: 'pending', pending: 'long' });
  });

  it('draws the boundaries where ACI’s regexes do', () => {
    // 000.400.1[12]0 success, 000.400.100 review, anything else 000.400.1xx a 3-D Secure / Intercard reject.
    expect(readResultCode('000.400.130').verdict).toBe('reject');
    expect(readResultCode('000.400.101')).toEqual({ verdict: 'reject', family: '3ds_intercard_risk' });
    expect(readResultCode('000.400.111')).toEqual({ verdict: 'reject', family: '3ds_intercard_risk' });
    // 000.100.1 success, 000.100.2 chargeback.
    expect(readResultCode('000.100.199').verdict).toBe('success');
    expect(readResultCode('000.100.201')).toEqual({ verdict: 'reject', family: 'chargeback' });
    // 100.400.500 long pending, the rest of 100.400 external risk.
    expect(readResultCode('100.400.501')).toEqual({ verdict: 'reject', family: 'external_risk' });
    // 800.400.5 long pending, 800.400.1 address, 800.400.2 3-D Secure.
    expect(readResultCode('800.400.100')).toEqual({ verdict: 'reject', family: 'address_validation' });
    expect(readResultCode('800.400.200')).toEqual({ verdict: 'reject', family: '3ds' });
    expect(readResultCode('000.500.000')).toEqual({ verdict: 'reject', family: 'unlisted' });
  });
});

describe('readResultCode: the reject families', () => {
  const examples: readonly (readonly [code: string, family: string])[] = [
    ['000.400.201', '3ds_intercard_risk'],
    ['800.100.100', 'bank_decline'],
    ['800.100.153', 'bank_decline'],
    ['800.100.203', 'bank_decline'],
    ['800.700.100', 'bank_decline'],
    ['800.800.202', 'bank_decline'],
    ['800.500.100', 'system_error'],
    ['800.600.100', 'system_error'],
    ['999.999.999', 'system_error'],
    ['600.100.100', 'system_error'],
    ['800.800.800', 'system_error'],
    ['100.396.101', 'async_workflow'],
    ['100.397.101', 'async_workflow'],
    ['300.100.100', 'soft_decline'],
    ['100.400.080', 'external_risk'],
    ['100.380.100', 'external_risk'],
    ['100.370.100', 'external_risk'],
    ['100.370.110', 'external_risk'],
    ['800.400.150', 'address_validation'],
    ['100.800.100', 'address_validation'],
    ['100.380.401', '3ds'],
    ['100.390.103', '3ds'],
    ['100.100.701', 'blacklist'],
    ['800.300.101', 'blacklist'],
    ['800.200.159', 'blacklist'],
    ['800.130.100', 'risk_validation'],
    ['800.160.100', 'risk_validation'],
    ['600.200.100', 'configuration_validation'],
    ['500.100.201', 'configuration_validation'],
    ['800.121.100', 'configuration_validation'],
    ['100.150.100', 'registration_validation'],
    ['100.350.100', 'registration_validation'],
    ['100.250.100', 'job_validation'],
    ['100.360.201', 'job_validation'],
    ['700.100.100', 'reference_validation'],
    ['700.400.100', 'reference_validation'],
    ['700.400.200', 'reference_validation'],
    ['700.400.300', 'reference_validation'],
    ['700.400.700', 'reference_validation'],
    ['700.500.001', 'reference_validation'],
    ['200.300.404', 'format_validation'],
    ['100.500.101', 'format_validation'],
    ['100.370.200', 'format_validation'],
    ['800.900.300', 'format_validation'],
    ['800.900.301', 'format_validation'],
    ['100.900.500', 'format_validation'],
    ['100.600.500', 'format_validation'],
    ['100.700.100', 'contact_validation'],
    ['100.900.100', 'contact_validation'],
    ['100.100.100', 'account_validation'],
    ['100.200.100', 'account_validation'],
    ['100.210.101', 'account_validation'],
    ['100.550.300', 'amount_validation'],
    ['100.380.201', 'risk_management'],
    ['100.380.305', 'risk_management'],
    ['100.380.101', 'risk_management'],
    ['000.100.220', 'chargeback'],
  ];

  it.each(examples)('%s is a reject of the family %s', (code, family) => {
    expect(readResultCode(code)).toEqual({ verdict: 'reject', family });
  });

  it('has an example for every family', () => {
    expect(new Set(examples.map(([, family]) => family))).toEqual(new Set(REJECT_FAMILIES));
  });
});

describe('readResultCode: the code alone decides', () => {
  it('takes nothing but the code: no HTTP status goes in', () => {
    expect(readResultCode.length).toBe(1);
  });

  it('gives the same reading every time', () => {
    for (const code of ['000.000.000', '800.100.100', '800.120.100', '900.100.300'])
      expect(readResultCode(code)).toEqual(readResultCode(code));
  });
});
