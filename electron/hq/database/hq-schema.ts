import { z } from 'zod';
import { rowsOf, type SqlClient } from './sql-client.ts';

/**
 * HQ's schema, one numbered step per version, applied in order and never
 * edited once released: a database made by an older HQ replays only what it
 * lacks. Several HQ instances may start at once; the steps run under one
 * advisory lock, so one of them migrates and the others find it done.
 *
 * Made for reporting. Every record table is partitioned by business day
 * (HQ's time zone, see business-day.ts), so the head-office questions, which
 * all ask about a range of days, read only those days, and old days can be
 * detached and archived. The days' partitions are made as they are needed
 * (day-partitions.ts); a DEFAULT partition takes any row whose day has none,
 * so a push is never refused for its dates. Records are
 * keyed by (till, outbox sequence, day): a batch sent again hits the key and
 * writes nothing (`ON CONFLICT DO NOTHING`). The record tables carry no
 * foreign key to `tills`: the store writes only for a till it has just
 * authenticated, and a check per row would cost every push.
 */
export interface HqMigration {
  readonly version: number;
  /** What the step adds, for people reading the schema's history. */
  readonly name: string;
  /** One statement each: the embedded engine runs one statement per query. */
  readonly statements: readonly string[];
}

/** The record tables partitioned by business day, in the order partitions are made. */
export const DAY_PARTITIONED_TABLES = [
  'sales',
  'refunds',
  'vat_lines',
  'z_reports',
  'cash_moves',
  'audit_entries',
] as const;

/** The columns every record table starts with. */
const RECORD_KEY = `
  till_key text NOT NULL,
  seq bigint NOT NULL,
  business_day date NOT NULL,
  shop_id text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('live', 'training', 'demo')),
  recorded_at timestamptz NOT NULL`;

const dayPartitioned = (table: string, columns: string, key = 'till_key, seq, business_day') => [
  `CREATE TABLE ${table} (${RECORD_KEY},${columns},
    PRIMARY KEY (${key})
  ) PARTITION BY RANGE (business_day)`,
  `CREATE TABLE ${table}_default PARTITION OF ${table} DEFAULT`,
  // Every head-office question is "these days, per shop (or till)".
  `CREATE INDEX ${table}_by_day ON ${table} (business_day, shop_id, till_key)`,
];

