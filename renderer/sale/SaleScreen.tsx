import { useEffect, useRef, useState } from 'react';
import { DEFAULT_SCREEN_SETTINGS, type TillInfo } from '../../shared/ipc/contract.ts';
import { ModalOverlay } from '../app/ModalOverlay.tsx';
import { cueForCard, cueForScan, playCue, shouldPlay, type CardMoment, type Cue } from '../app/sounds.ts';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { DepositsPanel } from '../deposits/DepositsPanel.tsx';
import { depositWords } from '../deposits/deposit-words.ts';
import { t } from '../i18n/words.ts';
import { JournalPanel } from '../journal/JournalPanel.tsx';
import { journalWords } from '../journal/journal.ts';
import { useRefundStore } from '../refunds/refund-store.ts';
import { isTextField, listenForScans, setFieldText, type TextField } from '../scanner/scanner-keys.ts';
import { useTillStore } from '../store/till-store.ts';
import { dayWords } from '../till-day/till-day.ts';
import { TillDayPanel } from '../till-day/TillDayPanel.tsx';
import { CardPaymentPanel } from './CardPaymentPanel.tsx';
import { LinkPaymentPanel } from './LinkPaymentPanel.tsx';
import { CartView } from './CartView.tsx';
import { CashPanel } from './CashPanel.tsx';
import { Keypad } from './Keypad.tsx';
import { keypadScanned, offerKeypadKey } from './keypad-keys.ts';
import { ParkedPanel } from './ParkedPanel.tsx';
import { ProductPicker } from './ProductPicker.tsx';
import { ReceiptPanel } from './ReceiptPanel.tsx';
import { ReceiptsPanel } from './ReceiptsPanel.tsx';
import { ESCAPABLE_PANELS, useSaleStore, type Panel } from './sale-store.ts';
import { ApprovalPanel } from './ApprovalPanel.tsx';
import { OpenItemPanel } from './OpenItemPanel.tsx';
import { TenderBar } from './TenderBar.tsx';
import './scanner-and-dialogs.css';

const EMPTY_FIELD = { value: '', selectionStart: 0, selectionEnd: 0 };

/** Deposits only on a till whose gateway can reserve money on a card (main says so in its info). */
const takesDeposits = (info: TillInfo | undefined): boolean => info?.deposits === true;

/**
 * The back-office panels under the keypad, with their keys; labels read when drawn, in the till's language.
 * `shown`: whether this till offers the panel at all.
 */
const BACK_OFFICE: readonly {
  panel: Panel;
  key: string;
  label: () => string;
  shown?: (info: TillInfo | undefined) => boolean;
}[] = [
  { panel: 'receipts', key: 'F6', label: () => t.receipts.open },
  { panel: 'journal', key: 'F7', label: () => journalWords.open },
  { panel: 'day', key: 'F5', label: () => dayWords.open },
  { panel: 'deposits', key: 'F1', label: () => depositWords.open, shown: takesDeposits },
];

/** Panels that are regions, not dialogs of their own: the overlay is their modal dialog, named by their heading. */
const REGION_PANEL_TITLES: Partial<Record<Panel, string>> = { journal: 'journal-title', day: 'till-day-title' };

/**
 * The screen a cashier works in all day: products on the left, the sale and
 * its payment on the right, the panel for the step at hand over the top.
 * Keyboard first: F-keys for every step, a scanner anywhere (its keys never land in a field).
 */
