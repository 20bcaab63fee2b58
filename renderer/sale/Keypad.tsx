import { useEffect, useState } from 'react';
import { create } from 'zustand';
import { t } from '../i18n/words.ts';
import { parseTypedAmount } from '../i18n/amount-input.ts';
import { keypadKeyFor, registerKeypadKeys, withoutScan } from './keypad-keys.ts';
import { useSaleStore } from './sale-store.ts';
import './keypad.css';

type Mode = keyof typeof t.sale.keypadModes;

/** 7 8 9 / 4 5 6 / 1 2 3 / 0 00 . : a till's keypad, read row by row. */
export const KEYPAD_KEYS = ['7', '8', '9', '4', '5', '6', '1', '2', '3', '0', '00', '.'] as const;

/** What has been typed on the keypad, by touch or on the keyboard; one keypad per screen. */
const useTyped = create<{ typed: string }>(() => ({ typed: '' }));
const setTyped = (typed: string) => useTyped.setState({ typed });
const type = (key: string) => setTyped(useTyped.getState().typed + key);

/**
 * "3 ×": the typed number becomes the quantity of the next product scanned
 * or tapped; × with nothing typed drops a quantity set before.
 */
function times() {
  const store = useSaleStore.getState();
  const text = useTyped.getState().typed.trim();
  if (text === '') {
    if (store.nextQuantity !== undefined) store.setNextQuantity(undefined);
    else store.say('error', t.sale.timesFirst);
    return;
  }
  if (store.setNextQuantity(/^\d+$/.test(text) ? Number(text) : Number.NaN)) setTyped('');
}

/**
 * The numeric keypad, for touch and for the keyboard's digits: "3 ×" before
 * a scan or a tap adds three; or pick a line, choose Qty, % Disc or Price,
 * type, Apply. Main decides whether the person at the till may give that
 * discount or change that price; above their limits it asks for a manager's PIN.
 */
export function Keypad() {
  const [mode, setMode] = useState<Mode>('quantity');
  const typed = useTyped((state) => state.typed);
  const selected = useSaleStore((state) => state.selectedLineId);
  const currency = useSaleStore((state) => state.currency);
  const nextQuantity = useSaleStore((state) => state.nextQuantity);

  // The keyboard's digits, typed outside a text field, land here too. Leaving the screen (the till locks)
  // forgets what was typed: the next person starts with an empty keypad.
  useEffect(() => {
    const letGo = registerKeypadKeys({
      key(key) {
        const kind = keypadKeyFor(key);
        if (kind === 'digit') type(key);
        else if (kind === 'point') type('.');
        else if (kind === 'times') times();
        else if (kind === 'backspace') setTyped(useTyped.getState().typed.slice(0, -1));
        return kind !== undefined;
      },
      scanned: (code) => setTyped(withoutScan(useTyped.getState().typed, code)),
    });
    return () => {
      letGo();
      setTyped('');
    };
  }, []);

  const apply = () => {
    const store = useSaleStore.getState();
    if (selected === undefined) {
      store.say('error', t.sale.pickLine);
      return;
    }
    const text = typed.trim();
    setTyped('');
    if (mode === 'quantity') {
      const quantity = Number(text);
      if (!Number.isInteger(quantity) || text === '') store.say('error', t.sale.wholeNumber);
      else void store.setQuantity(selected, quantity);
    } else if (mode === 'discount') {
      const percent = parseTypedAmount(text, 'EUR');
      // 0 clears the discount; percentages are kept to two decimals, as basis points.
      if (percent === undefined || percent > 10_000) store.say('error', t.sale.discountRange);
      else void store.setDiscount(selected, percent === 0 ? undefined : { kind: 'percent', basisPoints: percent });
    } else {
      const price = text === '' ? undefined : parseTypedAmount(text, currency);
      if (text !== '' && price === undefined) store.say('error', t.sale.priceExample);
      else void store.overridePrice(selected, price);
    }
  };

  return (
    <section className="keypad" aria-label={t.sale.keypadLabel}>
      <div className="keypad-modes" role="group" aria-label={t.sale.keypadModeLabel}>
        {(Object.keys(t.sale.keypadModes) as Mode[]).map((name) => (
          <button
            key={name}
            type="button"
            className="keypad-mode"
            aria-pressed={mode === name}
            onClick={() => setMode(name)}
          >
            {t.sale.keypadModes[name]}
          </button>
        ))}
      </div>
      <div className="keypad-readout">
        <output className="keypad-display" aria-label={t.sale.keypadTyped}>
          {typed === '' ? '\u00a0' : typed}
        </output>
        {nextQuantity !== undefined && (
          <span className="keypad-next" role="status">
            {t.sale.nextQuantity(nextQuantity)}
          </span>
        )}
      </div>
      <div className="keypad-keys">
        {KEYPAD_KEYS.map((key) => (
          <button key={key} type="button" className="keypad-key" onClick={() => type(key)}>
            {key}
          </button>
        ))}
      </div>
      <div className="keypad-side">
        <button
          type="button"
          className="keypad-key keypad-times"
          aria-label={t.sale.keypadTimesLabel}
          aria-pressed={nextQuantity !== undefined}
          onClick={times}
        >
          {t.sale.keypadTimes}
        </button>
        <button type="button" className="keypad-key" onClick={() => setTyped('')}>
          {t.sale.keypadClear}
        </button>
        <button type="button" className="keypad-key keypad-apply" onClick={apply}>
          {t.sale.keypadApply}
        </button>
      </div>
    </section>
  );
}
