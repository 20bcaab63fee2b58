import { describe, expect, it } from 'vitest';
import { createScannerGate, typedInto, type FieldState, type GateDecision, type ScannerGate } from './scanner-gate.ts';

/**
 * A text field as the browser keeps it: a key the gate lets pass is typed at
 * the caret; `restore` and `giveBack` are applied the way the page applies them.
 */
class Field {
  state: FieldState;
  constructor(value: string) {
    this.state = { value, selectionStart: value.length, selectionEnd: value.length };
  }
  get value() {
    return this.state.value;
  }
}

interface Run {
  decisions: GateDecision<string>[];
  scans: string[];
  /** Enter keys that reached the page: each would submit the form. */
  submits: number;
}

/** Presses `keys` into `field` (or outside any field), `gapMs` apart from `startMs`, as the page does. */
function press(
  gate: ScannerGate<string>,
  field: Field | undefined,
  keys: readonly string[],
  gapMs: number,
  startMs = 1_000,
  run: Run = { decisions: [], scans: [], submits: 0 },
): Run {
  let at = startMs;
  const apply = (decision: GateDecision<string>, key: string | undefined) => {
    run.decisions.push(decision);
    if (decision.kind === 'hold' && decision.restore !== undefined && field !== undefined) {
      field.state = decision.restore.state;
    }
    if (decision.kind === 'scan') run.scans.push(decision.code);
    if (decision.kind === 'giveBack' && decision.into !== undefined && field !== undefined) {
      field.state = typedInto(decision.into.state, decision.text);
    }
    const passes = decision.kind === 'pass' || (decision.kind === 'giveBack' && decision.then === 'pass');
    if (passes && key !== undefined) {
      if (key === 'Enter') run.submits += 1;
      else if (key.length === 1 && field !== undefined) field.state = typedInto(field.state, key);
    }
  };
  for (const key of keys) {
    const settled = gate.settle(at);
    if (settled !== undefined) apply(settled, undefined);
    apply(
      gate.key({ key, atMs: at, field: field === undefined ? undefined : { name: 'amount', state: field.state } }),
      key,
    );
    at += gapMs;
  }
  const settled = gate.settle(at + gate.settleAfterMs);
  if (settled !== undefined) apply(settled, undefined);
  return run;
}

const burst = (code: string) => [...Array.from(code), 'Enter'];

