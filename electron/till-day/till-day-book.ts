import { z } from 'zod';
import type { TillMode } from '../../shared/config/schema.ts';
import {
  CashMoveSchema,
  DayRefundSchema,
  DaySaleSchema,
  DayReportSchema,
  type CashMove,
  type DayFigures,
  type DayReport,
  type TillDay,
} from '../../shared/till-day/day-report.ts';
import { TillError } from '../till-error.ts';
import type { TillDatabase } from '../till-database/till-database.ts';
import { tillDayWords } from './till-day-words.ts';

/**
 * The till day in the till's database: which day is open, the cash moved in and out
 * of the drawer, the sales given up, and the Z reports. Built on the sale
 * journal's connection and called inside its transactions, so a sale, its
 * day and its receipt are written together.
 *
 * Days are kept per mode: a training or demo day has its own figures and its
 * own Z numbers, and never shows in a live day's totals.
 */

/**
 * The book's refusals carry what they refuse on, so the till-day service can
 * say them again in the till's language; their own message is the English.
 */
export class DayAlreadyOpenError extends TillError {
  /** When the open day was opened, as the refusal shows it: `2026-12-05 08:30`. */
  readonly since: string;
  constructor(openedAt: string) {
    const since = openedAt.slice(0, 16).replace('T', ' ');
    super('CONFLICT', tillDayWords.alreadyOpen(since));
    this.since = since;
  }
}

/** Another close got to the day first (two screens, one day). */
export class DayClosedMeanwhileError extends TillError {
  constructor() {
    super('CONFLICT', tillDayWords.closedMeanwhile);
  }
}

export interface DayRow extends TillDay {
  readonly seq: number;
}

export interface TillDayBook {
  /** The open day in this mode. */
  openDay(mode: TillMode): DayRow | undefined;
  /** Opens the day with a counted float; refused (DayAlreadyOpenError) while one is open. Call inside a transaction. */
  open(mode: TillMode, floatMinor: number, by: string | undefined, at: string): DayRow;
  /** The open day, opened now (float not counted) when there is none: a sale is never without its day. */
  dayFor(mode: TillMode, at: string): DayRow;
  recordCashMove(day: DayRow, move: CashMove): void;
  recordVoid(
    day: DayRow,
    voided: { saleId: string; at: string; by: string | undefined; lineCount: number; totalMinor: number },
  ): boolean;
  /** Everything the day's report is summed from. */
  figures(day: DayRow, context: { tillId: string; currency: string; generatedAt: string }): DayFigures;
  /**
   * Closes the day under the next Z number of its mode and keeps the report; DayClosedMeanwhileError
   * when it was closed already. Call inside a transaction.
   */
  close(day: DayRow, at: string, makeReport: (zNumber: number) => DayReport): DayReport;
  lastZNumber(mode: TillMode): number;
  zReport(mode: TillMode, zNumber: number): DayReport | undefined;
}

const DayRowSchema = z.object({
  seq: z.number().int(),
  mode: z.enum(['live', 'training', 'demo']),
  opened_at: z.string(),
  opened_by: z.string().nullable(),
  float_minor: z.number().int(),
  float_counted: z.number().int(),
});

function toDay(row: unknown): DayRow {
  const r = DayRowSchema.parse(row);
  return {
    seq: r.seq,
    dayNumber: r.seq,
    mode: r.mode,
    openedAt: r.opened_at,
    ...(r.opened_by === null ? {} : { openedBy: r.opened_by }),
    floatMinor: r.float_minor,
    floatCounted: r.float_counted === 1,
  };
}

/** Every statement on the report's path, by name, so a test can check each one uses an index. */
export const TILL_DAY_SQL = {
  openDay: 'SELECT * FROM till_days WHERE mode = ? AND closed_at IS NULL',
  insertDay: `INSERT INTO till_days (mode, opened_at, opened_by, float_minor, float_counted)
    VALUES (?, ?, ?, ?, ?) RETURNING *`,
  insertMove: 'INSERT INTO cash_moves (day_seq, at, kind, amount_minor, reason, actor) VALUES (?, ?, ?, ?, ?, ?)',
  insertVoid: `INSERT INTO voided_sales (sale_id, day_seq, voided_at, actor, line_count, total_minor)
    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sale_id) DO NOTHING`,
  salesOfDay: 'SELECT record FROM completed_sales WHERE day_seq = ? ORDER BY seq',
  refundsOfDay: "SELECT record FROM refunds WHERE day_seq = ? AND state = 'completed' ORDER BY completed_at",
  movesOfDay: 'SELECT at, kind, amount_minor, reason, actor FROM cash_moves WHERE day_seq = ? ORDER BY seq',
  voidsOfDay: 'SELECT COUNT(*) AS count, COALESCE(SUM(total_minor), 0) AS total FROM voided_sales WHERE day_seq = ?',
  lastZ: 'SELECT COALESCE(MAX(z_number), 0) AS last FROM z_reports WHERE mode = ?',
  insertZ: 'INSERT INTO z_reports (mode, z_number, day_seq, closed_at, record) VALUES (?, ?, ?, ?, ?)',
  closeDay: 'UPDATE till_days SET closed_at = ?, z_number = ? WHERE seq = ? AND closed_at IS NULL',
  zReport: 'SELECT record FROM z_reports WHERE mode = ? AND z_number = ?',
} as const;

