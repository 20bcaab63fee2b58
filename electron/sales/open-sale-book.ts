import type { CurrencyCode } from '../../shared/money.ts';
import {
  applySaleEvent,
  newOpenSale,
  SaleEventSchema,
  type OpenSale,
  type OpenSaleStatus,
  type SaleEvent,
} from '../../shared/sale/open-sale.ts';
import { describeIssues } from '../../shared/zod-issues.ts';
import { TillDatabaseError, type TillDatabase } from '../till-database/till-database.ts';

/**
 * The open and parked sales in the till's database: each sale a row in
 * `open_sales` saying where it stands, and its changes appended one by one
 * to `sale_events`. Nothing is ever rewritten: a sale is read back by
 * replaying its events through `applySaleEvent`, the same function that made
 * them, so what the till shows after a restart is what it showed before.
 *
 * Every write is one transaction synced to disk (`synchronous=FULL`) before it
 * returns: the cashier is answered only once the change would survive a power
 * cut.
 */

export interface OpenSaleBook {
  /** The sale left open on the till, if any, as it stood after its last change. */
  openSale(): OpenSale | undefined;
  /** Parked sales, oldest first, with when each was parked, by whom, and whom it is kept for (parked at a lock). */
  parked(): { sale: OpenSale; parkedAt: string; parkedBy: string | undefined; heldFor: string | undefined }[];
  /** The sale parked when `staffId` left the till, kept for them; the latest if there are more. */
  heldFor(staffId: string): string | undefined;
  /** Keeps a parked sale for `staffId` (it was parked as they left the till); part of the caller's transaction. */
  holdFor(saleId: string, staffId: string): void;
  /** Any sale this book has, in whatever state. */
  load(saleId: string): OpenSale | undefined;
  /** Writes a new sale's row and its first change, as one transaction. */
  start(sale: OpenSale, first: SaleEvent, at: string, actor: string | undefined): void;
  /** Appends a change to a sale (and moves its state when the change does). */
  append(saleId: string, event: SaleEvent, at: string, actor: string | undefined): void;
}

/** The state a change leaves a sale in, when it changes it. */
function stateAfter(event: SaleEvent): OpenSaleStatus | undefined {
  switch (event.type) {
    case 'parked':
      return 'parked';
    case 'recalled':
      return 'open';
    case 'voided':
      return 'voided';
    case 'completed':
      return 'completed';
    case 'line_added':
    case 'quantity_set':
    case 'line_removed':
    case 'discount_set':
    case 'price_set':
    case 'cash_taken':
    case 'lines_restored':
      return undefined;
  }
}

export function createOpenSaleBook(database: TillDatabase, currency: CurrencyCode): OpenSaleBook {
  const statements = {
    insertSale: database.connection.prepare(
      `INSERT INTO open_sales (sale_id, state, started_at, started_by, updated_at) VALUES (?, 'open', ?, ?, ?)`,
    ),
    insertEvent: database.connection.prepare('INSERT INTO sale_events (sale_id, at, actor, event) VALUES (?, ?, ?, ?)'),
    moveState: database.connection.prepare(
      'UPDATE open_sales SET state = ?, note = ?, parked_by = ?, held_for = NULL, updated_at = ? WHERE sale_id = ?',
    ),
    hold: database.connection.prepare("UPDATE open_sales SET held_for = ? WHERE sale_id = ? AND state = 'parked'"),
    held: database.connection.prepare(
      "SELECT sale_id FROM open_sales WHERE held_for = ? AND state = 'parked' ORDER BY updated_at DESC, sale_id LIMIT 1",
    ),
    touch: database.connection.prepare('UPDATE open_sales SET updated_at = ? WHERE sale_id = ?'),
    sale: database.connection.prepare('SELECT sale_id, state, started_at FROM open_sales WHERE sale_id = ?'),
    open: database.connection.prepare("SELECT sale_id, state, started_at FROM open_sales WHERE state = 'open'"),
    parked: database.connection.prepare(
      "SELECT sale_id, state, started_at, updated_at, parked_by, held_for FROM open_sales WHERE state = 'parked' ORDER BY updated_at, sale_id",
    ),
    events: database.connection.prepare('SELECT seq, event FROM sale_events WHERE sale_id = ? ORDER BY seq'),
  };

  /** A sale as its events make it; a journal that does not replay is damaged, and said to be. */
  function replay(row: Record<string, unknown>): OpenSale {
    const saleId = String(row.sale_id);
    let sale = newOpenSale(saleId, currency, String(row.started_at));
    for (const eventRow of statements.events.all(saleId)) {
      const parsed = SaleEventSchema.safeParse(JSON.parse(String(eventRow.event)));
      if (!parsed.success) {
        throw new TillDatabaseError(
          `Change ${String(eventRow.seq)} of sale ${saleId} in the journal cannot be read (${describeIssues(parsed.error)}). ` +
            'Ask IT to look at the journal before selling on.',
        );
      }
      try {
        sale = applySaleEvent(sale, parsed.data);
      } catch (error) {
        throw new TillDatabaseError(
          `Change ${String(eventRow.seq)} of sale ${saleId} in the journal does not fit the sale ` +
            `(${(error as Error).message}). Ask IT to look at the journal before selling on.`,
        );
      }
    }
    // The row, not the replay, says where the sale stands: it is written in the same transaction as the event.
    return { ...sale, status: String(row.state) as OpenSaleStatus };
  }

  function append(saleId: string, event: SaleEvent, at: string, actor: string | undefined): void {
    statements.insertEvent.run(saleId, at, actor ?? null, JSON.stringify(event));
    const state = stateAfter(event);
    if (state === undefined) statements.touch.run(at, saleId);
    else if (event.type === 'parked') statements.moveState.run(state, event.note, actor ?? null, at, saleId);
    else statements.moveState.run(state, null, null, at, saleId);
  }

  return {
    openSale() {
      const row = statements.open.get();
      return row === undefined ? undefined : replay(row);
    },

    parked: () =>
      statements.parked.all().map((row) => ({
        sale: replay(row),
        parkedAt: String(row.updated_at),
        parkedBy: row.parked_by === null ? undefined : String(row.parked_by),
        heldFor: row.held_for === null ? undefined : String(row.held_for),
      })),

    heldFor(staffId) {
      const row = statements.held.get(staffId);
      return row === undefined ? undefined : String(row.sale_id);
    },

    holdFor(saleId, staffId) {
      statements.hold.run(staffId, saleId);
    },

    load(saleId) {
      const row = statements.sale.get(saleId);
      return row === undefined ? undefined : replay(row);
    },

    start(sale, first, at, actor) {
      database.transaction(() => {
        statements.insertSale.run(sale.saleId, sale.startedAt, actor ?? null, at);
        append(sale.saleId, first, at, actor);
      });
    },

    append(saleId, event, at, actor) {
      database.transaction(() => append(saleId, event, at, actor));
    },
  };
}
