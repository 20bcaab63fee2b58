import { z } from 'zod';
import type { TillMode } from '../../shared/config/schema.ts';
import type { HqDatabase } from './hq-outbox.ts';

/**
 * Whether this till is linked to Kassa HQ, and as whom: the one row of
 * `hq_link`. Its presence is what turns the outbox triggers on (migration
 * 13), so writing it is enrolment: in the same transaction the till queues
 * what it already holds (completed sales and refunds, Z reports, cash moves,
 * and the payments waiting for a manager), oldest first, and from the commit
 * on every new record is queued as it is written. Nothing can fall between
 * the history and the triggers.
 */

export interface HqLink {
  /** `<shop id>/<till id>`: the till's name across the chain. */
  readonly tillKey: string;
  readonly shopId: string;
  readonly shopName: string;
  readonly enrolledAt: string;
  /** The HQ it enrolled with. */
  readonly hqUrl: string;
  readonly mode: TillMode;
}

export interface HqLinkBook {
  /** The link, or undefined on a till that has not enrolled. */
  link(): HqLink | undefined;
  /**
   * Writes the link and queues the till's history, in one transaction. Answers how many records were
   * queued. On a till already linked (enrolled again, after HQ revoked it) only the link changes: what
   * HQ has not acknowledged is still queued, and HQ has the rest.
   */
  enrol(link: HqLink): { readonly queued: number; readonly again: boolean };
}

const LinkRowSchema = z.object({
  till_key: z.string(),
  shop_id: z.string(),
  shop_name: z.string(),
  enrolled_at: z.string(),
  hq_url: z.string(),
  mode: z.enum(['live', 'training', 'demo']),
});

/**
 * The history a till sends when it joins HQ, from the same views the triggers queue from (so a record
 * sent now and one sent later look alike), in the order it happened. The audit log stays behind: HQ
 * keeps the audit of what happened while it watched.
 */
const BACKFILL = `
  INSERT INTO hq_outbox (kind, at, mode, payload)
  SELECT kind, at, mode, payload FROM (
    SELECT kind, at, mode, payload, 1 AS source, key AS n FROM hq_sale_items
    UNION ALL SELECT kind, at, mode, payload, 2, 0 FROM hq_refund_items
    UNION ALL SELECT kind, at, mode, payload, 3, key FROM hq_z_report_items
    UNION ALL SELECT kind, at, mode, payload, 4, key FROM hq_cash_move_items
    UNION ALL SELECT kind, at, mode, payload, 5, 0 FROM hq_attempt_items WHERE kind = 'attempt_attention'
  ) ORDER BY at, source, n`;

export function createHqLinkBook(database: HqDatabase): HqLinkBook {
  const { connection } = database;
  const read = connection.prepare(
    'SELECT till_key, shop_id, shop_name, enrolled_at, hq_url, mode FROM hq_link WHERE id = 1',
  );
  const write = connection.prepare(
    `INSERT INTO hq_link (id, till_key, shop_id, shop_name, enrolled_at, hq_url, mode) VALUES (1, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET till_key = excluded.till_key, shop_id = excluded.shop_id,
       shop_name = excluded.shop_name, enrolled_at = excluded.enrolled_at, hq_url = excluded.hq_url, mode = excluded.mode`,
  );
  const backfill = connection.prepare(BACKFILL);
  // A new link starts a new conversation: the last one's error is not this one's.
  const clearProblem = connection.prepare(
    'UPDATE hq_sync SET last_error = NULL, last_error_at = NULL, last_error_detail = NULL WHERE id = 1',
  );

  function link(): HqLink | undefined {
    const row = read.get();
    if (row === undefined) return undefined;
    const r = LinkRowSchema.parse(row);
    return {
      tillKey: r.till_key,
      shopId: r.shop_id,
      shopName: r.shop_name,
      enrolledAt: r.enrolled_at,
      hqUrl: r.hq_url,
      mode: r.mode,
    };
  }

  return {
    link,
    enrol(next) {
      return database.transaction(() => {
        const again = link() !== undefined;
        // History first, while no trigger fires yet; the link's row turns them on for what follows.
        const queued = again ? 0 : Number(backfill.run().changes);
        write.run(next.tillKey, next.shopId, next.shopName, next.enrolledAt, next.hqUrl, next.mode);
        clearProblem.run();
        return { queued, again };
      });
    },
  };
}
