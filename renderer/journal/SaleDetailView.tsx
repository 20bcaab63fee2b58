import { useId } from 'react';
import type { AttemptHistory, SaleDetail } from '../../shared/journal/journal-search.ts';
import { useFormat, type Formatters } from '../i18n/format.ts';
import { SaleRefundForm } from '../refunds/RefundPanel.tsx';
import { refundWords } from '../refunds/refund-words.ts';
import { useRefundStore } from '../refunds/refund-store.ts';
import { cardLabel, journalWords, printJobWords, REFUND_STATE_WORDS, STATE_WORDS } from './journal.ts';
import { t } from '../i18n/words.ts';

/**
 * Everything the till knows about one finished sale: its lines and tenders,
 * every card attempt with its history, its receipts on paper, its refunds and
 * what can still be refunded; for a manager, the refund form.
 */
export function SaleDetailView({ detail, manager }: { detail: SaleDetail; manager: boolean }) {
  const format = useFormat();
  const titleId = useId();
  const { sale } = detail;
  return (
    <section className="sale-detail" aria-labelledby={titleId}>
      <h3 id={titleId}>{journalWords.sale(sale.receiptNumber)}</h3>
      <p>
        {journalWords.completedAt(format.dateTime(sale.completedAt))} · {journalWords.total}{' '}
        <strong>{format.money(sale.totalMinor)}</strong>
      </p>
      <table className="detail-table">
        <caption>{journalWords.linesHeading}</caption>
        <thead>
          <tr>
            <th scope="col">{journalWords.item}</th>
            <th scope="col">{journalWords.quantity}</th>
            <th scope="col">{journalWords.lineAmount}</th>
          </tr>
        </thead>
        <tbody>
          {sale.lines.map((line) => (
            <tr key={line.lineId}>
              <th scope="row">
                {line.name}
                {line.discountMinor > 0 && <small> ({journalWords.discount(format.money(line.discountMinor))})</small>}
              </th>
              <td>{line.quantity}</td>
              <td>{format.money(line.totalMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{journalWords.tendersHeading}</h4>
      <ul className="detail-list">
        {sale.tenders.map((tender, index) => (
          <li key={index}>
            {tender.kind === 'card'
              ? `${cardLabel(tender.card)}: ${format.money(tender.amountMinor)}` +
                (tender.card?.authCode === undefined ? '' : `, ${journalWords.authCode(tender.card.authCode)}`)
              : `${journalWords.cash}: ${format.money(tender.amountMinor)} (${journalWords.cashTendered(
                  format.money(tender.tenderedMinor),
                  format.money(tender.changeMinor),
                )})` +
                // A till that rounds cash: what the cash paid differs from the total by this much.
                (tender.roundingMinor === undefined || tender.roundingMinor === 0
                  ? ''
                  : `; ${t.rounding.row}: ${format.money(tender.roundingMinor)}`)}
          </li>
        ))}
      </ul>
      <Attempts attempts={detail.attempts} format={format} />
      <h4>{journalWords.printHeading}</h4>
      {detail.printJobs.length === 0 ? (
        <p className="hint">{journalWords.noPrintJobs}</p>
      ) : (
        <ul className="detail-list">
          {detail.printJobs.map((job) => (
            <li key={job.jobId}>{printJobWords(job, (iso) => format.time(iso))}</li>
          ))}
        </ul>
      )}
      <SaleRefunds detail={detail} manager={manager} format={format} />
      <Refundable detail={detail} format={format} />
      {/* A cashier starts a refund too: main asks for a manager's approval on the spot. */}
      {!manager && detail.refundable.totalMinor > 0 && <p className="hint">{refundWords.managerApproves}</p>}
      {detail.refundable.totalMinor > 0 && <SaleRefundForm key={sale.receiptNumber} detail={detail} />}
    </section>
  );
}

function Attempts({ attempts, format }: { attempts: readonly AttemptHistory[]; format: Formatters }) {
  return (
    <>
      <h4>{journalWords.attemptsHeading}</h4>
      {attempts.length === 0 ? (
        <p className="hint">{journalWords.noAttempts}</p>
      ) : (
        <ul className="detail-list attempts">
          {attempts.map((attempt) => (
            <li key={attempt.attemptId}>
              <strong>
                {journalWords.attemptKinds[attempt.kind ?? 'payment']} {format.money(attempt.amountMinor)}:{' '}
                {STATE_WORDS[attempt.state]}
              </strong>
              {attempt.card !== undefined && ` · ${cardLabel(attempt.card)}`}
              {attempt.reason !== undefined && ` · ${attempt.reason}`}
              <ol className="attempt-events">
                {attempt.events.map((event, index) => (
                  <li key={index}>
                    <time dateTime={event.at}>{format.time(event.at)}</time>{' '}
                    {event.from === undefined ? '' : `${STATE_WORDS[event.from]} → `}
                    {STATE_WORDS[event.to]}
                    {event.note !== '' && ` · ${event.note}`}
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function SaleRefunds({ detail, manager, format }: { detail: SaleDetail; manager: boolean; format: Formatters }) {
  return (
    <>
      <h4>{journalWords.refundsHeading}</h4>
      {detail.refunds.length === 0 ? (
        <p className="hint">{journalWords.noRefunds}</p>
      ) : (
        <ul className="detail-list">
          {detail.refunds.map((refund) => (
            <li key={refund.refundId}>
              {refund.refundNumber ?? journalWords.refundNotNumbered} · {format.money(refund.totalMinor)} ·{' '}
              {REFUND_STATE_WORDS[refund.state]} · {refund.reason}
              {manager && refund.state === 'open' && (
                <button
                  type="button"
                  className="button"
                  onClick={() => void useRefundStore.getState().show(refund.refundId)}
                >
                  {journalWords.showRefund}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Refundable({ detail, format }: { detail: SaleDetail; format: Formatters }) {
  const { refundable } = detail;
  return (
    <>
      <h4>{journalWords.refundableHeading}</h4>
      {refundable.totalMinor === 0 ? (
        <p>{journalWords.nothingRefundable}</p>
      ) : (
        <>
          <p className="refundable-total">{journalWords.refundableTotal(format.money(refundable.totalMinor))}</p>
          <ul className="detail-list">
            {refundable.tenders.map((tender, index) => (
              <li key={index}>
                {tender.kind === 'card' ? cardLabel(tender.card) : journalWords.cash}:{' '}
                {journalWords.ofPaid(format.money(tender.refundableMinor), format.money(tender.paidMinor))}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
