import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import type { Result } from '../../shared/result.ts';
import type { DayReport, LiveLink, TillDayState } from '../../shared/till-day/day-report.ts';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { parseTypedAmount } from '../i18n/amount-input.ts';
import { useFormat } from '../i18n/format.ts';
import { isManager } from '../refunds/refund-store.ts';
import { useSaleStore } from '../sale/sale-store.ts';
import { useTillStore } from '../store/till-store.ts';
import { DayReportView } from './DayReportView.tsx';
import { dayWords, parseZNumber } from './till-day.ts';

type Message = { kind: 'error' | 'info'; text: string } | undefined;

/** Runs a call and hands its value on, or says main's refusal; each form of the panel uses it. */
type Run = <T>(call: () => Promise<Result<T>>, then: (value: T) => void) => Promise<void>;

/**
 * The till day (F5): open it with the counted float; during the day, cash
 * into or out of the drawer and the X report; at the end, the drawer count
 * and the Z report, which closes the day for good. Main keeps the figures and
 * decides who may do what; this panel shows what it says.
 */
export function TillDayPanel({ bridge }: { bridge: RendererBridge }) {
  const manager = useTillStore((state) => isManager(state.staff));
  const printer = useTillStore((state) => state.devices.printer);
  const noPrinter = printer === undefined || printer.state === 'not_configured';
  const format = useFormat();
  const [day, setDay] = useState<TillDayState | undefined>(undefined);
  const [x, setX] = useState<DayReport | undefined>(undefined);
  const [z, setZ] = useState<DayReport | undefined>(undefined);
  const [message, setMessage] = useState<Message>(undefined);

  const run: Run = useCallback(async (call, then) => {
    const answer = await call();
    if (answer.ok) then(answer.value);
    else setMessage({ kind: 'error', text: answer.error.message });
  }, []);

  const refresh = useCallback(() => run(() => bridge.api['day.current']({}), setDay), [bridge, run]);
  useEffect(() => {
    let shown = true;
    void bridge.api['day.current']({}).then((answer) => {
      if (!shown) return;
      if (answer.ok) setDay(answer.value);
      else setMessage({ kind: 'error', text: answer.error.message });
    });
    return () => {
      shown = false;
    };
  }, [bridge]);

  const open = day?.day ?? undefined;
  const say = (text: string) => setMessage({ kind: 'info', text });

  return (
    <section className="panel till-day-panel" aria-labelledby="till-day-title">
      <h2 id="till-day-title">{dayWords.title}</h2>
      {message !== undefined && (
        <p className={`day-message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {day !== undefined && (
        <div className="day-state">
          {open === undefined ? (
            <>
              <p className="day-status">
                <strong>{dayWords.notOpen}</strong>
              </p>
              <p className="hint">{dayWords.notOpenHint}</p>
            </>
          ) : (
            <p className="day-status">
              <strong>{dayWords.openSince(format.dateTime(open.openedAt))}</strong> ·{' '}
              {open.floatCounted ? dayWords.float(format.money(open.floatMinor)) : dayWords.floatNotCounted}
            </p>
          )}
          {day.lastZNumber > 0 && <p className="hint">{dayWords.lastZ(day.lastZNumber)}</p>}
        </div>
      )}
      {day !== undefined && open === undefined && (
        <OpenDayForm
          onOpen={(floatMinor) =>
            run(
              () => bridge.api['day.open']({ floatMinor }),
              (state) => {
                setDay(state);
                setZ(undefined);
                say(dayWords.opened);
              },
            )
          }
          onProblem={(text) => setMessage({ kind: 'error', text })}
        />
      )}
      {/* A cashier may do all of it too: main asks for a manager's approval on the spot (ManagerApprovalDialog). */}
      {!manager && <p className="hint">{dayWords.managerApproves}</p>}
      {open !== undefined && (
        <>
          <CashMoveForm
            onMove={(move) =>
              run(
                () => bridge.api['day.cashMove'](move),
                (report) => {
                  if (x !== undefined) setX(report);
                  say(dayWords.cashMoved(move.kind, format.money(move.amountMinor)));
                },
              )
            }
            onProblem={(text) => setMessage({ kind: 'error', text })}
          />
          <div className="day-section">
            <h3>{dayWords.reportsHeading}</h3>
            <div className="panel-actions">
              <button
                type="button"
                className="button"
                onClick={() =>
                  void run(
                    () => bridge.api['day.xReport']({ print: false }),
                    (report) => {
                      setX(report);
                      setMessage(undefined);
                    },
                  )
                }
              >
                {dayWords.xReport}
              </button>
              <button
                type="button"
                className="button"
                disabled={noPrinter}
                title={noPrinter ? dayWords.noPrinter : ''}
                onClick={() =>
                  void run(
                    () => bridge.api['day.xReport']({ print: true }),
                    (report) => {
                      setX(report);
                      say(dayWords.xPrinting);
                    },
                  )
                }
              >
                {dayWords.printX}
              </button>
            </div>
          </div>
          <CloseDayForm
            liveLinks={day?.liveLinks ?? []}
            onClose={(countedCashMinor, cancelLiveLinks) =>
              run(
                () =>
                  bridge.api['day.close']({
                    countedCashMinor,
                    ...(cancelLiveLinks ? { cancelLiveLinks: true as const } : {}),
                  }),
                (report) => {
                  // Closed now; day.current confirms it (a sale or refund may already have opened the next day).
                  setDay({ day: null, lastZNumber: report.zNumber ?? 0 });
                  setZ(report);
                  setX(undefined);
                  const zNumber = report.zNumber ?? 0;
                  say(report.paper === 'queued' ? dayWords.closed(zNumber) : dayWords.closedOnScreen(zNumber));
                },
                // Closed or refused, main says what is true now: a link that went live meanwhile is listed to cancel.
              ).finally(() => void refresh())
            }
            onProblem={(text) => setMessage({ kind: 'error', text })}
          />
        </>
      )}
      <ReprintZForm
        lastZNumber={day?.lastZNumber ?? 0}
        onReprint={(zNumber) =>
          run(
            () => bridge.api['day.reprintZ']({ zNumber }),
            (report) => {
              setZ(report);
              say(report.paper === 'queued' ? dayWords.reprinted(zNumber) : dayWords.noPrinter);
            },
          )
        }
        onProblem={(text) => setMessage({ kind: 'error', text })}
      />
      {x !== undefined && <DayReportView key="x" report={x} />}
      {z !== undefined && <DayReportView key={`z-${String(z.zNumber)}`} report={z} />}
      <div className="panel-actions">
        <button type="button" className="button" onClick={() => useSaleStore.getState().openPanel('none')}>
          {dayWords.close}
        </button>
      </div>
    </section>
  );
}

/** An amount field's text as minor units, or the sentence to fix it. */
function useAmountField() {
  const currency = useTillStore((state) => state.info?.currency) ?? 'EUR';
  const [text, setText] = useState('');
  const minor = text.trim() === '' ? undefined : parseTypedAmount(text, currency);
  return { text, setText, minor };
}

function OpenDayForm({
  onOpen,
  onProblem,
}: {
  onOpen: (floatMinor: number) => Promise<void>;
  onProblem: (text: string) => void;
}) {
  const amount = useAmountField();
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (amount.minor === undefined) onProblem(dayWords.badAmount);
    else void onOpen(amount.minor);
  };
  return (
    <form className="day-section" aria-label={dayWords.openDay} onSubmit={submit}>
      <label className="field">
        <span>{dayWords.floatCounted}</span>
        <input inputMode="decimal" value={amount.text} onChange={(event) => amount.setText(event.target.value)} />
      </label>
      <div className="panel-actions">
        <button type="submit" className="button primary">
          {dayWords.openDay}
        </button>
      </div>
    </form>
  );
}

function CashMoveForm({
  onMove,
  onProblem,
}: {
  onMove: (move: { kind: 'in' | 'out'; amountMinor: number; reason: string }) => Promise<void>;
  onProblem: (text: string) => void;
}) {
  const [kind, setKind] = useState<'in' | 'out'>('in');
  const amount = useAmountField();
  const [reason, setReason] = useState('');
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (amount.minor === undefined || amount.minor === 0) {
      onProblem(dayWords.badAmount);
      return;
    }
    if (reason.trim().length < 3) {
      onProblem(dayWords.shortReason);
      return;
    }
    await onMove({ kind, amountMinor: amount.minor, reason: reason.trim() });
    amount.setText('');
    setReason('');
  };
  return (
    <form className="day-section" aria-label={dayWords.cashHeading} onSubmit={(event) => void submit(event)}>
      <h3>{dayWords.cashHeading}</h3>
      <div className="cash-kind" role="group" aria-label={dayWords.cashKind}>
        {(['in', 'out'] as const).map((option) => (
          <button
            key={option}
            type="button"
            className="button"
            aria-pressed={kind === option}
            onClick={() => setKind(option)}
          >
            {option === 'in' ? dayWords.cashIn : dayWords.cashOut}
          </button>
        ))}
      </div>
      <label className="field">
        <span>{dayWords.cashAmount}</span>
        <input inputMode="decimal" value={amount.text} onChange={(event) => amount.setText(event.target.value)} />
      </label>
      <label className="field">
        <span>{dayWords.cashReason}</span>
        <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={200} />
      </label>
      <p className="hint">{dayWords.cashReasonHint}</p>
      <div className="panel-actions">
        <button type="submit" className="button primary">
          {dayWords.recordCashMove}
        </button>
      </div>
    </form>
  );
}

function CloseDayForm({
  liveLinks,
  onClose,
  onProblem,
}: {
  /** Payment links the customer may still pay, as main listed them: closing asks to cancel them first. */
  liveLinks: readonly LiveLink[];
  onClose: (countedCashMinor: number, cancelLiveLinks: boolean) => Promise<void>;
  onProblem: (text: string) => void;
}) {
  const format = useFormat();
  const amount = useAmountField();
  const [confirming, setConfirming] = useState<number | undefined>(undefined);
  const ask = (event: SyntheticEvent) => {
    event.preventDefault();
    if (amount.minor === undefined) onProblem(dayWords.badAmount);
    else setConfirming(amount.minor);
  };
  if (confirming !== undefined) {
    return (
      <div className="day-section day-confirm" role="group" aria-label={dayWords.closeHeading}>
        <h3>{dayWords.closeHeading}</h3>
        <p>
          <strong>{dayWords.closeConfirm(format.money(confirming))}</strong>
        </p>
        <p className="hint">{dayWords.closeHint}</p>
        {liveLinks.length > 0 && (
          <div role="group" aria-label={dayWords.linksLiveHeading(liveLinks.length)}>
            <h4>{dayWords.linksLiveHeading(liveLinks.length)}</h4>
            <ul>
              {liveLinks.map((link) => (
                <li key={link.attemptId}>
                  {dayWords.liveLink(format.money(link.amountMinor), format.time(link.createdAt))}
                </li>
              ))}
            </ul>
            <p className="hint">{dayWords.linksLiveHint}</p>
          </div>
        )}
        <div className="panel-actions">
          <button
            type="button"
            className="button primary"
            onClick={() => void onClose(confirming, liveLinks.length > 0).then(() => setConfirming(undefined))}
          >
            {liveLinks.length > 0 ? dayWords.closeYesCancelLinks : dayWords.closeYes}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(undefined)}>
            {dayWords.back}
          </button>
        </div>
      </div>
    );
  }
  return (
    <form className="day-section" aria-label={dayWords.closeHeading} onSubmit={ask}>
      <h3>{dayWords.closeHeading}</h3>
      <p className="hint">{dayWords.closeHint}</p>
      <label className="field">
        <span>{dayWords.countedCash}</span>
        <input inputMode="decimal" value={amount.text} onChange={(event) => amount.setText(event.target.value)} />
      </label>
      <div className="panel-actions">
        <button type="submit" className="button">
          {dayWords.closeDay}
        </button>
      </div>
    </form>
  );
}

function ReprintZForm({
  lastZNumber,
  onReprint,
  onProblem,
}: {
  lastZNumber: number;
  onReprint: (zNumber: number) => Promise<void>;
  onProblem: (text: string) => void;
}) {
  const [typed, setTyped] = useState<string | undefined>(undefined);
  // Until something is typed, the last Z report is the one offered.
  const text = typed ?? (lastZNumber > 0 ? String(lastZNumber) : '');
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const zNumber = parseZNumber(text);
    if (zNumber === undefined) onProblem(dayWords.badZNumber);
    else void onReprint(zNumber);
  };
  return (
    <form className="day-section" aria-label={dayWords.reprintHeading} onSubmit={submit}>
      <h3>{dayWords.reprintHeading}</h3>
      <label className="field">
        <span>{dayWords.zNumber}</span>
        <input type="number" min={1} step={1} value={text} onChange={(event) => setTyped(event.target.value)} />
      </label>
      <div className="panel-actions">
        <button type="submit" className="button">
          {dayWords.reprintZ}
        </button>
      </div>
    </form>
  );
}
