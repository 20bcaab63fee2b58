import { useEffect, useRef } from 'react';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { en } from '../i18n/messages.ts';
import { JournalPanel } from '../journal/JournalPanel.tsx';
import { journalWords } from '../journal/journal.ts';
import { useRefundStore } from '../refunds/refund-store.ts';
import { createBarcodeWedge } from '../scanner/barcode-wedge.ts';
import { useTillStore } from '../store/till-store.ts';
import { dayWords } from '../till-day/till-day.ts';
import { TillDayPanel } from '../till-day/TillDayPanel.tsx';
import { CardPaymentPanel } from './CardPaymentPanel.tsx';
import { CartView } from './CartView.tsx';
import { CashPanel } from './CashPanel.tsx';
import { Keypad } from './Keypad.tsx';
import { keypadScanned, offerKeypadKey } from './keypad-keys.ts';
import { ParkedPanel } from './ParkedPanel.tsx';
import { ProductPicker } from './ProductPicker.tsx';
import { ReceiptPanel } from './ReceiptPanel.tsx';
import { ReceiptsPanel } from './ReceiptsPanel.tsx';
import { ESCAPABLE_PANELS, useSaleStore } from './sale-store.ts';
import { ApprovalPanel } from './ApprovalPanel.tsx';
import { OpenItemPanel } from './OpenItemPanel.tsx';
import { TenderBar } from './TenderBar.tsx';

/** Where keystrokes belong to what the cashier is typing, not to the scanner or a shortcut. */
function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit'].includes(target.type);
}

/**
 * The screen a cashier works in all day: products on the left, the sale and
 * its payment on the right, the panel for the step at hand over the top.
 * Keyboard first: F-keys for every step, a scanner anywhere outside a text field.
 */
export function SaleScreen({ bridge }: { bridge: RendererBridge }) {
  const currency = useTillStore((state) => state.info?.currency);
  const panel = useSaleStore((state) => state.panel);
  const card = useSaleStore((state) => state.card);
  const completed = useSaleStore((state) => state.completed);
  const notice = useSaleStore((state) => state.notice);
  // Only what this frame shows: a line added repaints the cart and the tender bar, not the product tiles.
  const lineCount = useSaleStore((state) => state.sale.lines.length);
  const paidUp = useSaleStore((state) => state.sale.dueMinor === 0 && state.sale.card === null);
  const busy = useSaleStore((state) => state.busy);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (currency === undefined) return undefined;
    return useSaleStore.getState().attach(bridge, currency);
  }, [bridge, currency]);

  // Refunds go on in main while the journal is closed; their progress is followed all the time.
  useEffect(() => useRefundStore.getState().attach(bridge), [bridge]);

  useEffect(() => {
    const wedge = createBarcodeWedge();
    const onKeyDown = (event: KeyboardEvent) => {
      const store = useSaleStore.getState();
      // F8 is the card; the till day takes F5, which also keeps a stray reload from wiping the screen.
      const shortcut: Record<string, () => void> = {
        F2: () => searchRef.current?.focus(),
        F3: () => void store.park(),
        F4: () => void store.loadParked(),
        F5: () => store.openPanel('day'),
        F6: () => store.openPanel('receipts'),
        F7: () => store.openPanel('journal'),
        F8: () => document.querySelector<HTMLButtonElement>('.card-tender:not([disabled])')?.click(),
        F9: () => store.openPanel('cash'),
        F10: () => store.newSale(),
        Escape: () => {
          if (ESCAPABLE_PANELS.has(store.panel)) store.openPanel('none');
        },
      };
      const action = shortcut[event.key];
      if (action !== undefined && (event.key.startsWith('F') || !isTextField(event.target))) {
        event.preventDefault();
        action();
        return;
      }
      if (isTextField(event.target)) return;
      // Outside text fields a fast burst ending in Enter is the scanner.
      const code = wedge.key(event.key, event.timeStamp);
      if (code !== undefined) {
        event.preventDefault();
        keypadScanned(code);
        void store.scan(code);
      } else if (offerKeypadKey(event.key)) {
        // Digits, ".", "*" (×) and Backspace go to the keypad; a scanner's digits are taken back when its Enter comes.
        event.preventDefault();
        // "×" is a person's key: what came before it is not the start of a scan.
        if (event.key === '*') wedge.reset();
      } else if (event.key === 'Enter' && wedge.scanning(event.timeStamp)) {
        event.preventDefault();
      }
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, []);

  // Paid in full but not recorded (main could not be reached at that moment, or the sale costs nothing): finish it by hand.
  const dueZeroUnrecorded = lineCount > 0 && paidUp && !completed;

  return (
    <div className="sale-screen">
      <div className="sale-left">
        <ProductPicker searchRef={searchRef} />
        <div className="sale-left-foot">
          <Keypad />
          <div className="back-office" role="toolbar" aria-label={en.layout.backOffice}>
            <button
              type="button"
              className="button"
              data-shortcut="F6"
              onClick={() => useSaleStore.getState().openPanel('receipts')}
            >
              {en.receipts.open}
            </button>
            <button
              type="button"
              className="button"
              data-shortcut="F7"
              onClick={() => useSaleStore.getState().openPanel('journal')}
            >
              {journalWords.open}
            </button>
            <button
              type="button"
              className="button"
              data-shortcut="F5"
              onClick={() => useSaleStore.getState().openPanel('day')}
            >
              {dayWords.open}
            </button>
          </div>
        </div>
      </div>
      {/* The sale is the biggest thing on the right: its lines take what the toolbar and the tender bar leave. */}
      <div className="sale-right">
        <div className="sale-toolbar" role="toolbar" aria-label="Sale">
          <button
            type="button"
            className="button"
            data-shortcut="F3"
            onClick={() => void useSaleStore.getState().park()}
          >
            {en.sale.park}
          </button>
          <button
            type="button"
            className="button"
            data-shortcut="F4"
            onClick={() => void useSaleStore.getState().loadParked()}
          >
            {en.sale.parked}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              if (window.confirm(en.sale.voidConfirm)) void useSaleStore.getState().clearSale();
            }}
            disabled={lineCount === 0}
          >
            {en.sale.voidSale}
          </button>
        </div>
        <CartView />
        <TenderBar />
        {dueZeroUnrecorded && panel !== 'card' && (
          <button
            type="button"
            className="button primary"
            disabled={busy}
            onClick={() => void useSaleStore.getState().retryComplete()}
          >
            {en.sale.finish}
          </button>
        )}
      </div>
      <div className={`notice-line ${notice?.kind ?? ''}`} role={notice?.kind === 'error' ? 'alert' : 'status'}>
        {notice !== undefined && (
          <span key={notice.serial} className="notice-flash">
            {notice.text}
          </span>
        )}
      </div>
      {panel !== 'none' && (
        <div className="overlay">
          {panel === 'cash' && <CashPanel />}
          {panel === 'card' && card !== undefined && <CardPaymentPanel card={card} />}
          {panel === 'parked' && <ParkedPanel />}
          {panel === 'receipts' && <ReceiptsPanel bridge={bridge} />}
          {panel === 'journal' && <JournalPanel bridge={bridge} />}
          {panel === 'day' && <TillDayPanel bridge={bridge} />}
          {panel === 'receipt' && completed !== undefined && <ReceiptPanel sale={completed} />}
          {panel === 'approval' && <ApprovalPanel />}
          {panel === 'openItem' && <OpenItemPanel />}
        </div>
      )}
    </div>
  );
}
