import { useState } from 'react';
import { en } from '../i18n/messages.ts';
import { parseTypedAmount } from '../i18n/amount-input.ts';
import { useSaleStore } from './sale-store.ts';

type Mode = keyof typeof en.sale.keypadModes;

const KEYS = ['7', '8', '9', '4', '5', '6', '1', '2', '3', '0', '.', '00'] as const;

/**
 * The numeric keypad for touch: pick a line, choose Qty, % Disc or Price, type,
 * Apply. Main decides whether the person at the till may give that discount
 * or change that price; above their limits it asks for a manager's PIN.
 */
export function Keypad() {
  const [mode, setMode] = useState<Mode>('quantity');
  const [typed, setTyped] = useState('');
  const selected = useSaleStore((state) => state.selectedLineId);
  const currency = useSaleStore((state) => state.currency);

  const apply = () => {
    const store = useSaleStore.getState();
    if (selected === undefined) {
      store.say('error', en.sale.pickLine);
      return;
    }
    const text = typed.trim();
    setTyped('');
    if (mode === 'quantity') {
      const quantity = Number(text);
      if (!Number.isInteger(quantity) || text === '') store.say('error', 'Type a whole number of items.');
      else void store.setQuantity(selected, quantity);
    } else if (mode === 'discount') {
      const percent = parseTypedAmount(text, 'EUR');
      // 0 clears the discount; percentages are kept to two decimals, as basis points.
      if (percent === undefined || percent > 10_000) store.say('error', 'Type a discount from 0 to 100 percent.');
      else void store.setDiscount(selected, percent === 0 ? undefined : { kind: 'percent', basisPoints: percent });
    } else {
      const price = text === '' ? undefined : parseTypedAmount(text, currency);
      if (text !== '' && price === undefined) store.say('error', 'Type the new price, for example 2.49.');
      else void store.overridePrice(selected, price);
    }
  };

  return (
    <section className="keypad" aria-label={en.sale.keypadLabel}>
      <div className="keypad-modes" role="group" aria-label="Keypad mode">
        {(Object.keys(en.sale.keypadModes) as Mode[]).map((name) => (
          <button
            key={name}
            type="button"
            className="keypad-mode"
            aria-pressed={mode === name}
            onClick={() => setMode(name)}
          >
            {en.sale.keypadModes[name]}
          </button>
        ))}
      </div>
      <output className="keypad-display" aria-label="Typed on the keypad">
        {typed === '' ? '\u00a0' : typed}
      </output>
      <div className="keypad-keys">
        {KEYS.map((key) => (
          <button key={key} type="button" className="keypad-key" onClick={() => setTyped(typed + key)}>
            {key}
          </button>
        ))}
        <button type="button" className="keypad-key" onClick={() => setTyped('')}>
          {en.sale.keypadClear}
        </button>
        <button type="button" className="keypad-key keypad-apply" onClick={apply}>
          {en.sale.keypadApply}
        </button>
      </div>
    </section>
  );
}