export function createTillDayBook(database: TillDatabase): TillDayBook {
  const sql = Object.fromEntries(
    Object.entries(TILL_DAY_SQL).map(([name, text]) => [name, database.connection.prepare(text)]),
  );
  const statement = (name: keyof typeof TILL_DAY_SQL) => {
    const prepared = sql[name];
    if (prepared === undefined) throw new Error(`no statement ${name}`);
    return prepared;
  };

  function openDay(mode: TillMode): DayRow | undefined {
    const row = statement('openDay').get(mode);
    return row === undefined ? undefined : toDay(row);
  }

  function insertDay(mode: TillMode, floatMinor: number, counted: boolean, by: string | undefined, at: string) {
    return toDay(statement('insertDay').get(mode, at, by ?? null, floatMinor, counted ? 1 : 0));
  }

  const lastZNumber = (mode: TillMode) => Number(statement('lastZ').get(mode)?.last ?? 0);

  return {
    openDay,

    open(mode, floatMinor, by, at) {
      const open = openDay(mode);
      if (open !== undefined) throw new DayAlreadyOpenError(open.openedAt);
      return insertDay(mode, floatMinor, true, by, at);
    },

    dayFor(mode, at) {
      return openDay(mode) ?? insertDay(mode, 0, false, undefined, at);
    },

    recordCashMove(day, move) {
      statement('insertMove').run(day.seq, move.at, move.kind, move.amountMinor, move.reason, move.by ?? null);
    },

    recordVoid(day, voided) {
      const result = statement('insertVoid').run(
        voided.saleId,
        day.seq,
        voided.at,
        voided.by ?? null,
        voided.lineCount,
        voided.totalMinor,
      );
      return result.changes === 1;
    },

    figures(day, context) {
      const record = (row: Record<string, unknown>) => JSON.parse(String(row.record)) as unknown;
      const voids = statement('voidsOfDay').get(day.seq);
      return {
        tillId: context.tillId,
        currency: context.currency,
        generatedAt: context.generatedAt,
        day: publicDay(day),
        sales: statement('salesOfDay')
          .all(day.seq)
          .map((row) => DaySaleSchema.parse(record(row))),
        refunds: statement('refundsOfDay')
          .all(day.seq)
          .map((row) => DayRefundSchema.parse(record(row))),
        cashMoves: statement('movesOfDay')
          .all(day.seq)
          .map((row) =>
            CashMoveSchema.parse({
              at: row.at,
              kind: row.kind,
              amountMinor: row.amount_minor,
              reason: row.reason,
              ...(row.actor === null ? {} : { by: row.actor }),
            }),
          ),
        voids: { count: Number(voids?.count ?? 0), totalMinor: Number(voids?.total ?? 0) },
      };
    },

    close(day, at, makeReport) {
      const zNumber = lastZNumber(day.mode) + 1;
      const report = makeReport(zNumber);
      statement('insertZ').run(day.mode, zNumber, day.seq, at, JSON.stringify(report));
      if (statement('closeDay').run(at, zNumber, day.seq).changes !== 1) {
        throw new DayClosedMeanwhileError();
      }
      return report;
    },

    lastZNumber,

    zReport(mode, zNumber) {
      const row = statement('zReport').get(mode, zNumber);
      return row === undefined ? undefined : DayReportSchema.parse(JSON.parse(String(row.record)));
    },
  };
}

/** The day as reports and the screen show it, without the till's database's row number. */
export function publicDay(day: DayRow): TillDay {
  return {
    dayNumber: day.dayNumber,
    mode: day.mode,
    openedAt: day.openedAt,
    ...(day.openedBy === undefined ? {} : { openedBy: day.openedBy }),
    floatMinor: day.floatMinor,
    floatCounted: day.floatCounted,
  };
}
