import { useEffect, useId, useRef } from 'react';
import type { DayReport } from '../../shared/till-day/day-report.ts';
import { useFormat, type Formatters } from '../i18n/format.ts';
import { t } from '../i18n/words.ts';
import { dayWords, differenceWords } from './till-day.ts';

const words = dayWords.report;

/**
 * An X or Z report as figures on screen, the same figures the printed report
 * carries. Key figures carry test ids (`x-…` on an X report, `z-…` on a Z)
 * and their amount in minor units as `data-minor`.
 */
export function DayReportView({ report }: { report: DayReport }) {
  const format = useFormat();
  const titleId = useId();
  const section = useRef<HTMLElement>(null);
  // A report is asked for to be read: bring it into view when it appears (the panel scrolls).
  // (Braces: newer browsers return a promise from scrollIntoView, and an effect may only return its cleanup.)
  useEffect(() => {
    section.current?.scrollIntoView({ block: 'start' });
  }, []);
  const prefix = report.kind === 'X' ? 'x' : 'z';
  const money = (minor: number, testId?: string) => (
    <td data-testid={testId === undefined ? undefined : `${prefix}-${testId}`} data-minor={minor}>
      {format.money(minor)}
    </td>
  );

  return (
    <section ref={section} className={`day-report day-report-${prefix}`} aria-labelledby={titleId}>
      <h3 id={titleId}>
        {report.kind === 'X' ? (
          dayWords.xReport
        ) : (
          <>
            {dayWords.zTitle} <span data-testid="z-number">{report.zNumber}</span>
          </>
        )}
      </h3>
      <p className="hint">
        {words.day(report.day.dayNumber, format.dateTime(report.day.openedAt))} ·{' '}
        {(report.kind === 'Z' ? words.closedAt : words.generated)(format.dateTime(report.generatedAt))}
        {report.closedBy !== undefined && ` · ${words.closedBy(report.closedBy)}`}
      </p>
      <table className="report-table">
        <caption>{words.summary}</caption>
        <tbody>
          <tr>
            <th scope="row">{words.salesCount}</th>
            <td data-testid={`${prefix}-sales-count`}>{report.sales.count}</td>
          </tr>
          <tr>
            <th scope="row">{words.salesTotal}</th>
            {money(report.sales.totalMinor, 'sales-total')}
          </tr>
          <tr>
            <th scope="row">{words.items}</th>
            <td>{report.sales.itemCount}</td>
          </tr>
          <tr>
            <th scope="row">{words.discounts}</th>
            {money(report.sales.discountMinor)}
          </tr>
          <tr>
            <th scope="row">{words.refundsCount}</th>
            <td data-testid={`${prefix}-refunds-count`}>{report.refunds.count}</td>
          </tr>
          <tr>
            <th scope="row">{words.refundsTotal}</th>
            {money(report.refunds.totalMinor, 'refunds-total')}
          </tr>
          <tr>
            <th scope="row">{words.voidsCount}</th>
            <td data-testid={`${prefix}-voids-count`}>{report.voids.count}</td>
          </tr>
          <tr>
            <th scope="row">{words.voidsTotal}</th>
            {money(report.voids.totalMinor, 'voids-total')}
          </tr>
          <tr className="report-total">
            <th scope="row">{words.netTakings}</th>
            {money(report.netTakingsMinor, 'net-takings')}
          </tr>
        </tbody>
      </table>
      <table className="report-table">
        <caption>{words.tenders}</caption>
        <thead>
          <tr>
            <th scope="col">{words.tender}</th>
            <th scope="col">{words.sales}</th>
            <th scope="col">{words.refunds}</th>
            <th scope="col">{words.net}</th>
          </tr>
        </thead>
        <tbody>
          {report.tenders.map((tender) => (
            <tr key={tender.kind}>
              <th scope="row">{words.tenderNames[tender.kind]}</th>
              {money(tender.salesMinor)}
              {money(tender.refundsMinor)}
              {money(tender.netMinor, `${tender.kind}-net`)}
            </tr>
          ))}
        </tbody>
      </table>
      <Deposits report={report} format={format} prefix={prefix} />
      <VatTable report={report} format={format} />
      <Drawer report={report} format={format} prefix={prefix} />
      <CashMoves report={report} format={format} />
    </section>
  );
}

