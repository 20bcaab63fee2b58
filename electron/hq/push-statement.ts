import type { TillStatus } from '../../shared/hq/hq-contract.ts';
import type { PushRows } from './push-rows.ts';

/**
 * A whole push as ONE SQL statement, so it costs one round trip and is one
 * transaction by itself: each table's rows arrive as one JSON parameter and
 * go in with `INSERT … SELECT FROM json_to_recordset`, each record once
 * (`ON CONFLICT DO NOTHING` on its till and sequence). Every insert reads the
 * till's row from the UPDATE that stamps its status, so nothing is written
 * for a till that does not exist, and two pushes of one till take turns on
 * its row instead of racing each other.
 */

/** Columns of each record table after the till, shop and sequence, with their SQL types. */
const RECORD_COLUMNS = {
  sales: {
    business_day: 'date',
    mode: 'text',
    recorded_at: 'timestamptz',
    completed_at: 'timestamptz',
    local_hour: 'smallint',
    sale_id: 'text',
    receipt_number: 'text',
    currency: 'text',
    total_minor: 'bigint',
    discount_minor: 'bigint',
    item_count: 'integer',
    cash_minor: 'bigint',
    card_minor: 'bigint',
    link_minor: 'bigint',
    online_minor: 'bigint',
    record: 'jsonb',
  },
  refunds: {
    business_day: 'date',
    mode: 'text',
    recorded_at: 'timestamptz',
    completed_at: 'timestamptz',
    local_hour: 'smallint',
    refund_id: 'text',
    refund_number: 'text',
    original_receipt_number: 'text',
    currency: 'text',
    total_minor: 'bigint',
    cash_minor: 'bigint',
    card_minor: 'bigint',
    link_minor: 'bigint',
    online_minor: 'bigint',
    record: 'jsonb',
  },
  vat_lines: {
    business_day: 'date',
    mode: 'text',
    recorded_at: 'timestamptz',
    line_no: 'integer',
    source: 'text',
    currency: 'text',
    vat_basis_points: 'integer',
    gross_minor: 'bigint',
    vat_minor: 'bigint',
    net_minor: 'bigint',
  },
  z_reports: {
    business_day: 'date',
    mode: 'text',
    recorded_at: 'timestamptz',
    z_number: 'integer',
    closed_at: 'timestamptz',
    currency: 'text',
    net_takings_minor: 'bigint',
    difference_minor: 'bigint',
    record: 'jsonb',
  },
  cash_moves: {
    business_day: 'date',
    mode: 'text',
    recorded_at: 'timestamptz',
    moved_at: 'timestamptz',
    kind: 'text',
    amount_minor: 'bigint',
    reason: 'text',
    moved_by: 'text',
  },
  audit_entries: {
    business_day: 'date',
    mode: 'text',
    recorded_at: 'timestamptz',
    audit_seq: 'bigint',
    at: 'timestamptz',
    action: 'text',
    actor: 'text',
    reason: 'text',
    detail: 'jsonb',
  },
} as const satisfies Record<Exclude<keyof PushRows, 'attention' | 'maxSeq' | 'days'>, Record<string, string>>;

type RecordTable = keyof typeof RECORD_COLUMNS;
const RECORD_TABLES = Object.keys(RECORD_COLUMNS) as RecordTable[];

function insertRecords(table: RecordTable, parameter: number): string {
  const columns = Object.entries(RECORD_COLUMNS[table]);
  const names = columns.map(([name]) => name).join(', ');
  const types = columns.map(([name, type]) => `${name} ${type}`).join(', ');
  return `${table}_in AS (
    INSERT INTO ${table} (till_key, shop_id, seq, ${names})
    SELECT till.till_key, till.shop_id, r.seq, ${columns.map(([name]) => `r.${name}`).join(', ')}
    FROM till, json_to_recordset($${parameter}::json) AS r(seq bigint, ${types})
    ON CONFLICT DO NOTHING
  )`;
}

function upsertAttention(parameter: number): string {
  return `attention_in AS (
    INSERT INTO attention (till_key, attempt_id, shop_id, seq, mode, waiting, item)
    SELECT till.till_key, r.attempt_id, till.shop_id, r.seq, r.mode, r.waiting, r.item
    FROM till, json_to_recordset($${parameter}::json) AS r(attempt_id text, seq bigint, mode text, waiting boolean, item jsonb)
    ON CONFLICT (till_key, attempt_id) DO UPDATE
      SET seq = excluded.seq, mode = excluded.mode, waiting = excluded.waiting, item = excluded.item
      -- A retried old batch must not bring back a wait that a later push settled.
      WHERE attention.seq < excluded.seq
  )`;
}

const TILL = `till AS (
    UPDATE tills SET status = $4::jsonb, last_sync_at = $2::timestamptz,
      acked_through = greatest(acked_through, $3::bigint)
    WHERE till_key = $1
    RETURNING till_key, shop_id, acked_through
  )`;

const ROUTES = `routes AS (
    SELECT DISTINCT r.provider, r.poi_id FROM json_to_recordset($5::json) AS r(provider text, poi_id text)
  ),
  routes_gone AS (
    DELETE FROM till_routes stale USING till
    WHERE stale.till_key = till.till_key
      AND NOT EXISTS (SELECT 1 FROM routes WHERE routes.provider = stale.provider AND routes.poi_id = stale.poi_id)
  ),
  routes_in AS (
    INSERT INTO till_routes (provider, poi_id, till_key)
    SELECT routes.provider, routes.poi_id, till.till_key FROM routes, till
    -- A terminal moved to this till from another: its webhooks come here now.
    ON CONFLICT (provider, poi_id) DO UPDATE SET till_key = excluded.till_key
      WHERE till_routes.till_key <> excluded.till_key
  ),
  -- Webhooks that came before any till named their terminal now have a till.
  webhooks_routed AS (
    UPDATE webhooks SET till_key = till.till_key FROM routes, till
    WHERE webhooks.till_key IS NULL AND webhooks.acked_at IS NULL
      AND webhooks.provider = routes.provider AND webhooks.poi_id = routes.poi_id
  )`;

/**
 * The statement for this push and its parameters. Only tables the batch has
 * rows for are named, so a push of one sale does the work of one sale; the
 * few shapes this makes are each prepared once per connection.
 */
export function pushStatement(
  tillKey: string,
  rows: PushRows,
  status: TillStatus,
  now: string,
): { text: string; params: unknown[] } {
  // $1 till key, $2 now, $3 the batch's highest sequence, $4 status, $5 routes; then one per table with rows.
  const params: unknown[] = [
    tillKey,
    now,
    rows.maxSeq,
    JSON.stringify(status),
    JSON.stringify(status.routes.map((route) => ({ provider: route.provider, poi_id: route.poiId }))),
  ];
  const parts = [TILL, ROUTES];
  for (const table of RECORD_TABLES) {
    if (rows[table].length === 0) continue;
    params.push(JSON.stringify(rows[table]));
    parts.push(insertRecords(table, params.length));
  }
  if (rows.attention.length > 0) {
    params.push(JSON.stringify(rows.attention));
    parts.push(upsertAttention(params.length));
  }
  return { text: `WITH\n  ${parts.join(',\n  ')}\nSELECT acked_through FROM till`, params };
}