export const HQ_MIGRATIONS: readonly HqMigration[] = [
  {
    version: 1,
    name: 'shops, tills, records by business day, manager queue, webhooks',
    statements: [
      // What the database must keep however HQ is configured (its business days' time zone).
      `CREATE TABLE hq_settings (
        name text PRIMARY KEY,
        value text NOT NULL
      )`,
      `CREATE TABLE shops (
        shop_id text PRIMARY KEY,
        shop_name text NOT NULL
      )`,
      `CREATE TABLE tills (
        till_key text PRIMARY KEY,
        shop_id text NOT NULL REFERENCES shops (shop_id),
        till_id text NOT NULL,
        till_name text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        enrolled_at timestamptz NOT NULL,
        revoked_at timestamptz,
        last_sync_at timestamptz,
        status jsonb,
        -- The highest outbox sequence HQ holds for the till: what a push answers.
        acked_through bigint NOT NULL DEFAULT 0,
        UNIQUE (shop_id, till_id)
      )`,
      `CREATE TABLE enrolment_codes (
        code_hash text PRIMARY KEY,
        shop_id text NOT NULL REFERENCES shops (shop_id),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        used_by text REFERENCES tills (till_key)
      )`,
      `CREATE TABLE accounts (
        name text PRIMARY KEY,
        role text NOT NULL CHECK (role IN ('viewer', 'manager')),
        password_hash text NOT NULL
      )`,
      ...dayPartitioned(
        'sales',
        `
        completed_at timestamptz NOT NULL,
        local_hour smallint NOT NULL,
        sale_id text NOT NULL,
        receipt_number text NOT NULL,
        currency text NOT NULL,
        total_minor bigint NOT NULL,
        discount_minor bigint NOT NULL,
        item_count integer NOT NULL,
        cash_minor bigint NOT NULL,
        card_minor bigint NOT NULL,
        link_minor bigint NOT NULL,
        online_minor bigint NOT NULL,
        record jsonb NOT NULL`,
      ),
      ...dayPartitioned(
        'refunds',
        `
        completed_at timestamptz NOT NULL,
        local_hour smallint NOT NULL,
        refund_id text NOT NULL,
        refund_number text NOT NULL,
        original_receipt_number text,
        currency text NOT NULL,
        total_minor bigint NOT NULL,
        cash_minor bigint NOT NULL,
        card_minor bigint NOT NULL,
        link_minor bigint NOT NULL,
        online_minor bigint NOT NULL,
        record jsonb NOT NULL`,
      ),
      // The VAT rows of sales and refunds, one per row of the record (its position in `line_no`).
      ...dayPartitioned(
        'vat_lines',
        `
        line_no integer NOT NULL,
        source text NOT NULL CHECK (source IN ('sale', 'refund')),
        currency text NOT NULL,
        vat_basis_points integer NOT NULL,
        gross_minor bigint NOT NULL,
        vat_minor bigint NOT NULL,
        net_minor bigint NOT NULL`,
        'till_key, seq, business_day, line_no',
      ),
      ...dayPartitioned(
        'z_reports',
        `
        z_number integer NOT NULL,
        closed_at timestamptz NOT NULL,
        currency text NOT NULL,
        net_takings_minor bigint NOT NULL,
        difference_minor bigint,
        record jsonb NOT NULL`,
      ),
      ...dayPartitioned(
        'cash_moves',
        `
        moved_at timestamptz NOT NULL,
        kind text NOT NULL CHECK (kind IN ('in', 'out')),
        amount_minor bigint NOT NULL,
        reason text NOT NULL,
        moved_by text`,
      ),
      ...dayPartitioned(
        'audit_entries',
        `
        audit_seq bigint NOT NULL,
        at timestamptz NOT NULL,
        action text NOT NULL,
        actor text,
        reason text,
        detail jsonb`,
      ),
      // A payment attempt's latest word: it waits for a manager, or it was settled. `seq` orders the words.
      `CREATE TABLE attention (
        till_key text NOT NULL,
        attempt_id text NOT NULL,
        shop_id text NOT NULL,
        seq bigint NOT NULL,
        mode text NOT NULL,
        waiting boolean NOT NULL,
        item jsonb NOT NULL,
        PRIMARY KEY (till_key, attempt_id)
      )`,
      `CREATE INDEX attention_waiting ON attention (till_key) WHERE waiting`,
      `CREATE TABLE till_routes (
        provider text NOT NULL,
        poi_id text NOT NULL,
        till_key text NOT NULL REFERENCES tills (till_key),
        PRIMARY KEY (provider, poi_id)
      )`,
      `CREATE INDEX till_routes_by_till ON till_routes (till_key)`,
      `CREATE TABLE webhooks (
        id bigserial PRIMARY KEY,
        provider text NOT NULL,
        dedupe_key text NOT NULL,
        received_at timestamptz NOT NULL,
        path text NOT NULL,
        body text NOT NULL,
        till_key text REFERENCES tills (till_key),
        poi_id text,
        acked_at timestamptz,
        UNIQUE (provider, dedupe_key)
      )`,
      `CREATE INDEX webhooks_pending ON webhooks (till_key, id) WHERE acked_at IS NULL`,
      `CREATE INDEX webhooks_unrouted ON webhooks (provider, poi_id) WHERE till_key IS NULL`,
      // The name of a table's partition for a day: sales_p20250314.
      `CREATE FUNCTION hq_day_partition(parent text, day date) RETURNS text LANGUAGE sql AS $$
        SELECT format('%s_p%s', parent, to_char(day, 'YYYYMMDD'))
      $$`,
      // Makes one day's partition of a table unless it exists. Rows of that day that already went to the
      // default partition (they came first) make the partition impossible: they stay where they are.
      `CREATE FUNCTION hq_ensure_day_partition(parent text, day date) RETURNS boolean LANGUAGE plpgsql AS $$
      BEGIN
        IF to_regclass(hq_day_partition(parent, day)) IS NOT NULL THEN
          RETURN true;
        END IF;
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
          hq_day_partition(parent, day), parent, day, day + 1);
        RETURN true;
      EXCEPTION WHEN check_violation THEN
        RETURN false;
      END
      $$`,
    ],
  },
];

/** Brings the schema up to date, under an advisory lock so instances starting together take turns. */
export async function migrate(client: SqlClient): Promise<void> {
  await client.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('kassa-hq migrate'))`);
    await tx.query(`CREATE TABLE IF NOT EXISTS hq_schema_versions (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const [applied] = rowsOf(
      z.object({ version: z.number() }),
      await tx.query('SELECT coalesce(max(version), 0) AS version FROM hq_schema_versions'),
    );
    const current = applied?.version ?? 0;
    for (const migration of HQ_MIGRATIONS.filter((step) => step.version > current)) {
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO hq_schema_versions (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    }
  });
}
