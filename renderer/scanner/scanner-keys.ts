import { createScannerGate, typedInto, type FieldState, type GateDecision } from './scanner-gate.ts';

/** A field a person types text into (not a button, a checkbox or a radio). */
export type TextField = HTMLInputElement | HTMLTextAreaElement;

const NOT_TEXT = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color', 'image']);

/** Where keystrokes belong to what the cashier is typing, not to the scanner or a shortcut. */
export function isTextField(target: EventTarget | null): target is TextField {
  if (target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !NOT_TEXT.has(target.type);
}

function stateOf(field: TextField): FieldState {
  try {
    return { value: field.value, selectionStart: field.selectionStart, selectionEnd: field.selectionEnd };
  } catch {
    // Some input types (number, email) have no selection to read.
    return { value: field.value, selectionStart: null, selectionEnd: null };
  }
}

/**
 * Sets a field's text the way typing does, so React's `onChange` sees it:
 * React tracks the value it last wrote, so the native setter is used and an
 * `input` event follows.
 */
export function setFieldText(field: TextField, state: FieldState): void {
  const prototype = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(field, state.value);
  field.dispatchEvent(new Event('input', { bubbles: true }));
  if (state.selectionStart !== null && state.selectionEnd !== null) {
    try {
      field.setSelectionRange(state.selectionStart, state.selectionEnd);
    } catch {
      // No caret in this kind of field.
    }
  }
}

export interface ScanListeners {
  /** Each code, and the text field it was scanned into (already back to what it held), or undefined. */
  onScan: (code: string, field: TextField | undefined) => void;
  /**
   * Keys typed quickly outside any text field, held back as a possible scan,
   * that were a person's after all (all but the first, which was not held).
   */
  onGiveBack?: (text: string) => void;
}

/**
 * Watches every key on the page, before anything else sees it (capture
 * phase), and keeps a scanner's bursts out of text fields (see
 * scanner-gate.ts).
 */
export function listenForScans(target: Window, { onScan, onGiveBack }: ScanListeners): () => void {
  const gate = createScannerGate<TextField>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const apply = (decision: GateDecision<TextField>, event: KeyboardEvent | undefined) => {
    const keep = () => {
      event?.preventDefault();
      event?.stopImmediatePropagation();
    };
    switch (decision.kind) {
      case 'pass':
        return;
      case 'hold':
        keep();
        if (decision.restore !== undefined) setFieldText(decision.restore.name, decision.restore.state);
        return;
      case 'scan':
        keep();
        onScan(decision.code, decision.field);
        return;
      case 'giveBack':
        if (decision.into === undefined) {
          // Outside a field the burst's first key went on to the page before the burst showed itself.
          const rest = decision.text.slice(1);
          if (rest !== '') onGiveBack?.(rest);
        } else if (decision.text !== '' && decision.into.name.isConnected) {
          setFieldText(decision.into.name, typedInto(decision.into.state, decision.text));
        }
        if (decision.then === 'hold') keep();
        return;
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.isComposing) return;
    clearTimeout(timer);
    const field = isTextField(event.target) ? event.target : undefined;
    const decision = gate.key({
      key: event.key,
      atMs: event.timeStamp,
      field: field === undefined ? undefined : { name: field, state: stateOf(field) },
      person: event.repeat || event.ctrlKey || event.altKey || event.metaKey,
    });
    apply(decision, event);
    if (decision.kind === 'hold') {
      // A burst that stops without its Enter was a person typing fast: their keys go back in (to the
      // field, or outside one to the keypad), at the latest this long after they stop.
      timer = setTimeout(settleNow, gate.settleAfterMs);
    }
  };

  const settleNow = () => {
    clearTimeout(timer);
    const settled = gate.settle(Number.POSITIVE_INFINITY);
    if (settled !== undefined) apply(settled, undefined);
  };

  // A click or the focus leaving the field (a button pressed with the mouse) must see everything typed.
  const capture = { capture: true } as const;
  target.addEventListener('keydown', onKeyDown, capture);
  target.addEventListener('pointerdown', settleNow, capture);
  target.addEventListener('focusout', settleNow, capture);
  return () => {
    clearTimeout(timer);
    target.removeEventListener('keydown', onKeyDown, capture);
    target.removeEventListener('pointerdown', settleNow, capture);
    target.removeEventListener('focusout', settleNow, capture);
  };
}
