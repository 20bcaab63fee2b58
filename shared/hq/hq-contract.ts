import { z } from 'zod';
import { CurrencyCodeSchema, MinorUnitsSchema } from '../money.ts';

/**
 * The wire between a till and Kassa HQ, both ways, checked with zod on both
 * sides. A till enrols once with a one-time code IT got from HQ and from then
 * on authenticates with its own bearer token. It pushes its outbox (every
 * finished sale, refund, Z report, cash move, audit entry, and every payment
 * attempt that went to a manager or came back from one) in order, in
 * batches; HQ writes a batch in one transaction and answers with the highest
 * sequence it now holds, so a batch sent twice is written once. The same
 * connection carries the till's status (printer, terminal, backlog) and,
 * when HQ is the till's public webhook address, brings the webhooks HQ keeps
 * for it.
 *
 * Paths (all JSON, all under the HQ base URL):
 *   POST /api/enrol          EnrolRequest → EnrolResponse (no token: the code is the proof)
 *   POST /api/sync           PushRequest → PushResponse (Authorization: Bearer <token>)
 *   GET  /api/relay?wait=25  → RelayPollResponse, held up to `wait` seconds while nothing waits (Bearer)
 *   POST /api/relay/ack      RelayAck → RelayAckResponse (Bearer)
 *   GET  /api/health         → { ok: true } (no token; for load balancers)
 * Errors answer `HqError` with a 4xx/5xx status; 401 means the token is
 * unknown or revoked (the till stops and says so), 5xx and no answer mean
 * "try again later".
 */

/** What a till queues for HQ, one kind per record it keeps. */
export const OutboxKindSchema = z.enum([
  /** A completed sale: the record its receipt was printed from (shared/sale/completed-sale.ts). */
  'sale',
  /** A completed refund (shared/refunds/refund.ts CompletedRefund). */
  'refund',
  /** A Z report as printed (shared/till-day/day-report.ts DayReport, kind Z). */
  'z_report',
  /** Cash put in or taken out of the drawer (CashMove). */
  'cash_move',
  /** A row of the till's audit log. */
  'audit',
  /** A payment attempt that now waits for a manager (AttentionItem). */
  'attempt_attention',
  /** A payment attempt a manager (or a late answer) has settled: it no longer waits (AttentionItem). */
  'attempt_settled',
]);
export type OutboxKind = z.infer<typeof OutboxKindSchema>;

export const TillModeOnWireSchema = z.enum(['live', 'training', 'demo']);

/** One queued record. `seq` is the till's outbox sequence: increasing, never reused. */
export const SyncItemSchema = z
  .object({
    seq: z.number().int().positive(),
    kind: OutboxKindSchema,
    /** When the till recorded it (ISO 8601, UTC). */
    at: z.iso.datetime(),
    /** Training and demo records travel too, so HQ can show them apart; they never count as takings. */
    mode: TillModeOnWireSchema,
    /** The record itself, validated by HQ per kind (payload schemas below and in the shared domain). */
    payload: z.record(z.string(), z.unknown()),
  })
  .strict();
export type SyncItem = z.infer<typeof SyncItemSchema>;

export const AuditPayloadSchema = z.object({
  /** The till's own audit sequence. */
  seq: z.number().int().positive(),
  at: z.iso.datetime(),
  action: z.string().min(1),
  actor: z.string().nullable(),
  reason: z.string().nullable(),
  detail: z.unknown(),
});
export type AuditPayload = z.infer<typeof AuditPayloadSchema>;

