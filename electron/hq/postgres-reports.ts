import { z } from 'zod';
import { AttentionItemSchema, TillStatusSchema } from '../../shared/hq/hq-contract.ts';
import { rowsOf, type SqlClient } from './database/sql-client.ts';
import type { HourRow, TakingsRow, TillRow, VatRow, WaitingAttempt, ZReportRow } from './hq-store.ts';

/**
 * The head-office page's questions, in SQL. A range is business days
 * (YYYY-MM-DD, both included), so each question reads only those days'
 * partitions. Takings count live records only: training and demo records are
 * kept, shown apart, and never summed.
 */

export interface DayRange {
  readonly from: string;
  readonly to: string;
}

const IN_RANGE = `mode = 'live' AND business_day BETWEEN $1::date AND $2::date`;

/** Sales and refunds per group, side by side: a day may have refunds and no sales, or the other way round. */
function takingsQuery(groups: readonly string[]): string {
  const keys = ['shop_id', ...groups, 'business_day', 'currency'].join(', ');
  const totals = (table: string) => `SELECT ${keys}, count(*) AS n, sum(total_minor) AS total,
      sum(cash_minor) AS cash, sum(card_minor) AS card, sum(link_minor) AS link, sum(online_minor) AS online
    FROM ${table} WHERE ${IN_RANGE} GROUP BY ${keys}`;
  // Each tender line net of refunds, as the Z report's tender lines are.
  const net = (line: string) => `coalesce(s.${line}, 0) - coalesce(r.${line}, 0) AS ${line}`;
  return `WITH s AS (${totals('sales')}), r AS (${totals('refunds')})
    SELECT ${keys}, shops.shop_name,
      coalesce(s.n, 0) AS sales_count, coalesce(s.total, 0) AS sales_minor,
      coalesce(r.n, 0) AS refunds_count, coalesce(r.total, 0) AS refunds_minor,
      ${['cash', 'card', 'link', 'online'].map(net).join(', ')}
    FROM s FULL JOIN r USING (${keys}) JOIN shops USING (shop_id)
    ORDER BY business_day, shop_id, ${groups.map((group) => `${group}, `).join('')}currency`;
}

const TakingsSqlRow = z
  .object({
    shop_id: z.string(),
    shop_name: z.string(),
    till_key: z.string().optional(),
    business_day: z.string(),
    currency: z.string(),
    sales_count: z.number(),
    sales_minor: z.number(),
    refunds_count: z.number(),
    refunds_minor: z.number(),
    cash: z.number(),
    card: z.number(),
    link: z.number(),
    online: z.number(),
  })
  .transform((row): TakingsRow => ({
    shopId: row.shop_id,
    shopName: row.shop_name,
    ...(row.till_key === undefined ? {} : { tillKey: row.till_key }),
    day: row.business_day,
    currency: row.currency,
    salesCount: row.sales_count,
    salesMinor: row.sales_minor,
    refundsCount: row.refunds_count,
    refundsMinor: row.refunds_minor,
    netMinor: row.sales_minor - row.refunds_minor,
    cashMinor: row.cash,
    cardMinor: row.card,
    linkMinor: row.link,
    onlineMinor: row.online,
  }));

export async function takingsByShop(client: SqlClient, range: DayRange): Promise<TakingsRow[]> {
  return rowsOf(TakingsSqlRow, await client.query(takingsQuery([]), [range.from, range.to]));
}

export async function takingsByTill(client: SqlClient, range: DayRange): Promise<TakingsRow[]> {
  return rowsOf(TakingsSqlRow, await client.query(takingsQuery(['till_key']), [range.from, range.to]));
}

const VatSqlRow = z
  .object({
    shop_id: z.string(),
    business_day: z.string(),
    currency: z.string(),
    vat_basis_points: z.number(),
    gross_minor: z.number(),
    vat_minor: z.number(),
    net_minor: z.number(),
  })
  .transform((row): VatRow => ({
    shopId: row.shop_id,
    day: row.business_day,
    currency: row.currency,
    vatBasisPoints: row.vat_basis_points,
    grossMinor: row.gross_minor,
    vatMinor: row.vat_minor,
    netMinor: row.net_minor,
  }));