describe('the scanner gate in a text field', () => {
  it('keeps a scan out of an amount field that already held an amount, and never lets its Enter submit', () => {
    const amount = new Field('20');
    const run = press(createScannerGate(), amount, burst('8713021110000'), 5);
    expect(amount.value).toBe('20');
    expect(run.scans).toEqual(['8713021110000']);
    expect(run.submits).toBe(0);
  });

  it('puts the caret back where it was, not only the text', () => {
    const amount = new Field('1250');
    amount.state = { value: '1250', selectionStart: 2, selectionEnd: 2 };
    press(createScannerGate(), amount, burst('87103985'), 4);
    expect(amount.state).toEqual({ value: '1250', selectionStart: 2, selectionEnd: 2 });
  });

  it('takes the first key of a burst back out of the field as soon as the second key shows it was a burst', () => {
    const amount = new Field('');
    const gate = createScannerGate<string>();
    const first = gate.key({ key: '8', atMs: 0, field: { name: 'amount', state: amount.state } });
    expect(first).toEqual({ kind: 'pass' });
    amount.state = typedInto(amount.state, '8');
    const second = gate.key({ key: '7', atMs: 5, field: { name: 'amount', state: amount.state } });
    expect(second).toEqual({
      kind: 'hold',
      restore: { name: 'amount', state: { value: '', selectionStart: 0, selectionEnd: 0 } },
    });
  });

  it('lets a person type an amount and submit it with Enter', () => {
    const amount = new Field('');
    const run = press(createScannerGate(), amount, ['5', '0', 'Enter'], 150);
    expect(amount.value).toBe('50');
    expect(run.submits).toBe(1);
    expect(run.scans).toEqual([]);
  });

  it('gives a person’s two quick keys back when they stop, so nothing they typed is lost', () => {
    const amount = new Field('1');
    const run = press(createScannerGate(), amount, ['2', '0'], 20);
    expect(amount.value).toBe('120');
    expect(run.scans).toEqual([]);
  });

  it('gives quick keys back before the next slow key lands, in order', () => {
    const amount = new Field('');
    const gate = createScannerGate<string>();
    const run = press(gate, amount, ['2', '0'], 20, 0);
    press(gate, amount, ['5'], 0, 500, run);
    expect(amount.value).toBe('205');
  });

  it('eats the Enter that ends a burst too short to be a code, and gives the keys back', () => {
    const amount = new Field('');
    const run = press(createScannerGate(), amount, ['1', '2', 'Enter'], 10);
    expect(amount.value).toBe('12');
    expect(run.submits).toBe(0);
    expect(run.scans).toEqual([]);
  });

  it('lets an Enter a person presses after a pause submit', () => {
    const amount = new Field('');
    const gate = createScannerGate<string>();
    const run = press(gate, amount, ['1', '2'], 10, 0);
    press(gate, amount, ['Enter'], 0, 400, run);
    expect(amount.value).toBe('12');
    expect(run.submits).toBe(1);
  });

  it('treats a key held down (auto-repeat) as a person', () => {
    const amount = new Field('');
    const gate = createScannerGate<string>();
    let at = 0;
    for (let count = 0; count < 5; count += 1) {
      const decision = gate.key({
        key: '0',
        atMs: (at += 30),
        field: { name: 'amount', state: amount.state },
        person: at > 30,
      });
      expect(decision.kind === 'pass' || decision.kind === 'giveBack').toBe(true);
      amount.state = typedInto(amount.state, '0');
    }
    expect(amount.value).toBe('00000');
  });

  it('reads capital letters in a code, Shift and all', () => {
    const search = new Field('');
    const keys = ['Shift', 'A', 'B', 'Shift', 'C', '1', '2', 'Enter'];
    const run = press(createScannerGate(), search, keys, 3);
    expect(run.scans).toEqual(['ABC12']);
    expect(search.value).toBe('');
  });

  it('ends a burst at a key that is not part of a code, giving its keys back first', () => {
    const amount = new Field('');
    const run = press(createScannerGate(), amount, ['4', '2', 'Backspace'], 5);
    expect(run.decisions.at(-1)).toMatchObject({ kind: 'giveBack', text: '42', then: 'pass' });
    expect(amount.value).toBe('42');
  });
});

describe('the scanner gate outside text fields', () => {
  it('reads a whole scan that comes after a person’s quick keys went unfinished', () => {
    const gate = createScannerGate<string>();
    gate.key({ key: '1', atMs: 0 });
    expect(gate.key({ key: '2', atMs: 5 })).toEqual({ kind: 'hold' });
    // Unsettled (the page settles after a second), the next scan's first key ends the old burst.
    expect(gate.key({ key: '4', atMs: 2_000 })).toMatchObject({ kind: 'giveBack', text: '12', then: 'pass' });
    gate.key({ key: '5', atMs: 2_005 });
    const run = press(gate, undefined, burst('678'), 5, 2_010);
    expect(run.scans).toEqual(['45678']);
  });

  it('reports a scan and keeps its Enter from pressing a focused button', () => {
    const run = press(createScannerGate(), undefined, burst('8713021110000'), 5);
    expect(run.scans).toEqual(['8713021110000']);
    expect(run.submits).toBe(0);
  });

  it('reads two scans in a row', () => {
    const gate = createScannerGate<string>();
    const run = press(gate, undefined, burst('11112222'), 4, 0);
    press(gate, undefined, burst('33334444'), 4, 300, run);
    expect(run.scans).toEqual(['11112222', '33334444']);
  });
});

describe('typing into a field', () => {
  it('replaces the selection and leaves the caret after the text', () => {
    expect(typedInto({ value: 'abcdef', selectionStart: 1, selectionEnd: 3 }, 'XY')).toEqual({
      value: 'aXYdef',
      selectionStart: 3,
      selectionEnd: 3,
    });
  });

  it('appends when the field has no caret', () => {
    expect(typedInto({ value: '12', selectionStart: null, selectionEnd: null }, '3').value).toBe('123');
  });
});
