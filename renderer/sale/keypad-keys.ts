/**
 * The keyboard's digits reach the on-screen keypad through here: the sale
 * screen's key handler offers each key typed outside a text field, and the
 * keypad, while it is on screen, takes what it can use. A scanner types
 * digits too, only faster: the scanner's listener (scanner-keys.ts) holds
 * back every key of a burst after the first, and when the burst was a scan
 * the keypad drops that first key.
 */
export interface KeypadKeys {
  /** A key typed outside any text field (`KeyboardEvent.key`); true when the keypad took it. */
  key(key: string): boolean;
  /** The key just offered was the first of a scanner's code: forget it. */
  scanned(code: string): void;
}

let current: KeypadKeys | undefined;

/** The keypad takes the keyboard's keys while it is on screen; answers how to let them go. */
export function registerKeypadKeys(keypad: KeypadKeys): () => void {
  current = keypad;
  return () => {
    if (current === keypad) current = undefined;
  };
}

/** For the sale screen's key handler: offers a key to the keypad, if one is on screen. */
export function offerKeypadKey(key: string): boolean {
  return current?.key(key) ?? false;
}

/** For the sale screen's scan handler: the last key offered was the first of a scan of `code`. */
export function keypadScanned(code: string): void {
  current?.scanned(code);
}

/** The keys the keypad takes from the keyboard, and what each means on the keypad. */
export function keypadKeyFor(key: string): 'digit' | 'point' | 'times' | 'backspace' | undefined {
  if (/^\d$/.test(key)) return 'digit';
  if (key === '.' || key === ',') return 'point';
  if (key === '*') return 'times';
  if (key === 'Backspace') return 'backspace';
  return undefined;
}

/**
 * What the display shows once the scan's first key, the only one of a scan
 * that reaches the keypad, is taken back off the end of what was typed.
 */
export function withoutScan(typed: string, code: string): string {
  const first = code.charAt(0);
  return first !== '' && typed.endsWith(first) ? typed.slice(0, -1) : typed;
}
