import { z } from 'zod';
import { RelayedWebhookSchema, type RelayedWebhook } from '../../shared/hq/hq-contract.ts';
import { localClock } from './database/business-day.ts';
import { dayPartitions, daysAround, withinHorizon } from './database/day-partitions.ts';
import { migrate } from './database/hq-schema.ts';
import { pgliteClient, pgPoolClient, rowsOf, type SqlClient } from './database/sql-client.ts';
import type { HqStore, RedeemOutcome, StoredWebhook } from './hq-store.ts';
import * as reports from './postgres-reports.ts';
import { pushRows } from './push-rows.ts';
import { pushStatement } from './push-statement.ts';

export { HqBadPushError } from './push-rows.ts';

export interface HqStoreOptions {
  /** The zone whose calendar days are HQ's business days (IANA name); 'UTC' when not given. */
  readonly timeZone?: string;
}

/**
 * HqStore on PostgreSQL: a server through `pg`, or the embedded engine in a
 * data folder; the same SQL on both (see sql-client.ts). The store keeps no
 * state of its own beyond which day's partitions it has already made, so
 * any number of HQ instances may share one database.
 */
export function createPostgresStore(client: SqlClient, options: HqStoreOptions = {}): HqStore {
  const timeZone = options.timeZone ?? 'UTC';
  const localTime = localClock(timeZone);
  const ensurePartitions = dayPartitions(client);
  /** The days around `now`, and those of `recordDays` not too far off, get partitions of their own. */
  const partitionsFor = (now: string, recordDays: Iterable<string> = []) => {
    const today = localTime(now).day;
    return ensurePartitions([...daysAround(today), ...[...recordDays].filter((day) => withinHorizon(day, today))]);
  };

  return {
    async migrate() {
      await migrate(client);
      await checkTimeZone(client, timeZone);
      await partitionsFor(new Date().toISOString());
    },
    close: () => client.close(),

    async addShop(shop) {
      await client.query(
        `INSERT INTO shops (shop_id, shop_name) VALUES ($1, $2)
         ON CONFLICT (shop_id) DO UPDATE SET shop_name = excluded.shop_name`,
        [shop.shopId, shop.shopName],
      );
    },
    async addEnrolmentCode(code) {
      await client.query(
        'INSERT INTO enrolment_codes (code_hash, shop_id, expires_at, created_at) VALUES ($1, $2, $3, $4)',
        [code.codeHash, code.shopId, code.expiresAt, code.createdAt],
      );
    },
    redeemEnrolmentCode: (request) => client.transaction((tx) => redeem(tx, request)),
    async tillByToken(tokenHash) {
      const result = await client.query(
        'SELECT till_key, shop_id, till_id, revoked_at IS NOT NULL AS revoked FROM tills WHERE token_hash = $1',
        [tokenHash],
      );
      const [row] = rowsOf(TillByTokenRow, result);
      return row && { tillKey: row.till_key, shopId: row.shop_id, tillId: row.till_id, revoked: row.revoked };
    },
    async revokeTill(tillKey, now) {
      const { rows } = await client.query(
        'UPDATE tills SET revoked_at = coalesce(revoked_at, $2) WHERE till_key = $1 RETURNING till_key',
        [tillKey, now],
      );
      return rows.length > 0;
    },

    async push(till, items, status, now) {
      // Checked before anything is written: a bad item refuses the whole batch.
      const rows = pushRows(items, localTime);
      await partitionsFor(now, rows.days);
      const statement = pushStatement(till.tillKey, rows, status, now);
      const [answer] = rowsOf(AckedRow, await client.query(statement.text, statement.params));
      if (answer === undefined) throw new Error(`HQ has no till ${till.tillKey}`);
      return answer.acked_through;
    },

    async addAccount(account) {
      // The same name again replaces it: that is how a forgotten password is reset.
      await client.query(
        `INSERT INTO accounts (name, role, password_hash) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash`,
        [account.name, account.role, account.passwordHash],
      );
    },
    async accountByName(name) {
      const result = await client.query('SELECT name, role, password_hash FROM accounts WHERE name = $1', [name]);
      const [row] = rowsOf(AccountRow, result);
      return row && { name: row.name, role: row.role, passwordHash: row.password_hash };
    },

    takingsByShop: (range) => reports.takingsByShop(client, range),
    takingsByTill: (range) => reports.takingsByTill(client, range),
    vatByShop: (range) => reports.vatByShop(client, range),
    takingsByHour: (range) => reports.takingsByHour(client, range),
    zReports: (range) => reports.zReports(client, range),
    waitingForManager: () => reports.waitingForManager(client),
    tills: () => reports.tills(client),

    async unroutedWebhooks() {
      const result = await client.query(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE till_key IS NULL ORDER BY id`);
      return rowsOf(WebhookRow, result).map(storedWebhook);
    },
    async tillForPoi(poiId) {
      const result = await client.query(
        `SELECT till_key FROM till_routes JOIN tills USING (till_key)
         WHERE provider = 'adyen' AND poi_id = $1 AND revoked_at IS NULL`,
        [poiId],
      );
      return rowsOf(TillKeyRow, result)[0]?.till_key;
    },
    async storeWebhook(webhook) {
      const inserted = await client.query(
        `INSERT INTO webhooks (provider, dedupe_key, received_at, path, body, till_key, poi_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (provider, dedupe_key) DO NOTHING RETURNING id`,
        [
          webhook.provider,
          webhook.dedupeKey,
          webhook.receivedAt,
          webhook.path,
          webhook.body,
          webhook.tillKey ?? null,
          webhook.poiId ?? null,
        ],
      );
      const [row] = rowsOf(IdRow, inserted);
      if (row !== undefined) return { id: row.id, stored: true };
      // Asked again rather than in the same statement: that statement's snapshot may predate the row it collided with.
      const existing = await client.query('SELECT id FROM webhooks WHERE provider = $1 AND dedupe_key = $2', [
        webhook.provider,
        webhook.dedupeKey,
      ]);
      const [earlier] = rowsOf(IdRow, existing);
      if (earlier === undefined) throw new Error(`webhook ${webhook.dedupeKey} neither stored nor found`);
      return { id: earlier.id, stored: false };
    },
    async pendingWebhooks(tillKey, limit) {
      const result = await client.query(
        `SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE till_key = $1 AND acked_at IS NULL ORDER BY id LIMIT $2`,
        [tillKey, limit],
      );
      return rowsOf(WebhookRow, result).map(relayedWebhook);
    },
    async ackWebhooks(tillKey, ids, now) {
      const { rows } = await client.query(
        `UPDATE webhooks SET acked_at = coalesce(acked_at, $3)
         WHERE till_key = $1 AND id IN (SELECT value::bigint FROM json_array_elements_text($2::json))
         RETURNING id`,
        [tillKey, JSON.stringify(ids), now],
      );
      return rows.length;
    },
  };
}

/** Opens HQ's database (a server when `database` is given, else the embedded engine in `dataDir`) and migrates it. */
export async function openHqStore(options: {
  /** A `postgres://` URL. */
  readonly database?: string;
  /** The embedded engine's data folder, used when no `database` is given. */
  readonly dataDir?: string;
  readonly timeZone?: string;
}): Promise<HqStore> {
  let client: SqlClient;
  if (options.database !== undefined) client = pgPoolClient(options.database);
  else if (options.dataDir !== undefined) client = await pgliteClient(options.dataDir);
  else throw new Error('HQ needs a database: a postgres:// URL, or a data folder for the embedded one');
  const store = createPostgresStore(client, options.timeZone === undefined ? {} : { timeZone: options.timeZone });
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/**
 * Business days are stored with each record. Were HQ restarted with another
 * time zone, a record sent again would fall on another day, miss its key and
 * count twice: the database remembers its zone and refuses another.
 */
async function checkTimeZone(client: SqlClient, timeZone: string): Promise<void> {
  await client.query(`INSERT INTO hq_settings (name, value) VALUES ('time_zone', $1) ON CONFLICT (name) DO NOTHING`, [
    timeZone,
  ]);
  const result = await client.query(`SELECT value FROM hq_settings WHERE name = 'time_zone'`);
  const stored = rowsOf(z.object({ value: z.string() }), result)[0]?.value;
  if (stored !== timeZone) {
    throw new Error(
      `this HQ database keeps business days in time zone ${String(stored)}, not ${timeZone}: set HQ's timeZone to ${String(stored)}`,
    );
  }
}

async function redeem(tx: SqlClient, request: Parameters<HqStore['redeemEnrolmentCode']>[0]): Promise<RedeemOutcome> {
  const found = await tx.query(
    `SELECT shop_id, shop_name, used_at IS NOT NULL AS used, expires_at <= $2::timestamptz AS expired
     FROM enrolment_codes JOIN shops USING (shop_id) WHERE code_hash = $1 FOR UPDATE OF enrolment_codes`,
    [request.codeHash, request.now],
  );
  const [code] = rowsOf(CodeRow, found);
  if (code === undefined) return { kind: 'code_unknown' };
  if (code.used) return { kind: 'code_used' };
  if (code.expired) return { kind: 'code_expired' };
  const tillKey = `${code.shop_id}/${request.tillId}`;
  // A revoked till may enrol again under its old key (its data stays with it); a live one may not be taken over.
  const { rows: enrolled } = await tx.query(
    `INSERT INTO tills (till_key, shop_id, till_id, till_name, token_hash, enrolled_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (till_key) DO UPDATE SET till_name = excluded.till_name, token_hash = excluded.token_hash,
       enrolled_at = excluded.enrolled_at, revoked_at = NULL, status = NULL
     WHERE tills.revoked_at IS NOT NULL
     RETURNING till_key`,
    [tillKey, code.shop_id, request.tillId, request.tillName, request.tokenHash, request.now],
  );
  if (enrolled.length === 0) return { kind: 'till_taken' };
  await tx.query('UPDATE enrolment_codes SET used_at = $2, used_by = $3 WHERE code_hash = $1', [
    request.codeHash,
    request.now,
    tillKey,
  ]);
  return { kind: 'enrolled', tillKey, shopId: code.shop_id, shopName: code.shop_name };
}

const WEBHOOK_COLUMNS = 'id, provider, dedupe_key, received_at, path, body, till_key, poi_id';

const IdRow = z.object({ id: z.number() });
const TillKeyRow = z.object({ till_key: z.string() });
const AckedRow = z.object({ acked_through: z.number() });
const TillByTokenRow = z.object({
  till_key: z.string(),
  shop_id: z.string(),
  till_id: z.string(),
  revoked: z.boolean(),
});
const AccountRow = z.object({ name: z.string(), role: z.enum(['viewer', 'manager']), password_hash: z.string() });
const CodeRow = z.object({ shop_id: z.string(), shop_name: z.string(), used: z.boolean(), expired: z.boolean() });
const WebhookRow = z.object({
  id: z.number(),
  provider: RelayedWebhookSchema.shape.provider,
  dedupe_key: z.string(),
  received_at: z.string(),
  path: z.string(),
  body: z.string(),
  till_key: z.string().nullable(),
  poi_id: z.string().nullable(),
});
type WebhookRow = z.infer<typeof WebhookRow>;

function relayedWebhook(row: WebhookRow): RelayedWebhook {
  return { id: row.id, provider: row.provider, receivedAt: row.received_at, path: row.path, body: row.body };
}

function storedWebhook(row: WebhookRow): StoredWebhook & { id: number } {
  return {
    id: row.id,
    provider: row.provider,
    receivedAt: row.received_at,
    path: row.path,
    body: row.body,
    tillKey: row.till_key ?? undefined,
    poiId: row.poi_id ?? undefined,
    dedupeKey: row.dedupe_key,
  };
}
