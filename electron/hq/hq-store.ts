import type { AttentionItem, RelayedWebhook, SyncItem, TillStatus } from '../../shared/hq/hq-contract.ts';

/**
 * What Kassa HQ keeps, and the questions its page and its API ask of it. One
 * implementation (`postgres-store.ts`) runs on a PostgreSQL server through
 * `pg` or on the embedded PostgreSQL (PGlite) in a data folder: the same SQL
 * on both. HQ instances are stateless; everything here is in the database,
 * so any instance can answer any till.
 *
 * Secrets are stored as hashes only: enrolment codes and till tokens as
 * SHA-256 (they are long random strings), passwords as scrypt.
 */

export type HqRole = 'viewer' | 'manager';

export interface TillIdentity {
  readonly tillKey: string;
  readonly shopId: string;
  readonly tillId: string;
}

export type RedeemOutcome =
  | { readonly kind: 'enrolled'; readonly tillKey: string; readonly shopId: string; readonly shopName: string }
  | { readonly kind: 'code_unknown' | 'code_used' | 'code_expired' | 'till_taken' };

/**
 * Money per tender line, as the Z report splits it: cash, card, link (pay by
 * link) and online refunds; each net of the refunds on its line (the Z
 * report's net column), so the four add up to `netMinor`.
 */
export interface TenderSplit {
  readonly cashMinor: number;
  readonly cardMinor: number;
  readonly linkMinor: number;
  readonly onlineMinor: number;
}

export interface TakingsRow extends TenderSplit {
  readonly shopId: string;
  readonly shopName: string;
  /** Absent on a per-shop row. */
  readonly tillKey?: string;
  /** The business day (YYYY-MM-DD, in HQ's time zone). */
  readonly day: string;
  readonly currency: string;
  readonly salesCount: number;
  readonly salesMinor: number;
  readonly refundsCount: number;
  readonly refundsMinor: number;
  /** Sales less refunds. */
  readonly netMinor: number;
}

export interface VatRow {
  readonly shopId: string;
  readonly day: string;
  readonly currency: string;
  readonly vatBasisPoints: number;
  readonly grossMinor: number;
  readonly vatMinor: number;
  readonly netMinor: number;
}

export interface HourRow {
  readonly hour: number;
  readonly currency: string;
  readonly netMinor: number;
}

export interface ZReportRow {
  readonly tillKey: string;
  readonly shopId: string;
  readonly zNumber: number;
  readonly closedAt: string;
  readonly currency: string;
  readonly netTakingsMinor: number;
  readonly differenceMinor: number | null;
  /** The report as the till printed it (DayReport JSON). */
  readonly record: unknown;
}

export interface WaitingAttempt extends AttentionItem {
  readonly tillKey: string;
  readonly shopId: string;
}

export interface TillRow {
  readonly tillKey: string;
  readonly shopId: string;
  readonly shopName: string;
  readonly tillId: string;
  readonly tillName: string;
  readonly enrolledAt: string;
  readonly revokedAt: string | null;
  readonly lastSyncAt: string | null;
  readonly status: TillStatus | null;
}

export interface StoredWebhook {
  readonly provider: 'adyen';
  readonly receivedAt: string;
  readonly path: string;
  readonly body: string;
  /** The till it is for, or undefined when no till claims its identifiers: kept, listed, never dropped. */
  readonly tillKey: string | undefined;
  /** Provider ids that name it (POIID, SaleID, ServiceID), for routing later and for the page. */
  readonly poiId: string | undefined;
  /** Same delivery twice (the provider retried) is stored once: provider + this key. */
  readonly dedupeKey: string;
}

export interface HqStore {
  /** Brings the schema up to date; safe to run from several instances at once (it takes an advisory lock). */
  migrate(): Promise<void>;
  close(): Promise<void>;

  // Enrolment
  addShop(shop: { shopId: string; shopName: string }): Promise<void>;
  addEnrolmentCode(code: { codeHash: string; shopId: string; expiresAt: string; createdAt: string }): Promise<void>;
  /** Spends a code once: the till gets a key in the code's shop, and its token's hash is stored. */
  redeemEnrolmentCode(request: {
    codeHash: string;
    tillId: string;
    tillName: string;
    tokenHash: string;
    now: string;
  }): Promise<RedeemOutcome>;
  /** The till a token belongs to, with `revoked` when IT took it back. */
  tillByToken(tokenHash: string): Promise<(TillIdentity & { readonly revoked: boolean }) | undefined>;
  /** Takes a till's token back; its data stays. False when no such till. */
  revokeTill(tillKey: string, now: string): Promise<boolean>;

  // Sync
  /**
   * Writes a batch in one transaction, each item once however often it is
   * sent (idempotent by till and sequence), and the till's status. Answers the
   * highest sequence HQ now holds for the till.
   */
  push(till: TillIdentity, items: readonly SyncItem[], status: TillStatus, now: string): Promise<number>;

  // Accounts of the head-office page
  /** Adds an account, or replaces the one of that name (how a forgotten password is reset). */
  addAccount(account: { name: string; role: HqRole; passwordHash: string }): Promise<void>;
  accountByName(name: string): Promise<{ name: string; role: HqRole; passwordHash: string } | undefined>;

  // Questions of the head-office page (live mode only; training and demo never count).
  // A range is business days in HQ's time zone, YYYY-MM-DD, both included.
  takingsByShop(range: { from: string; to: string }): Promise<TakingsRow[]>;
  takingsByTill(range: { from: string; to: string }): Promise<TakingsRow[]>;
  vatByShop(range: { from: string; to: string }): Promise<VatRow[]>;
  takingsByHour(range: { from: string; to: string }): Promise<HourRow[]>;
  /** Newest first. */
  zReports(range: { from: string; to: string }): Promise<ZReportRow[]>;
  waitingForManager(): Promise<WaitingAttempt[]>;
  tills(): Promise<TillRow[]>;
  unroutedWebhooks(): Promise<(StoredWebhook & { id: number })[]>;

  // Webhook relay
  /** The till whose status names this Adyen POIID, if any. */
  tillForPoi(poiId: string): Promise<string | undefined>;
  /** Stores a webhook durably (once per dedupe key); answers its id and whether it was new. */
  storeWebhook(webhook: StoredWebhook): Promise<{ id: number; stored: boolean }>;
  /** Up to `limit` webhooks waiting for this till, oldest first. */
  pendingWebhooks(tillKey: string, limit: number): Promise<RelayedWebhook[]>;
  /** Marks them taken by the till (only its own); answers how many were. */
  ackWebhooks(tillKey: string, ids: readonly number[], now: string): Promise<number>;
}