/** Deposits beside the takings, never in them: a hold reserves money, a capture takes it for an order. */
function Deposits({ report, format, prefix }: { report: DayReport; format: Formatters; prefix: string }) {
  if (report.deposits === undefined) return null;
  const rows = [
    ['taken', words.depositsTaken, report.deposits.taken],
    ['captured', words.depositsCaptured, report.deposits.captured],
    ['released', words.depositsReleased, report.deposits.released],
  ] as const;
  return (
    <table className="report-table">
      <caption>{words.deposits}</caption>
      <thead>
        <tr>
          <th scope="col">{words.depositsKind}</th>
          <th scope="col">{words.depositsCount}</th>
          <th scope="col">{words.depositsAmount}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, label, figure]) => (
          <tr key={key}>
            <th scope="row">{label}</th>
            <td data-testid={`${prefix}-deposits-${key}-count`}>{figure.count}</td>
            <td data-testid={`${prefix}-deposits-${key}`} data-minor={figure.totalMinor}>
              {format.money(figure.totalMinor)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function VatTable({ report, format }: { report: DayReport; format: Formatters }) {
  if (report.vat.length === 0) return null;
  return (
    <table className="report-table">
      <caption>{words.vat}</caption>
      <thead>
        <tr>
          <th scope="col">{words.rate}</th>
          <th scope="col">{words.gross}</th>
          <th scope="col">{words.vatAmount}</th>
          <th scope="col">{words.netAmount}</th>
        </tr>
      </thead>
      <tbody>
        {report.vat.map((row) => (
          <tr key={row.vatBasisPoints}>
            <th scope="row">{format.rate(row.vatBasisPoints)}</th>
            <td>{format.money(row.grossMinor)}</td>
            <td>{format.money(row.vatMinor)}</td>
            <td>{format.money(row.netMinor)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Drawer({ report, format, prefix }: { report: DayReport; format: Formatters; prefix: string }) {
  const { cash } = report;
  const rows: [string, number, string?][] = [
    [words.float, cash.floatMinor],
    [words.cashSales, cash.salesMinor],
    ...(cash.roundingMinor === undefined ? [] : [[t.rounding.row, cash.roundingMinor] as [string, number]]),
    [words.cashRefunds, -cash.refundsMinor],
    [words.cashIn, cash.inMinor],
    [words.cashOut, -cash.outMinor],
    [words.expected, cash.expectedMinor, 'cash-expected'],
  ];
  return (
    <table className="report-table">
      <caption>{words.drawer}</caption>
      <tbody>
        {rows.map(([label, minor, testId]) => (
          <tr key={label} className={testId === undefined ? undefined : 'report-total'}>
            <th scope="row">{label}</th>
            <td data-testid={testId === undefined ? undefined : `${prefix}-${testId}`} data-minor={minor}>
              {format.money(minor)}
            </td>
          </tr>
        ))}
        {report.countedCashMinor !== undefined && (
          <tr>
            <th scope="row">{words.counted}</th>
            <td data-testid={`${prefix}-counted`} data-minor={report.countedCashMinor}>
              {format.money(report.countedCashMinor)}
            </td>
          </tr>
        )}
        {report.differenceMinor !== undefined && (
          <tr className={`report-difference ${report.differenceMinor < 0 ? 'short' : 'over'}`}>
            <th scope="row">{words.difference}</th>
            <td data-testid={`${prefix}-difference`} data-minor={report.differenceMinor}>
              {differenceWords(report.differenceMinor, (minor) => format.money(minor))}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function CashMoves({ report, format }: { report: DayReport; format: Formatters }) {
  return (
    <>
      <h4>{words.moves}</h4>
      {report.cashMoves.length === 0 ? (
        <p className="hint">{words.noMoves}</p>
      ) : (
        <ul className="detail-list">
          {report.cashMoves.map((move, index) => (
            <li key={index}>
              {format.time(move.at)} · {words.moveKinds[move.kind]} {format.money(move.amountMinor)} · {move.reason}
              {move.by !== undefined && ` · ${move.by}`}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
