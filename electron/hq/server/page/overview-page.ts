import type { Session } from '../session-cookie.ts';
import { html } from './html.ts';
import { unroutedSection, waitingSection } from './manager-sections.ts';
import type { Overview } from './overview-data.ts';
import { pageLayout } from './page-layout.ts';
import {
  chartsSection,
  rangeForm,
  takingsByShopSection,
  takingsByTillSection,
  vatSection,
} from './takings-sections.ts';
import { tillsSection } from './tills-section.ts';
import { zReportsSection } from './z-reports-section.ts';

/**
 * The head-office overview. A manager's sections are rendered from
 * `overview.manager`, which a viewer's overview does not have: what a viewer
 * may not see is never in their HTML, hidden or not.
 */
export function overviewPage(overview: Overview, session: Session, options: { now: Date; timeZone: string }): string {
  const { viewer, manager } = overview;
  const { now, timeZone } = options;
  const shopNames = new Map<string, string>([
    ...viewer.tills.map((till) => [till.shopId, till.shopName] as const),
    ...viewer.byShop.map((row) => [row.shopId, row.shopName] as const),
  ]);
  const tillNames = new Map(viewer.tills.map((till) => [till.tillKey, till.tillName] as const));
  const isManager = manager !== undefined;
  const days = viewer.range.from === viewer.range.to ? viewer.range.from : `${viewer.range.from} to ${viewer.range.to}`;
  return pageLayout({
    title: 'Overview',
    session,
    body: html`<section aria-labelledby="range">
        <h2 id="range">Takings for ${days}</h2>
        <p class="muted">
          Live sales and refunds only; training and demo never count. Days and hours are in ${timeZone}.
        </p>
        ${rangeForm(viewer.range)}
      </section>
      ${manager && waitingSection(manager.waiting, { now, timeZone, shopNames })} ${takingsByShopSection(viewer.byShop)}
      ${chartsSection(viewer.byHour, viewer.byShop)} ${takingsByTillSection(viewer.byTill, tillNames)}
      ${vatSection(viewer.vat, shopNames)} ${zReportsSection(viewer.zReports, { timeZone, showDifferences: isManager })}
      ${tillsSection(viewer.tills, { now, timeZone, canRevoke: isManager })}
      ${manager && unroutedSection(manager.unrouted, { timeZone })}`,
  });
}
