import type { HourRow, TakingsRow, VatRow } from '../../hq-store.ts';
import type { DayRange } from './date-range.ts';
import { html, type Html } from './html.ts';
import { money, vatRate } from './page-format.ts';
import { barChart, columnChart } from './svg-charts.ts';

/** The takings part of the overview, which every signed-in account sees. */

export function rangeForm(range: DayRange): Html {
  return html`<form class="range" method="get" action="/">
    <label>From <input type="date" name="from" value="${range.from}" required /></label>
    <label>To <input type="date" name="to" value="${range.to}" required /></label>
    <button type="submit">Show</button>
  </form>`;
}

function takingsCells(row: TakingsRow): Html {
  const amount = (minor: number) => html`<td class="amount">${money(minor, row.currency)}</td>`;
  return html`<td class="amount">${row.salesCount}</td>
    ${amount(row.salesMinor)}
    <td class="amount">${row.refundsCount}</td>
    ${amount(row.refundsMinor)}${amount(row.netMinor)}${amount(row.cardMinor)}${amount(row.cashMinor)}${amount(row.linkMinor)}${amount(row.onlineMinor)}`;
}

const TAKINGS_HEADINGS = html`<th class="amount">Sales</th>
  <th class="amount">Sales amount</th>
  <th class="amount">Refunds</th>
  <th class="amount">Refunds amount</th>
  <th class="amount">Net takings</th>
  <th class="amount">Card</th>
  <th class="amount">Cash</th>
  <th class="amount">Pay by link</th>
  <th class="amount">Online</th>`;

const NOTHING = (columns: number) =>
  html`<tr>
    <td colspan="${columns}" class="muted">No live sales or refunds in these days.</td>
  </tr>`;

export function takingsByShopSection(rows: readonly TakingsRow[]): Html {
  return html`<section aria-labelledby="takings-shop">
    <h2 id="takings-shop">Takings by shop</h2>
    <table>
      <thead>
        <tr>
          <th>Day</th>
          <th>Shop</th>
          ${TAKINGS_HEADINGS}
        </tr>
      </thead>
      <tbody>
        ${
          rows.length === 0
            ? NOTHING(11)
            : rows.map(
                (row) =>
                  html`<tr>
                    <td>${row.day}</td>
                    <td>${row.shopName}</td>
                    ${takingsCells(row)}
                  </tr>`,
              )
        }
      </tbody>
    </table>
  </section>`;
}

export function takingsByTillSection(rows: readonly TakingsRow[], tillNames: ReadonlyMap<string, string>): Html {
  return html`<section aria-labelledby="takings-till">
    <h2 id="takings-till">Takings by till</h2>
    <table>
      <thead>
        <tr>
          <th>Day</th>
          <th>Shop</th>
          <th>Till</th>
          ${TAKINGS_HEADINGS}
        </tr>
      </thead>
      <tbody>
        ${
          rows.length === 0
            ? NOTHING(12)
            : rows.map(
                (row) =>
                  html`<tr>
                    <td>${row.day}</td>
                    <td>${row.shopName}</td>
                    <td>
                      ${tillNames.get(row.tillKey ?? '') ?? ''}<br /><span class="muted">${row.tillKey ?? ''}</span>
                    </td>
                    ${takingsCells(row)}
                  </tr>`,
              )
        }
      </tbody>
    </table>
  </section>`;
}

export function vatSection(rows: readonly VatRow[], shopNames: ReadonlyMap<string, string>): Html {
  return html`<section aria-labelledby="vat">
    <h2 id="vat">VAT by rate</h2>
    <table>
      <thead>
        <tr>
          <th>Day</th>
          <th>Shop</th>
          <th class="amount">Rate</th>
          <th class="amount">Gross</th>
          <th class="amount">VAT</th>
          <th class="amount">Net of VAT</th>
        </tr>
      </thead>
      <tbody>
        ${
          rows.length === 0
            ? html`<tr>
                <td colspan="6" class="muted">No VAT in these days.</td>
              </tr>`
            : rows.map(
                (row) =>
                  html`<tr>
                    <td>${row.day}</td>
                    <td>${shopNames.get(row.shopId) ?? row.shopId}</td>
                    <td class="amount">${vatRate(row.vatBasisPoints)}</td>
                    <td class="amount">${money(row.grossMinor, row.currency)}</td>
                    <td class="amount">${money(row.vatMinor, row.currency)}</td>
                    <td class="amount">${money(row.netMinor, row.currency)}</td>
                  </tr>`,
              )
        }
      </tbody>
    </table>
  </section>`;
}

function currenciesOf(rows: readonly { currency: string }[]): string[] {
  return [...new Set(rows.map((row) => row.currency))].sort();
}

/** One chart per currency: amounts in different currencies are never added up. */
export function chartsSection(byHour: readonly HourRow[], byShop: readonly TakingsRow[]): Html {
  const hourCharts = currenciesOf(byHour).map((currency, index) => {
    const net = new Map(byHour.filter((row) => row.currency === currency).map((row) => [row.hour, row.netMinor]));
    const bars = Array.from({ length: 24 }, (_, hour) => ({
      label: String(hour).padStart(2, '0'),
      value: net.get(hour) ?? 0,
      valueText: money(net.get(hour) ?? 0, currency),
    }));
    return columnChart({ id: `chart-hour-${index}`, title: `Net takings by hour (${currency})`, bars });
  });
  const shopCharts = currenciesOf(byShop).map((currency, index) => {
    const totals = new Map<string, { shopName: string; netMinor: number }>();
    for (const row of byShop.filter((candidate) => candidate.currency === currency)) {
      const sum = totals.get(row.shopId)?.netMinor ?? 0;
      totals.set(row.shopId, { shopName: row.shopName, netMinor: sum + row.netMinor });
    }
    const bars = [...totals.values()].map(({ shopName, netMinor }) => ({
      label: shopName,
      value: netMinor,
      valueText: money(netMinor, currency),
    }));
    return barChart({ id: `chart-shop-${index}`, title: `Net takings by shop (${currency})`, bars });
  });
  return html`<section aria-labelledby="charts">
    <h2 id="charts">Charts</h2>
    <h3>Net takings by hour</h3>
    ${hourCharts.length === 0 ? html`<p class="muted">No takings to chart.</p>` : hourCharts}
    <h3>Net takings by shop</h3>
    ${shopCharts.length === 0 ? html`<p class="muted">No takings to chart.</p>` : shopCharts}
  </section>`;
}
