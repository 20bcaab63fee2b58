/**
 * Where a scanner's keys may go. A keyboard-wedge scanner types its code and
 * Enter a few milliseconds apart, into whatever has focus: an amount, a PIN,
 * a quantity. This gate sees every key first (the page listens in the capture
 * phase) and decides, from the keys and their times alone:
 *
 * - a person's keys pass untouched;
 * - from the second key of a fast burst on, the keys are held back from the
 *   field, and the first key, which had already landed, is taken out again
 *   (`restore`: the field as it was before the burst);
 * - the Enter that ends a burst never reaches the field, so it can never
 *   submit a form: a burst long enough is a scan (`scan`), a shorter one was a
 *   person typing fast, and their keys are put back where they would have
 *   gone (`giveBack`), Enter eaten so they look before they confirm.
 *
 * Pure: no DOM. `F` is whatever names a field (an element on the page, a
 * string in the tests); `FieldState` is what it held when the burst began.
 */

import { createBarcodeWedge, type WedgeOptions } from './barcode-wedge.ts';

export interface FieldState {
  value: string;
  /** The caret or selection, where the browser says (an `input type=number` has none). */
  selectionStart: number | null;
  selectionEnd: number | null;
}

export interface GateKey<F> {
  /** `KeyboardEvent.key`. */
  key: string;
  atMs: number;
  /** The text field the key goes to, with what it holds before this key; undefined outside text fields. */
  field?: { name: F; state: FieldState } | undefined;
  /** A key held down repeating, or with Ctrl, Alt or Meta: always a person. */
  person?: boolean;
}

/** A field and what to put back in it. */
export interface FieldRestore<F> {
  name: F;
  state: FieldState;
}

export type GateDecision<F> =
  /** Let the key do what it does. */
  | { kind: 'pass' }
  /** Keep the key from the page; `restore`: set this field back to what it held before the burst. */
  | { kind: 'hold'; restore?: FieldRestore<F> }
  /** A scan: the Enter is kept from the page; the field (if any) already holds what it held before. */
  | { kind: 'scan'; code: string; field: F | undefined }
  /**
   * Not a scan after all: put `text` into the field where the caret was, then
   * `pass` this key on or `hold` it (an Enter that ended the burst).
   */
  | { kind: 'giveBack'; into: FieldRestore<F> | undefined; text: string; then: 'pass' | 'hold' };

export interface ScannerGate<F> {
  key(input: GateKey<F>): GateDecision<F>;
  /**
   * Time passing with no key: a burst that stopped without an Enter was a
   * person (or a scanner without a suffix, which the till does not support);
   * answers what to give back, once.
   */
  settle(atMs: number): GateDecision<F> | undefined;
  /**
   * How long after the last held key the page asks `settle`, by the clock on
   * the wall: key times come from the input pipeline and can run behind it.
   * Longer than any pause inside a real scan on a busy machine; a person's
   * quick keys reach the field at the latest this long after they stop (at
   * once when they type on, click, or leave the field).
   */
  readonly settleAfterMs: number;
}

const PASS = { kind: 'pass' } as const;

export function createScannerGate<F>(options: WedgeOptions = {}): ScannerGate<F> {
  const maxGapMs = options.maxGapMs ?? 40;
  const wedge = createBarcodeWedge(options);
  /** The field the latest key went to, and what it held before that key: where a burst began. */
  let origin: FieldRestore<F> | undefined;
  let held = '';
  let lastAt = Number.NEGATIVE_INFINITY;
  let burst = false;

  const endBurst = (then: 'pass' | 'hold'): GateDecision<F> => {
    const decision: GateDecision<F> = { kind: 'giveBack', into: origin, text: held, then };
    burst = false;
    held = '';
    origin = undefined;
    return decision;
  };

  const forget = () => {
    burst = false;
    held = '';
    origin = undefined;
    wedge.reset();
  };

  return {
    settleAfterMs: 1_000,

    key({ key, atMs, field, person = false }) {
      // A key stamped before the last one (clocks of two input sources) is no part of its burst.
      const fast = atMs >= lastAt && atMs - lastAt <= maxGapMs;
      const printable = key.length === 1;
      if (!printable && key !== 'Enter') {
        // Shift (capital letters in a code) is part of a scan; any other key ends a burst.
        if (key === 'Shift') return burst ? { kind: 'hold' } : PASS;
        const decision = burst ? endBurst('pass') : PASS;
        forget();
        return decision;
      }
      lastAt = atMs;
      const sameField = field?.name === origin?.name;
      if (person) {
        // A repeating key or a shortcut: a person at the keyboard.
        const decision = burst ? endBurst('pass') : PASS;
        forget();
        return decision;
      }
      if (burst && (!fast || !sameField)) {
        // A key after the burst went quiet: its keys go back first, and this key may start a scan of its own.
        const decision = endBurst('pass');
        wedge.reset();
        wedge.key(key, atMs);
        const refilled =
          decision.kind === 'giveBack' && decision.into !== undefined && decision.into.name === field?.name;
        origin =
          refilled && decision.into !== undefined
            ? { name: decision.into.name, state: typedInto(decision.into.state, decision.text) }
            : field;
        return decision;
      }

      const code = wedge.key(key, atMs);
      if (key === 'Enter') {
        if (code !== undefined && burst) {
          const scanned: GateDecision<F> = { kind: 'scan', code, field: origin?.name };
          forget();
          return scanned;
        }
        if (burst) return endBurst('hold');
        forget();
        return PASS;
      }

      if (burst) {
        held += key;
        return { kind: 'hold' };
      }
      if (fast && sameField && wedge.scanning(atMs)) {
        // The second key of a burst: the first is in the field already; take it out, and hold both.
        burst = true;
        held = wedge.pending();
        return origin === undefined ? { kind: 'hold' } : { kind: 'hold', restore: origin };
      }
      // Maybe the first key of a burst: remember what the field held before it lands.
      origin = field;
      return PASS;
    },

    settle(atMs) {
      if (!burst || atMs - lastAt <= maxGapMs) return undefined;
      const decision = endBurst('pass');
      forget();
      return decision;
    },
  };
}

/** The field's text with `text` typed where its caret was (at the end when it has no caret). */
export function typedInto(state: FieldState, text: string): FieldState {
  const start = state.selectionStart ?? state.value.length;
  const end = state.selectionEnd ?? start;
  const caret = start + text.length;
  return {
    value: state.value.slice(0, start) + text + state.value.slice(end),
    selectionStart: caret,
    selectionEnd: caret,
  };
}
