import { describe, expect, it } from 'vitest';
import type { KassaApi } from '../../shared/ipc/contract.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { useManagerApproval, withManagerApproval } from './manager-approval.ts';

/** The bridge's side of an inline approval, against a main that answers as the test scripts it. */

function bridgeAnswering(answer: (channel: string, request: Record<string, unknown>) => Result<unknown>) {
  const sent: { channel: string; request: Record<string, unknown> }[] = [];
  const api = new Proxy(
    {},
    {
      get: (_target, channel: string) => (request: Record<string, unknown>) => {
        sent.push({ channel, request });
        return Promise.resolve(answer(channel, request));
      },
    },
  ) as KassaApi;
  const bridge: RendererBridge = { api, onEvent: () => () => undefined, onConnection: () => () => undefined };
  return { bridge: withManagerApproval(bridge), sent };
}

const NEEDS = 'Only a manager can open the cash drawer without a sale. Ask a manager to approve it with their PIN.';

/** Main as it answers the drawer: refused without an approval, a wrong PIN refused, Bo's PIN let through. */
const drawerMain = (_channel: string, request: Record<string, unknown>): Result<unknown> => {
  const approval = request.approval as { pin: string } | undefined;
  if (approval === undefined) return fail('APPROVAL_REQUIRED', NEEDS);
  if (approval.pin !== '97531') return fail('FORBIDDEN', 'Wrong PIN. 4 tries left.');
  return ok({ drawer: 'opened' });
};

async function asked() {
  await expect.poll(() => useManagerApproval.getState().asked).toBeDefined();
  const question = useManagerApproval.getState().asked;
  if (question === undefined) throw new Error('no approval asked');
  return question;
}

describe('asking a manager on the spot', () => {
  it('sends the same request again with the approval, keeps asking after a wrong PIN, and answers the caller', async () => {
    const { bridge, sent } = bridgeAnswering(drawerMain);
    const answer = bridge.api['drawer.open']({ reason: 'Change for the float' });
    const question = await asked();
    expect(question.message).toBe(NEEDS);

    expect(await question.approve({ staffId: 'bo', pin: '00000' })).toBe('Wrong PIN. 4 tries left.');
    expect(useManagerApproval.getState().asked).toBe(question);
    expect(await question.approve({ staffId: 'bo', pin: '97531' })).toBeUndefined();

    expect(await answer).toEqual({ ok: true, value: { drawer: 'opened' } });
    expect(useManagerApproval.getState().asked).toBeUndefined();
    expect(sent.map(({ request }) => request)).toEqual([
      { reason: 'Change for the float' },
      { reason: 'Change for the float', approval: { staffId: 'bo', pin: '00000' } },
      { reason: 'Change for the float', approval: { staffId: 'bo', pin: '97531' } },
    ]);
  });

  it("answers main's refusal when nobody approves", async () => {
    const { bridge } = bridgeAnswering(drawerMain);
    const answer = bridge.api['drawer.open']({ reason: 'Change for the float' });
    (await asked()).cancel();
    expect(await answer).toEqual({ ok: false, error: { code: 'APPROVAL_REQUIRED', message: NEEDS } });
    expect(useManagerApproval.getState().asked).toBeUndefined();
  });

  it("leaves the sale's commands to the sale screen's own approval panel", async () => {
    const { bridge } = bridgeAnswering(() => fail('APPROVAL_REQUIRED', 'A manager must approve the discount.'));
    expect(await bridge.api['sales.setDiscount']({ saleId: 'S-1', lineId: 'L1', discount: null })).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_REQUIRED' },
    });
    expect(useManagerApproval.getState().asked).toBeUndefined();
  });
});
