import type { TillStatus } from '../../../../shared/hq/hq-contract.ts';
import type { TillRow } from '../../hq-store.ts';
import { html, type Html } from './html.ts';
import { dateTime, since } from './page-format.ts';

/** A till that has not been heard from for longer than this is flagged: tills push their status every minute. */
export const STALE_AFTER_MS = 60 * 60_000;

const HEALTH_WORDS: Readonly<Record<TillStatus['printer']['health'], string>> = {
  ok: 'OK',
  problem: 'Problem',
  unknown: 'Unknown',
  none: 'None fitted',
};

function device(state: TillStatus['printer'] | undefined): Html {
  if (state === undefined) return html`<span class="muted">Not reported</span>`;
  const words = HEALTH_WORDS[state.health];
  return html`<span class="${state.health === 'problem' ? 'warning' : ''}">${words}</span
    >${state.detail !== undefined && html`<br /><span class="muted">${state.detail}</span>`}`;
}

/** What is wrong with a till at a glance, in words (the row is also highlighted, but not by colour alone). */
export function tillProblems(till: TillRow, now: Date): string[] {
  if (till.revokedAt !== null) return [];
  const problems: string[] = [];
  if (till.lastSyncAt === null) problems.push('Has never synced');
  else if (now.getTime() - new Date(till.lastSyncAt).getTime() > STALE_AFTER_MS)
    problems.push('No sync for over an hour');
  if (till.status?.printer.health === 'problem') problems.push('Printer problem');
  if (till.status?.terminal.health === 'problem') problems.push('Terminal problem');
  return problems;
}

/** Active tills before revoked ones, and among them the longest unheard-of first (never synced before all). */
function quietestFirst(a: TillRow, b: TillRow): number {
  if ((a.revokedAt === null) !== (b.revokedAt === null)) return a.revokedAt === null ? -1 : 1;
  return (a.lastSyncAt ?? '').localeCompare(b.lastSyncAt ?? '') || a.tillKey.localeCompare(b.tillKey);
}

/**
 * The chain's tills: last sync, last Z, devices, backlog. `canRevoke` (a
 * manager) adds a revoke button to each active till; a viewer's HTML has no
 * such form at all.
 */
export function tillsSection(
  tills: readonly TillRow[],
  options: { now: Date; timeZone: string; canRevoke: boolean },
): Html {
  const { now, timeZone, canRevoke } = options;
  const rows = [...tills].sort(quietestFirst).map((till) => {
    const problems = tillProblems(till, now);
    const status = till.status ?? undefined;
    const lastZ = status?.lastZ;
    return html`<tr class="${problems.length > 0 ? 'alert' : ''}">
      <td><strong>${till.tillName}</strong><br /><span class="muted">${till.tillKey}</span></td>
      <td>${till.shopName}</td>
      <td>
        ${till.lastSyncAt === null ? html`<span class="muted">Never</span>` : html`${dateTime(till.lastSyncAt, timeZone)}<br /><span class="muted">${since(till.lastSyncAt, now)}</span>`}${problems.length > 0 && html`<br /><span class="warning">${problems.join('; ')}</span>`}
      </td>
      <td>
        ${lastZ === undefined ? html`<span class="muted">None yet</span>` : html`Z ${lastZ.zNumber}<br /><span class="muted">${dateTime(lastZ.closedAt, timeZone)}</span>`}
      </td>
      <td>${device(status?.printer)}</td>
      <td>${device(status?.terminal)}</td>
      <td class="amount">
        ${status === undefined ? '' : status.waiting}${status?.oldestWaitingAt !== undefined && html`<br /><span class="muted">oldest ${since(status.oldestWaitingAt, now)}</span>`}
      </td>
      <td>${status?.appVersion ?? ''}</td>
      <td>
        ${till.revokedAt === null ? 'Active' : html`<span class="warning">Revoked</span><br /><span class="muted">${dateTime(till.revokedAt, timeZone)}</span>`}
      </td>
      ${canRevoke && html`<td>${till.revokedAt === null && html`<form method="post" action="/tills/revoke"><input type="hidden" name="tillKey" value="${till.tillKey}" /><button class="danger" type="submit" aria-label="Revoke till ${till.tillKey}">Revoke</button></form>`}</td>`}
    </tr>`;
  });
  const columns = canRevoke ? 10 : 9;
  return html`<section aria-labelledby="tills">
    <h2 id="tills">Tills</h2>
    <table>
      <thead>
        <tr>
          <th>Till</th>
          <th>Shop</th>
          <th>Last sync</th>
          <th>Last Z report</th>
          <th>Printer</th>
          <th>Card terminal</th>
          <th class="amount">Records waiting</th>
          <th>Version</th>
          <th>State</th>
          ${canRevoke && html`<th>Revoke</th>`}
        </tr>
      </thead>
      <tbody>
        ${
          rows.length === 0
            ? html`<tr>
                <td colspan="${columns}" class="muted">
                  No till has enrolled yet. Make a code with <code>kassa hq code</code>.
                </td>
              </tr>`
            : rows
        }
      </tbody>
    </table>
  </section>`;
}
