import type { ZReportRow } from '../../hq-store.ts';
import { html, type Html } from './html.ts';
import { dateTime, money } from './page-format.ts';

/**
 * Z reports closed in the range. `showDifferences` (a manager) adds the cash
 * difference column (counted less expected); a viewer's HTML has none.
 */
export function zReportsSection(
  reports: readonly ZReportRow[],
  options: { timeZone: string; showDifferences: boolean },
): Html {
  const { timeZone, showDifferences } = options;
  const difference = (report: ZReportRow) => {
    if (report.differenceMinor === null) return html`<td class="amount muted">Not counted</td>`;
    const words = report.differenceMinor === 0 ? '' : report.differenceMinor > 0 ? ' over' : ' short';
    return html`<td class="${report.differenceMinor === 0 ? 'amount' : 'amount warning'}">
      ${money(report.differenceMinor, report.currency)}${words}
    </td>`;
  };
  const columns = showDifferences ? 5 : 4;
  return html`<section aria-labelledby="z-reports">
    <h2 id="z-reports">Z reports</h2>
    <table>
      <thead>
        <tr>
          <th>Till</th>
          <th class="amount">Z number</th>
          <th>Closed</th>
          <th class="amount">Net takings</th>
          ${showDifferences && html`<th class="amount">Cash difference (counted less expected)</th>`}
        </tr>
      </thead>
      <tbody>
        ${
          reports.length === 0
            ? html`<tr>
                <td colspan="${columns}" class="muted">No Z reports in these days.</td>
              </tr>`
            : reports.map(
                (report) =>
                  html`<tr>
                    <td>${report.tillKey}</td>
                    <td class="amount">${report.zNumber}</td>
                    <td>${dateTime(report.closedAt, timeZone)}</td>
                    <td class="amount">${money(report.netTakingsMinor, report.currency)}</td>
                    ${showDifferences && difference(report)}
                  </tr>`,
              )
        }
      </tbody>
    </table>
  </section>`;
}
