import { describe, expect, it } from 'vitest';
import { startPaymentHarness } from './testing/payment-harness.ts';

describe('smoke', () => {
  it('sync approve', async () => {
    const h = await startPaymentHarness();
    const r = await h.pay(1234);
    expect(r.state).toBe('approved');
    expect(h.journal.events(r.id).map((e) => e.to)).toEqual(['created', 'sent', 'approved']);
  });
  it('async approve', async () => {
    const h = await startPaymentHarness({ delivery: 'async' });
    const r = await h.pay(1234);
    console.log(h.logger.lines.filter((l) => l.level !== 'debug').map((l) => l.msg + ' ' + JSON.stringify(l)).join('\n'));
    expect(r.state).toBe('approved');
    expect(h.journal.events(r.id).map((e) => e.to)).toEqual(['created', 'sent', 'in_progress', 'approved']);
  });
});
