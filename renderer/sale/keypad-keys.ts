/**
 * The keyboard's digits reach the on-screen keypad through here: the sale
 * screen's key handler offers each key typed outside a text field, and the
 * keypad, while it is on screen, takes what it can use. A scanner types
 * digits too, only faster; the handler says when a burst was a scan, and the
 * keypad drops what the scan typed.
 */
export interface KeypadKeys {
  /** A key typed outside any text field (`KeyboardEvent.key`); true when the keypad took it. */
  key(key: string): boolean;
  /** The keys just offered were a scanner's code: forget them. */
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

/** For the sale screen's key handler: the keys offered since the last pause were a scan of `code`. */
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

/** What the display shows once a scanner's `code` is taken back off the end of what was typed. */
export function withoutScan(typed: string, code: string): string {
  return code !== '' && typed.endsWith(code) ? typed.slice(0, -code.length) : typed;
}
