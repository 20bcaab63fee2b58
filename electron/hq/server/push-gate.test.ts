import { describe, expect, it } from 'vitest';
import { createPushGate, type PushAdmission, type PushGate } from './push-gate.ts';

/** The gate alone: who is let in, in what order, and who is turned away. No HTTP, no timers. */

type Admitted = Extract<PushAdmission, { admitted: true }>;

function admitted(admission: PushAdmission): Admitted {
  if (!admission.admitted) throw new Error(`expected to be let in, was refused: ${admission.refusal}`);
  return admission;
}

/** Enters `gate` as push `name`, noting the order in which pushes get in. */
function pushesInto(gate: PushGate) {
  const order: string[] = [];
  function enter(name: string, hungUp = new AbortController().signal): Promise<PushAdmission> {
    return gate.enter(hungUp).then((admission) => {
      if (admission.admitted) order.push(name);
      return admission;
    });
  }
  return { order, enter };
}

describe('the push gate', () => {
  it('lets in at most atOnce pushes, and the others in the order they came as each leaves', async () => {
    const gate = createPushGate({ atOnce: 2, maxWaiting: 10 });
    const { order, enter } = pushesInto(gate);
    const a = enter('a');
    const b = enter('b');
    const c = enter('c');
    const d = enter('d');
    const e = enter('e');

    const first = admitted(await a);
    const second = admitted(await b);
    expect([gate.inside, gate.waiting]).toEqual([2, 3]);

    second.leave();
    const third = admitted(await c);
    expect(order).toEqual(['a', 'b', 'c']);
    expect([gate.inside, gate.waiting]).toEqual([2, 2]);

    // Leaving twice gives one turn, not two.
    first.leave();
    first.leave();
    const fourth = admitted(await d);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect([gate.inside, gate.waiting]).toEqual([2, 1]);

    // e has c's turn from the moment c leaves, before its promise settles: one that comes now waits.
    third.leave();
    const late = enter('late');
    expect([gate.inside, gate.waiting]).toEqual([2, 1]);
    fourth.leave();
    admitted(await e);
    admitted(await late);
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e', 'late']);
  });

  it('takes a push whose client hung up out of the queue, and gives its turn to the next', async () => {
    const gate = createPushGate({ atOnce: 1, maxWaiting: 10 });
    const { order, enter } = pushesInto(gate);
    const first = admitted(await enter('a'));
    const leavingClient = new AbortController();
    const b = enter('b', leavingClient.signal);
    const c = enter('c');
    expect(gate.waiting).toBe(2);

    leavingClient.abort();
    await expect(b).resolves.toEqual({ admitted: false, refusal: 'hung_up' });
    expect(gate.waiting).toBe(1);

    first.leave();
    admitted(await c);
    expect(order).toEqual(['a', 'c']);
    expect([gate.inside, gate.waiting]).toEqual([1, 0]);

    // Gone before it asked: not queued at all.
    await expect(enter('d', AbortSignal.abort())).resolves.toEqual({ admitted: false, refusal: 'hung_up' });
    expect(gate.waiting).toBe(0);
  });

  it('keeps the turn of a push whose client hangs up once it is in', async () => {
    const gate = createPushGate({ atOnce: 1, maxWaiting: 10 });
    const first = admitted(await gate.enter(new AbortController().signal));
    const client = new AbortController();
    const waiting = gate.enter(client.signal);
    first.leave();
    const second = admitted(await waiting);
    // It is being written: the push itself leaves when its transaction is done, not when the client goes.
    client.abort();
    expect(gate.inside).toBe(1);
    second.leave();
    expect(gate.inside).toBe(0);
  });

  it('refuses at once a push beyond maxWaiting, and queues again once there is room', async () => {
    const gate = createPushGate({ atOnce: 1, maxWaiting: 2 });
    const { order, enter } = pushesInto(gate);
    const first = admitted(await enter('a'));
    const b = enter('b');
    const c = enter('c');

    await expect(enter('d')).resolves.toEqual({ admitted: false, refusal: 'queue_full' });
    expect([gate.inside, gate.waiting]).toEqual([1, 2]);

    first.leave();
    const second = admitted(await b);
    const e = enter('e');
    expect(gate.waiting).toBe(2);
    second.leave();
    admitted(await c).leave();
    admitted(await e);
    expect(order).toEqual(['a', 'b', 'c', 'e']);
  });

  it('lets at least one push in', () => {
    expect(() => createPushGate({ atOnce: 0, maxWaiting: 10 })).toThrow(RangeError);
  });
});