export function SaleScreen({ bridge }: { bridge: RendererBridge }) {
  const currency = useTillStore((state) => state.info?.currency);
  const info = useTillStore((state) => state.info);
  const panel = useSaleStore((state) => state.panel);
  const card = useSaleStore((state) => state.card);
  const completed = useSaleStore((state) => state.completed);
  const notice = useSaleStore((state) => state.notice);
  // Only what this frame shows: a line added repaints the cart and the tender bar, not the product tiles.
  const lineCount = useSaleStore((state) => state.sale.lines.length);
  const paidUp = useSaleStore((state) => state.sale.dueMinor === 0 && state.sale.card === null);
  const busy = useSaleStore((state) => state.busy);
  const searchRef = useRef<HTMLInputElement>(null);
  // A scan turned away while a panel is open, said in that panel's overlay.
  const [refusal, setRefusal] = useState<{ text: string; serial: number; panel: Panel } | undefined>(undefined);

  useEffect(() => {
    if (currency === undefined) return undefined;
    return useSaleStore.getState().attach(bridge, currency);
  }, [bridge, currency]);

  // Refunds go on in main while the journal is closed; their progress is followed all the time.
  useEffect(() => useRefundStore.getState().attach(bridge), [bridge]);

  useEffect(() => {
    const soundsOn = () => (useTillStore.getState().info?.screen ?? DEFAULT_SCREEN_SETTINGS).sounds;
    const cue = (which: Cue | undefined) => {
      if (shouldPlay(which, soundsOn())) playCue(which);
    };
    const said = () => useSaleStore.getState().notice;

    /**
     * A completed scan, wherever the focus was (the field is back to what it
     * held). What a till does with it:
     * - no panel open: the item is added, whatever field had the focus (an
     *   amount being split, a quantity): the sale takes lines, and the field
     *   keeps what the cashier typed; in the search box the scan replaces the
     *   search text;
     * - the finished sale's receipt on screen: the next customer's first item,
     *   so the next sale starts with it;
     * - any other panel (cash or card being taken, an approval, the journal):
     *   nothing is added, and the cashier is told why and what to do, with the
     *   failed-scan tone. A payment under way must not change under it.
     */
    const onScan = async (code: string, field: TextField | undefined) => {
      const store = useSaleStore.getState();
      if (store.panel === 'receipt') store.newSale();
      else if (store.panel !== 'none') {
        const paying = store.panel === 'cash' || store.panel === 'card';
        const text = paying ? t.scanner.notAddedPayment : t.scanner.notAddedPanel;
        setRefusal({ text, serial: performance.now(), panel: store.panel });
        cue('scanFailed');
        return;
      }
      // Outside a field the scan's first key had gone to the keypad before the burst showed itself.
      if (field === undefined) keypadScanned(code);
      if (field !== undefined && field === searchRef.current) setFieldText(field, EMPTY_FIELD);
      const before = said();
      await useSaleStore.getState().scan(code);
      cue(cueForScan(before, said()));
    };
    const stopScanning = listenForScans(window, {
      onScan: (code, field) => void onScan(code, field),
      // A person's quick keys outside any field, held back as a possible scan: the keypad's after all.
      onGiveBack: (text) => {
        for (const key of text) offerKeypadKey(key);
      },
    });

    // A card declined: its tone, once per attempt.
    let card: CardMoment | undefined;
    const stopWatchingCard = useSaleStore.subscribe((state) => {
      const now =
        state.card === undefined ? undefined : { attemptId: state.card.view.attemptId, state: state.card.view.state };
      if (now?.attemptId === card?.attemptId && now?.state === card?.state) return;
      cue(cueForCard(card, now));
      card = now;
    });

    const onKeyDown = (event: KeyboardEvent) => {
      const store = useSaleStore.getState();
      // F8 is the card; the till day takes F5, which also keeps a stray reload from wiping the screen.
      // F1 (deposits) is held back from the browser's help on every till, deposits or not.
      // Esc belongs to the open panel (the overlay's modal closes it).
      const shortcut: Record<string, () => void> = {
        F1: () => {
          if (takesDeposits(useTillStore.getState().info)) store.openPanel('deposits');
        },
        F2: () => searchRef.current?.focus(),
        F3: () => void store.park(),
        F4: () => void store.loadParked(),
        F5: () => store.openPanel('day'),
        F6: () => store.openPanel('receipts'),
        F7: () => store.openPanel('journal'),
        F8: () => document.querySelector<HTMLButtonElement>('.card-tender:not([disabled])')?.click(),
        F9: () => store.openPanel('cash'),
        F10: () => store.newSale(),
        F11: () => document.querySelector<HTMLButtonElement>('.link-tender:not([disabled])')?.click(),
      };
      const action = shortcut[event.key];
      if (action !== undefined) {
        event.preventDefault();
        action();
        return;
      }
      // Digits, ".", "*" (×) and Backspace typed outside a text field go to the keypad. A scanner's
      // keys never get here after its first: scanner-keys.ts holds them, and takes that one back at the scan.
      if (!isTextField(event.target) && offerKeypadKey(event.key)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => {
      stopScanning();
      stopWatchingCard();
      window.removeEventListener('keydown', onKeyDown, { capture: true });
    };
  }, []);

  // Paid in full but not recorded (main could not be reached at that moment, or the sale costs nothing): finish it by hand.
  const dueZeroUnrecorded = lineCount > 0 && paidUp && !completed;

  return (
    <div className="sale-screen">
      <div className="sale-left">
        <ProductPicker searchRef={searchRef} />
        <div className="sale-left-foot">
          <Keypad />
          <div className="back-office" role="toolbar" aria-label={t.layout.backOffice}>
            {BACK_OFFICE.filter(({ shown }) => shown?.(info) ?? true).map(({ panel: opens, key, label }) => (
              <button
                key={opens}
                type="button"
                className="button"
                data-shortcut={key}
                onClick={() => useSaleStore.getState().openPanel(opens)}
              >
                {label()}
              </button>
            ))}
          </div>
        </div>
      </div>
      {/* The sale is the biggest thing on the right: its lines take what the toolbar and the tender bar leave. */}
      <div className="sale-right">
        <div className="sale-toolbar" role="toolbar" aria-label={t.layout.saleToolbar}>
          <button
            type="button"
            className="button"
            data-shortcut="F3"
            onClick={() => void useSaleStore.getState().park()}
          >
            {t.sale.park}
          </button>
          <button
            type="button"
            className="button"
            data-shortcut="F4"
            onClick={() => void useSaleStore.getState().loadParked()}
          >
            {t.sale.parked}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              if (window.confirm(t.sale.voidConfirm)) void useSaleStore.getState().clearSale();
            }}
            disabled={lineCount === 0}
          >
            {t.sale.voidSale}
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
            {t.sale.finish}
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
        <ModalOverlay
          content={panel}
          labelledBy={REGION_PANEL_TITLES[panel]}
          onEscape={ESCAPABLE_PANELS.has(panel) ? () => useSaleStore.getState().openPanel('none') : undefined}
        >
          {panel === 'cash' && <CashPanel />}
          {panel === 'card' && card?.view.tender === 'link' && <LinkPaymentPanel card={card} />}
          {panel === 'card' && card !== undefined && card.view.tender !== 'link' && <CardPaymentPanel card={card} />}
          {panel === 'parked' && <ParkedPanel />}
          {panel === 'receipts' && <ReceiptsPanel bridge={bridge} />}
          {panel === 'journal' && <JournalPanel bridge={bridge} />}
          {panel === 'day' && <TillDayPanel bridge={bridge} />}
          {panel === 'deposits' && <DepositsPanel bridge={bridge} />}
          {panel === 'receipt' && completed !== undefined && <ReceiptPanel sale={completed} />}
          {panel === 'approval' && <ApprovalPanel />}
          {panel === 'openItem' && <OpenItemPanel />}
          {refusal?.panel === panel && (
            // The line under the sale is behind the overlay: a scan turned away is said here, on top.
            <p key={refusal.serial} className="modal-notice" role="alert">
              {refusal.text}
            </p>
          )}
        </ModalOverlay>
      )}
    </div>
  );
}