/** A payment attempt as HQ's "waiting for a manager" list shows it. No card data beyond brand and last four. */
export const AttentionItemSchema = z.object({
  attemptId: z.string().min(1),
  saleId: z.string().min(1),
  kind: z.string().min(1),
  provider: z.string().min(1),
  terminalId: z.string(),
  amountMinor: MinorUnitsSchema,
  currency: CurrencyCodeSchema,
  /** The attempt's state now: `needs_attention` when it waits, a final state once settled. */
  state: z.string().min(1),
  /** Why it waits (AttentionReason), when the till knows. */
  attention: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type AttentionItem = z.infer<typeof AttentionItemSchema>;

export const DeviceHealthSchema = z.enum(['ok', 'problem', 'unknown', 'none']);

/** How the till is, sent with every push (and an empty push now and then, so HQ sees a quiet till is alive). */
export const TillStatusSchema = z
  .object({
    appVersion: z.string().max(40),
    printer: z.object({ health: DeviceHealthSchema, detail: z.string().max(200).optional() }).strict(),
    terminal: z.object({ health: DeviceHealthSchema, detail: z.string().max(200).optional() }).strict(),
    /** The last Z report the till printed, live mode. */
    lastZ: z.object({ zNumber: z.number().int().positive(), closedAt: z.iso.datetime() }).strict().optional(),
    /** Records still queued for HQ after this push, and when the oldest was recorded. */
    waiting: z.number().int().nonnegative(),
    oldestWaitingAt: z.iso.datetime().optional(),
    /**
     * How provider webhooks name this till, so HQ can route the ones it relays: Adyen's POIID of each
     * of its terminals. Empty when the till takes no cards by terminal.
     */
    routes: z.array(z.object({ provider: z.literal('adyen'), poiId: z.string().min(1).max(64) }).strict()).max(16),
  })
  .strict();
export type TillStatus = z.infer<typeof TillStatusSchema>;

/** At most this many items in one push: a week offline catches up in many small transactions, not one huge one. */
export const MAX_PUSH_ITEMS = 500;

export const PushRequestSchema = z
  .object({ items: z.array(SyncItemSchema).max(MAX_PUSH_ITEMS), status: TillStatusSchema })
  .strict();
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const PushResponseSchema = z
  .object({
    /** Every item up to and including this sequence is stored at HQ; the till may forget them. */
    ackedThrough: z.number().int().nonnegative(),
  })
  .strict();
export type PushResponse = z.infer<typeof PushResponseSchema>;

/** An enrolment code as IT types it: groups of four letters and digits, dashes optional. */
export const EnrolmentCodeSchema = z
  .string()
  .trim()
  .transform((code) => code.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{16}$/, 'must be the 16-character code HQ gave (e.g. ABCD-EFGH-JKLM-NPQR)'));

export const EnrolRequestSchema = z
  .object({
    code: EnrolmentCodeSchema,
    /** The till's own id (config `till.id`): unique within its shop. */
    tillId: z.string().regex(/^[A-Za-z0-9-]{1,16}$/),
    tillName: z.string().trim().min(1).max(32),
    appVersion: z.string().max(40),
  })
  .strict();
export type EnrolRequest = z.infer<typeof EnrolRequestSchema>;

export const ShopIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,16}$/, 'must be 1–16 letters, digits or dashes');

export const EnrolResponseSchema = z
  .object({
    /** `<shop id>/<till id>`: the till's name across the chain. */
    tillKey: z.string().min(3).max(33),
    shopId: ShopIdSchema,
    shopName: z.string(),
    /** The till's bearer token, shown this once: HQ keeps only its hash. */
    token: z.string().min(32).max(128),
  })
  .strict();
export type EnrolResponse = z.infer<typeof EnrolResponseSchema>;

/** A webhook HQ took for this till, as it arrived: the till's own intake checks and stores it again. */
export const RelayedWebhookSchema = z
  .object({
    id: z.number().int().positive(),
    provider: z.literal('adyen'),
    receivedAt: z.iso.datetime(),
    /** The request path as the provider posted it, below HQ's `/webhooks/<provider>`. */
    path: z.string().max(512),
    /** The body exactly as received, UTF-8. */
    body: z.string().max(256 * 1024),
  })
  .strict();
export type RelayedWebhook = z.infer<typeof RelayedWebhookSchema>;

export const RelayPollResponseSchema = z.object({ webhooks: z.array(RelayedWebhookSchema).max(100) }).strict();
export type RelayPollResponse = z.infer<typeof RelayPollResponseSchema>;

export const RelayAckSchema = z.object({ ids: z.array(z.number().int().positive()).min(1).max(100) }).strict();
export type RelayAck = z.infer<typeof RelayAckSchema>;
export const RelayAckResponseSchema = z.object({ acknowledged: z.number().int().nonnegative() }).strict();

export const HqErrorSchema = z
  .object({
    error: z.enum([
      'bad_request',
      'unauthorised',
      'revoked',
      'code_unknown',
      'code_used',
      'code_expired',
      'till_taken',
      'unavailable',
    ]),
    message: z.string(),
  })
  .strict();
export type HqError = z.infer<typeof HqErrorSchema>;