/** Sales less refunds per VAT rate, as the Z report's VAT lines are. */
export async function vatByShop(client: SqlClient, range: DayRange): Promise<VatRow[]> {
  const signed = (column: string) => `sum(CASE source WHEN 'sale' THEN ${column} ELSE -${column} END) AS ${column}`;
  const result = await client.query(
    `SELECT shop_id, business_day, currency, vat_basis_points,
       ${signed('gross_minor')}, ${signed('vat_minor')}, ${signed('net_minor')}
     FROM vat_lines WHERE ${IN_RANGE}
     GROUP BY shop_id, business_day, currency, vat_basis_points
     ORDER BY business_day, shop_id, currency, vat_basis_points`,
    [range.from, range.to],
  );
  return rowsOf(VatSqlRow, result);
}

const HourSqlRow = z
  .object({ hour: z.number(), currency: z.string(), net_minor: z.number() })
  .transform((row): HourRow => ({ hour: row.hour, currency: row.currency, netMinor: row.net_minor }));

/** Sales less refunds per hour of the day (HQ's time zone), over the whole chain and range. */
export async function takingsByHour(client: SqlClient, range: DayRange): Promise<HourRow[]> {
  const result = await client.query(
    `SELECT local_hour AS hour, currency, sum(amount) AS net_minor FROM (
       SELECT local_hour, currency, total_minor AS amount FROM sales WHERE ${IN_RANGE}
       UNION ALL
       SELECT local_hour, currency, -total_minor FROM refunds WHERE ${IN_RANGE}
     ) AS moves GROUP BY local_hour, currency ORDER BY local_hour, currency`,
    [range.from, range.to],
  );
  return rowsOf(HourSqlRow, result);
}

const ZReportSqlRow = z
  .object({
    till_key: z.string(),
    shop_id: z.string(),
    z_number: z.number(),
    closed_at: z.string(),
    currency: z.string(),
    net_takings_minor: z.number(),
    difference_minor: z.number().nullable(),
    record: z.unknown(),
  })
  .transform((row): ZReportRow => ({
    tillKey: row.till_key,
    shopId: row.shop_id,
    zNumber: row.z_number,
    closedAt: row.closed_at,
    currency: row.currency,
    netTakingsMinor: row.net_takings_minor,
    differenceMinor: row.difference_minor,
    record: row.record,
  }));

/** Newest first. */
export async function zReports(client: SqlClient, range: DayRange): Promise<ZReportRow[]> {
  const result = await client.query(
    `SELECT till_key, shop_id, z_number, closed_at, currency, net_takings_minor, difference_minor, record
     FROM z_reports WHERE ${IN_RANGE} ORDER BY closed_at DESC, till_key`,
    [range.from, range.to],
  );
  return rowsOf(ZReportSqlRow, result);
}

const WaitingSqlRow = z
  .object({ till_key: z.string(), shop_id: z.string(), item: AttentionItemSchema })
  .transform((row): WaitingAttempt => ({ ...row.item, tillKey: row.till_key, shopId: row.shop_id }));

/** Live payment attempts whose latest word is that they wait for a manager, oldest first. */
export async function waitingForManager(client: SqlClient): Promise<WaitingAttempt[]> {
  const result = await client.query(
    `SELECT till_key, shop_id, item FROM attention WHERE waiting AND mode = 'live'
     ORDER BY item ->> 'createdAt', till_key, attempt_id`,
  );
  return rowsOf(WaitingSqlRow, result);
}

const TillSqlRow = z
  .object({
    till_key: z.string(),
    shop_id: z.string(),
    shop_name: z.string(),
    till_id: z.string(),
    till_name: z.string(),
    enrolled_at: z.string(),
    revoked_at: z.string().nullable(),
    last_sync_at: z.string().nullable(),
    status: z.unknown(),
  })
  .transform((row): TillRow => {
    // A status written by an older till may lack what this HQ expects: the till is listed without it.
    const status = TillStatusSchema.safeParse(row.status);
    return {
      tillKey: row.till_key,
      shopId: row.shop_id,
      shopName: row.shop_name,
      tillId: row.till_id,
      tillName: row.till_name,
      enrolledAt: row.enrolled_at,
      revokedAt: row.revoked_at,
      lastSyncAt: row.last_sync_at,
      status: status.success ? status.data : null,
    };
  });

export async function tills(client: SqlClient): Promise<TillRow[]> {
  const result = await client.query(
    `SELECT till_key, shop_id, shop_name, till_id, till_name, enrolled_at, revoked_at, last_sync_at, status
     FROM tills JOIN shops USING (shop_id) ORDER BY shop_id, till_id`,
  );
  return rowsOf(TillSqlRow, result);
}
