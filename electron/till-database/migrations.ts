/**
 * The till database's schema (payments, sales, refunds, the till day, the audit
 * log, the print queue), one named step per version, applied in order and never
 * edited once released: a till upgraded in the field replays only what it
 * lacks. The database itself enforces the rules of money it can: one attempt
 * in flight per terminal, an attempt's amount and ServiceID frozen once
 * written, and an append-only event log.
 */
export interface Migration {
  /** The `user_version` the file has once this step is applied; steps are numbered 1, 2, 3… in order. */
  readonly version: number;
  /** What the step adds, for people reading the schema's history and for errors. */
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'payments',
    sql: `
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  CREATE TABLE sales (
    id TEXT PRIMARY KEY,
    currency TEXT NOT NULL,
    total_minor INTEGER NOT NULL CHECK (total_minor > 0),
    created_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE tenders (
    id TEXT PRIMARY KEY,
    sale_id TEXT NOT NULL REFERENCES sales (id),
    method TEXT NOT NULL CHECK (method IN ('card')),
    requested_minor INTEGER NOT NULL CHECK (requested_minor > 0),
    -- What was actually taken; set when the tender's payment is approved.
    amount_minor INTEGER CHECK (amount_minor >= 0),
    created_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE payment_attempts (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL REFERENCES tenders (id),
    sale_id TEXT NOT NULL REFERENCES sales (id),
    provider TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    -- Terminal API identifiers of the payment request, persisted before it is sent.
    sale_system_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    sale_transaction_id TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency TEXT NOT NULL,
    delivery TEXT NOT NULL CHECK (delivery IN ('sync', 'async')),
    state TEXT NOT NULL,
    authorised_minor INTEGER,
    terminal_reference TEXT,
    reason TEXT,
    attention TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (terminal_id, service_id)
  ) STRICT;

  CREATE UNIQUE INDEX one_attempt_in_flight_per_terminal ON payment_attempts (terminal_id)
    WHERE state IN ('created', 'sent', 'in_progress', 'checking');
  CREATE INDEX attempts_by_sale ON payment_attempts (sale_id);
  CREATE INDEX attempts_by_state ON payment_attempts (state);

  CREATE TRIGGER attempt_request_frozen BEFORE UPDATE OF
    tender_id, sale_id, provider, terminal_id, sale_system_id, service_id, sale_transaction_id,
    amount_minor, currency, delivery ON payment_attempts
  BEGIN
    SELECT RAISE(ABORT, 'a payment attempt''s request is frozen once written');
  END;

  CREATE TABLE attempt_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    attempt_id TEXT NOT NULL REFERENCES payment_attempts (id),
    at TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    -- JSON: why, what the terminal said, who (for a manager's resolution).
    detail TEXT NOT NULL
  ) STRICT;
  CREATE INDEX events_by_attempt ON attempt_events (attempt_id, seq);
  CREATE TRIGGER attempt_events_no_update BEFORE UPDATE ON attempt_events
  BEGIN SELECT RAISE(ABORT, 'attempt_events is append-only'); END;
  CREATE TRIGGER attempt_events_no_delete BEFORE DELETE ON attempt_events
  BEGIN SELECT RAISE(ABORT, 'attempt_events is append-only'); END;

  -- Every ServiceID this till used with a terminal (payments, status checks, aborts):
  -- Adyen requires them unique per terminal for 48 hours.
  CREATE TABLE service_ids (
    terminal_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    used_at TEXT NOT NULL,
    PRIMARY KEY (terminal_id, service_id)
  ) STRICT, WITHOUT ROWID;

  -- Every notification the webhook listener accepted, written before it answers.
  CREATE TABLE inbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at TEXT NOT NULL,
    digest TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    terminal_id TEXT,
    sale_system_id TEXT,
    service_id TEXT,
    attempt_id TEXT REFERENCES payment_attempts (id),
    body TEXT NOT NULL,
    -- What became of it: applied, duplicate, unauthentic, unmatched, progress.
    outcome TEXT
  ) STRICT;
  `,
  },
  {
    version: 2,
    name: 'indexes found by the bench',
    sql: `
  -- Found by the bench: the per-terminal "anything unresolved?" check and a sale's
  -- balance scanned every attempt and tender the till had ever taken. The last
  -- attempt and the unhandled inbox rows (read at every start) had the same flaw.
  CREATE INDEX attempts_by_terminal_state ON payment_attempts (terminal_id, state);
  CREATE INDEX tenders_by_sale ON tenders (sale_id);
  CREATE INDEX attempts_by_creation ON payment_attempts (created_at);
  CREATE INDEX inbox_unhandled ON inbox (seq) WHERE outcome IS NULL;
  `,
  },
  {
    version: 3,
    name: 'card details',
    sql: `
  -- The card an approval was made with, for the cashier and the receipt: brand,
  -- last four digits and approval code only, never a PAN.
  ALTER TABLE payment_attempts ADD COLUMN card_brand TEXT;
  ALTER TABLE payment_attempts ADD COLUMN card_last4 TEXT CHECK (card_last4 GLOB '[0-9][0-9][0-9][0-9]');
  ALTER TABLE payment_attempts ADD COLUMN card_auth_code TEXT;
  `,
  },
  {
    version: 4,
    name: 'completed sales and the audit log',
    sql: `
  -- Every finished sale, as its receipt shows it, written once and never changed:
  -- the sequence numbers the receipts. Parked sales wait here until recalled.
  CREATE TABLE completed_sales (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    sale_id TEXT NOT NULL UNIQUE,
    receipt_number TEXT NOT NULL UNIQUE,
    completed_at TEXT NOT NULL,
    currency TEXT NOT NULL,
    total_minor INTEGER NOT NULL CHECK (total_minor >= 0),
    record TEXT NOT NULL
  ) STRICT;
  CREATE TRIGGER completed_sales_no_update BEFORE UPDATE ON completed_sales
  BEGIN SELECT RAISE(ABORT, 'a completed sale is final'); END;
  CREATE TRIGGER completed_sales_no_delete BEFORE DELETE ON completed_sales
  BEGIN SELECT RAISE(ABORT, 'a completed sale is final'); END;

  CREATE TABLE parked_sales (
    sale_id TEXT PRIMARY KEY,
    parked_at TEXT NOT NULL,
    note TEXT,
    lines TEXT NOT NULL
  ) STRICT;
  `,
  },
  {
    version: 5,
    name: 'receipts and the print queue',
    sql: `
  -- Receipts. The terminal's receipt text is kept beside its attempt; every job for
  -- the printer waits in print_jobs until the printer has taken it, so a receipt
  -- survives an offline printer and a restart. A sale's receipt is rebuilt from
  -- its (immutable) completed_sales record; other jobs carry their document.
  ALTER TABLE payment_attempts ADD COLUMN terminal_receipts TEXT;

  CREATE TABLE print_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('receipt', 'copy', 'merchant_copy', 'document')),
    receipt_number TEXT REFERENCES completed_sales (receipt_number),
    title TEXT NOT NULL,
    document TEXT,
    status TEXT NOT NULL CHECK (status IN ('queued', 'printing', 'printed')),
    tries INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL,
    problem TEXT,
    created_at TEXT NOT NULL,
    printed_at TEXT,
    CHECK (CASE WHEN kind = 'document' THEN document IS NOT NULL AND receipt_number IS NULL
                ELSE receipt_number IS NOT NULL AND document IS NULL END)
  ) STRICT;
  CREATE INDEX print_jobs_by_status ON print_jobs (status);
  CREATE INDEX print_jobs_by_receipt ON print_jobs (receipt_number);

  -- Who did what to the money outside a sale, and why: never changed, never deleted.
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    actor TEXT,
    reason TEXT,
    detail TEXT NOT NULL
  ) STRICT;
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  `,
  },
  {
    version: 6,
    name: 'refunds and the till day',
    sql: `
  -- Refunds and the till day.
  --
  -- A card refund is an attempt like a payment, on the same state machine: a
  -- referenced refund (a reversal of an earlier payment, by that payment's
  -- POITransactionID) or an unreferenced one (a refund to whatever card is
  -- presented). What it reverses is part of its frozen request. Every attempt
  -- keeps the terminal's own transaction identifier once it has one, since a
  -- later refund must quote it.
  ALTER TABLE payment_attempts ADD COLUMN kind TEXT NOT NULL DEFAULT 'payment'
    CHECK (kind IN ('payment', 'reversal', 'refund'));
  ALTER TABLE payment_attempts ADD COLUMN original_attempt_id TEXT REFERENCES payment_attempts (id);
  ALTER TABLE payment_attempts ADD COLUMN original_poi_transaction TEXT;
  ALTER TABLE payment_attempts ADD COLUMN poi_transaction TEXT;
  CREATE INDEX attempts_by_original ON payment_attempts (original_attempt_id) WHERE original_attempt_id IS NOT NULL;
  CREATE INDEX attempts_by_card ON payment_attempts (card_last4) WHERE card_last4 IS NOT NULL;
  DROP TRIGGER attempt_request_frozen;
  CREATE TRIGGER attempt_request_frozen BEFORE UPDATE OF
    tender_id, sale_id, provider, terminal_id, sale_system_id, service_id, sale_transaction_id,
    amount_minor, currency, delivery, kind, original_attempt_id, original_poi_transaction ON payment_attempts
  BEGIN
    SELECT RAISE(ABORT, 'a payment attempt''s request is frozen once written');
  END;

  -- A till day runs from the counted float to its Z report. Training and demo
  -- days are kept apart from live ones (their own days, their own Z numbers),
  -- so practice never reaches the takings. At most one open day per mode.
  CREATE TABLE till_days (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    mode TEXT NOT NULL CHECK (mode IN ('live', 'training', 'demo')),
    opened_at TEXT NOT NULL,
    opened_by TEXT,
    float_minor INTEGER NOT NULL CHECK (float_minor >= 0),
    -- 0 when the day opened by itself with a sale, before anyone counted the float.
    float_counted INTEGER NOT NULL CHECK (float_counted IN (0, 1)),
    closed_at TEXT,
    z_number INTEGER,
    UNIQUE (mode, z_number),
    CHECK ((closed_at IS NULL) = (z_number IS NULL))
  ) STRICT;
  CREATE UNIQUE INDEX one_open_day_per_mode ON till_days (mode) WHERE closed_at IS NULL;
  CREATE TRIGGER till_day_closed_for_good BEFORE UPDATE ON till_days WHEN OLD.closed_at IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'a closed till day is final'); END;
  CREATE TRIGGER till_days_no_delete BEFORE DELETE ON till_days
  BEGIN SELECT RAISE(ABORT, 'till days are never deleted'); END;

  -- Which day a sale belongs to, written with the sale (old sales have none).
  ALTER TABLE completed_sales ADD COLUMN day_seq INTEGER REFERENCES till_days (seq);
  CREATE INDEX completed_by_day ON completed_sales (day_seq);
  CREATE INDEX completed_by_time ON completed_sales (completed_at);
  CREATE INDEX completed_by_total ON completed_sales (total_minor);

  -- A refund is planned (lines, amount and how much goes back on which tender)
  -- before any money moves, so the caps hold across refunds and restarts; it is
  -- numbered and counted in the day only when every part of it is done.
  CREATE TABLE refunds (
    id TEXT PRIMARY KEY,
    original_sale_id TEXT REFERENCES completed_sales (sale_id),
    state TEXT NOT NULL CHECK (state IN ('open', 'completed', 'cancelled')),
    created_at TEXT NOT NULL,
    created_by TEXT,
    reason TEXT NOT NULL,
    total_minor INTEGER NOT NULL CHECK (total_minor > 0),
    plan TEXT NOT NULL,
    refund_number TEXT UNIQUE,
    completed_at TEXT,
    day_seq INTEGER REFERENCES till_days (seq),
    record TEXT,
    cancelled_reason TEXT,
    CHECK ((state = 'completed') = (refund_number IS NOT NULL AND record IS NOT NULL AND day_seq IS NOT NULL))
  ) STRICT;
  CREATE INDEX refunds_by_original ON refunds (original_sale_id);
  CREATE INDEX refunds_open ON refunds (state) WHERE state = 'open';
  CREATE INDEX refunds_by_day ON refunds (day_seq);
  CREATE TRIGGER refund_final BEFORE UPDATE ON refunds WHEN OLD.state <> 'open'
  BEGIN SELECT RAISE(ABORT, 'a completed or cancelled refund is final'); END;
  CREATE TRIGGER refunds_no_delete BEFORE DELETE ON refunds
  BEGIN SELECT RAISE(ABORT, 'refunds are never deleted'); END;

  -- Cash put in or taken out of the drawer outside a sale, with the reason.
  CREATE TABLE cash_moves (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    day_seq INTEGER NOT NULL REFERENCES till_days (seq),
    at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('in', 'out')),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    reason TEXT NOT NULL,
    actor TEXT
  ) STRICT;
  CREATE INDEX cash_moves_by_day ON cash_moves (day_seq);
  CREATE TRIGGER cash_moves_no_update BEFORE UPDATE ON cash_moves
  BEGIN SELECT RAISE(ABORT, 'cash moves are append-only'); END;
  CREATE TRIGGER cash_moves_no_delete BEFORE DELETE ON cash_moves
  BEGIN SELECT RAISE(ABORT, 'cash moves are append-only'); END;

  -- Sales given up with goods on them, for the report's voids.
  CREATE TABLE voided_sales (
    sale_id TEXT PRIMARY KEY,
    day_seq INTEGER NOT NULL REFERENCES till_days (seq),
    voided_at TEXT NOT NULL,
    actor TEXT,
    line_count INTEGER NOT NULL,
    total_minor INTEGER NOT NULL CHECK (total_minor >= 0)
  ) STRICT;
  CREATE INDEX voided_by_day ON voided_sales (day_seq);

  -- A Z report as it was printed, never changed: reprints come from here.
  CREATE TABLE z_reports (
    mode TEXT NOT NULL,
    z_number INTEGER NOT NULL CHECK (z_number > 0),
    day_seq INTEGER NOT NULL UNIQUE REFERENCES till_days (seq),
    closed_at TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (mode, z_number)
  ) STRICT;
  CREATE TRIGGER z_reports_no_update BEFORE UPDATE ON z_reports
  BEGIN SELECT RAISE(ABORT, 'a Z report is final'); END;
  CREATE TRIGGER z_reports_no_delete BEFORE DELETE ON z_reports
  BEGIN SELECT RAISE(ABORT, 'a Z report is final'); END;
  `,
  },
  {
    version: 7,
    name: 'the open sale in main',
    sql: `
  -- The open sale belongs to main. Each change the cashier makes (a line, a
  -- quantity, a discount, cash taken) is appended to sale_events before the
  -- screen is answered, so after a crash or a restart the till reopens on the
  -- same sale by replaying them. open_sales says where each sale stands: one
  -- open at a time, any number parked, and finished or voided for good.
  CREATE TABLE open_sales (
    sale_id TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('open', 'parked', 'completed', 'voided')),
    started_at TEXT NOT NULL,
    started_by TEXT,
    note TEXT,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX one_open_sale ON open_sales (state) WHERE state = 'open';
  CREATE INDEX open_sales_waiting ON open_sales (state, updated_at) WHERE state IN ('open', 'parked');
  CREATE TRIGGER open_sale_ended_for_good BEFORE UPDATE ON open_sales WHEN OLD.state IN ('completed', 'voided')
  BEGIN SELECT RAISE(ABORT, 'a finished or voided sale is final'); END;
  CREATE TRIGGER open_sales_no_delete BEFORE DELETE ON open_sales
  BEGIN SELECT RAISE(ABORT, 'sales are never deleted'); END;

  CREATE TABLE sale_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    sale_id TEXT NOT NULL REFERENCES open_sales (sale_id),
    at TEXT NOT NULL,
    actor TEXT,
    -- JSON: one SaleEvent (shared/sale/open-sale.ts).
    event TEXT NOT NULL
  ) STRICT;
  CREATE INDEX sale_events_by_sale ON sale_events (sale_id, seq);
  CREATE TRIGGER sale_events_no_update BEFORE UPDATE ON sale_events
  BEGIN SELECT RAISE(ABORT, 'sale_events is append-only'); END;
  CREATE TRIGGER sale_events_no_delete BEFORE DELETE ON sale_events
  BEGIN SELECT RAISE(ABORT, 'sale_events is append-only'); END;

  -- Sales parked by the renderer of an earlier Kassa become parked sales of main, lines as they were.
  INSERT INTO open_sales (sale_id, state, started_at, note, updated_at)
    SELECT sale_id, 'parked', parked_at, note, parked_at FROM parked_sales;
  INSERT INTO sale_events (sale_id, at, event)
    SELECT sale_id, parked_at, json_object('type', 'lines_restored', 'lines', json(lines)) FROM parked_sales;
  INSERT INTO sale_events (sale_id, at, event)
    SELECT sale_id, parked_at, json_object('type', 'parked', 'note', note) FROM parked_sales;
  DROP TABLE parked_sales;

  -- Wrong PINs in a row and the lockout they led to, per person: a restart must not forgive them.
  CREATE TABLE staff_pin_failures (
    staff_id TEXT PRIMARY KEY,
    failures INTEGER NOT NULL CHECK (failures >= 0),
    locked_until TEXT
  ) STRICT;
  `,
  },
  {
    version: 8,
    name: 'whose parked sale',
    sql: `
  -- Who parked a sale, for the parked list; and, for a sale main parked when
  -- its cashier locked the till (or it locked itself), whom it is kept for:
  -- it comes back on screen when that person logs in, never for the next one.
  -- Both are cleared when the sale leaves the parked state.
  ALTER TABLE open_sales ADD COLUMN parked_by TEXT;
  ALTER TABLE open_sales ADD COLUMN held_for TEXT;
  CREATE INDEX open_sales_held ON open_sales (held_for, updated_at) WHERE held_for IS NOT NULL;
    `,
  },
  {
    version: 9,
    name: 'receipts by e-mail',
    sql: `
  -- Receipts asked for by e-mail. A row is written before the mail server is
  -- tried, so a crash or a server that is down loses no request: queued, then
  -- sent or failed with the server's reason; failed ones are tried again. The
  -- customer's address is erased once the receipt has gone (or the till gives
  -- up on it), unless the store keeps addresses (receipts.email.keepAddress).
  CREATE TABLE receipt_mail (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    receipt_number TEXT NOT NULL REFERENCES completed_sales (receipt_number),
    address TEXT,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    tries INTEGER NOT NULL DEFAULT 0 CHECK (tries >= 0),
    problem TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
  ) STRICT;
  CREATE INDEX receipt_mail_by_receipt ON receipt_mail (receipt_number, id);
  CREATE INDEX receipt_mail_unsent ON receipt_mail (status) WHERE status <> 'sent';
  `,
  },
  {
    version: 10,
    name: 'payment links',
    sql: `
  -- A pay-by-link attempt's link as the gateway made it (JSON: its id, the
  -- address, the gateway's expiry, how far the customer got), written the
  -- moment the gateway names it: a status question after a restart quotes it,
  -- and the screen redraws the QR from it. Not part of the frozen request;
  -- each change is also an event of the attempt.
  ALTER TABLE payment_attempts ADD COLUMN link TEXT;
  `,
  },
  {
    version: 11,
    name: 'attempts exclude each other by lane',
    sql: `
  -- One attempt in flight per lane, not per terminal. A card terminal does one
  -- thing at a time and a gateway one link at a time (the lane is the
  -- terminal), but a refund an online gateway has taken may stay "requested"
  -- for hours: it excludes only another refund of the same payment (its lane
  -- names that payment), never the shop's links or a refund of another order.
  -- No lane is the terminal's: earlier rows, and a writer that does not know
  -- the column, stay under the terminal's guard.
  ALTER TABLE payment_attempts ADD COLUMN lane TEXT;
  DROP INDEX one_attempt_in_flight_per_terminal;
  CREATE UNIQUE INDEX one_attempt_in_flight_per_lane ON payment_attempts (coalesce(lane, terminal_id))
    WHERE state IN ('created', 'sent', 'in_progress', 'checking');
  CREATE INDEX attempts_by_lane_state ON payment_attempts (coalesce(lane, terminal_id), state);
  `,
  },
  {
    version: 12,
    name: 'deposits',
    sql: `
  -- Deposits: a customer pre-authorises an amount by link (a 'hold': reserved on
  -- the card, not taken), and the till later captures all or part of it, or
  -- releases it. Those are attempts like any other, on the same state machine,
  -- so the attempt kind's CHECK grows three values. SQLite cannot change a
  -- CHECK in place: the table is rebuilt with every row (and its rowid, which
  -- orders attempts made in the same millisecond) as it was. Foreign keys are
  -- checked at COMMIT: the events and inbox rows that name an attempt find it
  -- again in the rebuilt table before then.
  PRAGMA defer_foreign_keys = ON;
  CREATE TABLE payment_attempts_before_deposits AS SELECT rowid AS row_number, * FROM payment_attempts;
  DROP TABLE payment_attempts;
  CREATE TABLE payment_attempts (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL REFERENCES tenders (id),
    sale_id TEXT NOT NULL REFERENCES sales (id),
    provider TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    -- Terminal API identifiers of the payment request, persisted before it is sent.
    sale_system_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    sale_transaction_id TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency TEXT NOT NULL,
    delivery TEXT NOT NULL CHECK (delivery IN ('sync', 'async')),
    state TEXT NOT NULL,
    authorised_minor INTEGER,
    terminal_reference TEXT,
    reason TEXT,
    attention TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    card_brand TEXT,
    card_last4 TEXT CHECK (card_last4 GLOB '[0-9][0-9][0-9][0-9]'),
    card_auth_code TEXT,
    terminal_receipts TEXT,
    kind TEXT NOT NULL DEFAULT 'payment'
      CHECK (kind IN ('payment', 'reversal', 'refund', 'hold', 'capture', 'release')),
    original_attempt_id TEXT REFERENCES payment_attempts (id),
    original_poi_transaction TEXT,
    poi_transaction TEXT,
    link TEXT,
    lane TEXT,
    UNIQUE (terminal_id, service_id)
  ) STRICT;
  INSERT INTO payment_attempts (rowid, id, tender_id, sale_id, provider, terminal_id, sale_system_id, service_id,
      sale_transaction_id, amount_minor, currency, delivery, state, authorised_minor, terminal_reference, reason,
      attention, created_at, updated_at, card_brand, card_last4, card_auth_code, terminal_receipts, kind,
      original_attempt_id, original_poi_transaction, poi_transaction, link, lane)
    SELECT row_number, id, tender_id, sale_id, provider, terminal_id, sale_system_id, service_id,
      sale_transaction_id, amount_minor, currency, delivery, state, authorised_minor, terminal_reference, reason,
      attention, created_at, updated_at, card_brand, card_last4, card_auth_code, terminal_receipts, kind,
      original_attempt_id, original_poi_transaction, poi_transaction, link, lane
    FROM payment_attempts_before_deposits ORDER BY row_number;
  DROP TABLE payment_attempts_before_deposits;
  CREATE INDEX attempts_by_sale ON payment_attempts (sale_id);
  CREATE INDEX attempts_by_state ON payment_attempts (state);
  CREATE INDEX attempts_by_terminal_state ON payment_attempts (terminal_id, state);
  CREATE INDEX attempts_by_creation ON payment_attempts (created_at);
  CREATE INDEX attempts_by_original ON payment_attempts (original_attempt_id) WHERE original_attempt_id IS NOT NULL;
  CREATE INDEX attempts_by_card ON payment_attempts (card_last4) WHERE card_last4 IS NOT NULL;
  CREATE UNIQUE INDEX one_attempt_in_flight_per_lane ON payment_attempts (coalesce(lane, terminal_id))
    WHERE state IN ('created', 'sent', 'in_progress', 'checking');
  CREATE INDEX attempts_by_lane_state ON payment_attempts (coalesce(lane, terminal_id), state);
  CREATE TRIGGER attempt_request_frozen BEFORE UPDATE OF
    tender_id, sale_id, provider, terminal_id, sale_system_id, service_id, sale_transaction_id,
    amount_minor, currency, delivery, kind, original_attempt_id, original_poi_transaction ON payment_attempts
  BEGIN
    SELECT RAISE(ABORT, 'a payment attempt''s request is frozen once written');
  END;

  -- A deposit as the customer and the shop know it: who, how much, why. Where
  -- it stands is not kept here: it is read from its attempts (the hold, and any
  -- capture or release of it), whose saleId is the deposit's id. Numbered per
  -- till (D-0001); kept per mode, so a training deposit never reaches a live report.
  CREATE TABLE deposits (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE CHECK (seq > 0),
    mode TEXT NOT NULL CHECK (mode IN ('live', 'training', 'demo')),
    customer TEXT NOT NULL CHECK (length(customer) BETWEEN 1 AND 80),
    contact TEXT CHECK (contact IS NULL OR length(contact) <= 120),
    note TEXT CHECK (note IS NULL OR length(note) <= 200),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT,
    hold_attempt_id TEXT UNIQUE REFERENCES payment_attempts (id)
  ) STRICT;
  CREATE INDEX deposits_by_creation ON deposits (created_at);
  CREATE TRIGGER deposit_frozen BEFORE UPDATE OF
    id, seq, mode, customer, contact, note, amount_minor, currency, created_at, created_by ON deposits
  BEGIN
    SELECT RAISE(ABORT, 'a deposit is frozen once written');
  END;
  -- The row is written before its hold, so that the hold's request never leaves for a deposit the
  -- journal lacks; a hold the payment service refused (the gateway busy) takes the row back with it.
  -- Once a hold names it, a deposit stays, and its hold with it.
  CREATE TRIGGER deposits_no_delete BEFORE DELETE ON deposits WHEN OLD.hold_attempt_id IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'a deposit with a hold is never deleted'); END;
  CREATE TRIGGER deposit_hold_kept BEFORE UPDATE OF hold_attempt_id ON deposits WHEN OLD.hold_attempt_id IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'a deposit keeps its hold'); END;
  `,
  },
  {
    version: 13,
    name: 'the outbox to HQ',
    sql: `
  -- Kassa HQ. A till linked to HQ (hq_link, one row, written at enrolment)
  -- queues every record HQ keeps in hq_outbox, by triggers on the tables that
  -- record them: the row is queued in the very transaction that records it, so
  -- no book has to remember to, a rolled-back sale queues nothing, and a crash
  -- between the two cannot happen. A till that is not linked queues nothing.
  -- The sync worker pushes the rows in order (seq, never reused) and deletes
  -- them once HQ holds them; hq_sync keeps how far HQ has acknowledged and how
  -- the last push went.
  --
  -- Each payload is built once, by a view per kind (key = the source row):
  -- the triggers queue one row of it, enrolment queues every row of it, so a
  -- record sent at enrolment and one sent later are the same shape. The shapes
  -- are those of shared/hq/hq-contract.ts (and the shared records it names).
  CREATE TABLE hq_link (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    till_key TEXT NOT NULL,
    shop_id TEXT NOT NULL,
    shop_name TEXT NOT NULL,
    enrolled_at TEXT NOT NULL,
    hq_url TEXT NOT NULL,
    -- The mode the till was enrolled in: what an audit row or an attempt is sent as before the till has a day.
    mode TEXT NOT NULL CHECK (mode IN ('live', 'training', 'demo'))
  ) STRICT;

  CREATE TABLE hq_outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN
      ('sale', 'refund', 'z_report', 'cash_move', 'audit', 'attempt_attention', 'attempt_settled')),
    at TEXT NOT NULL,
    mode TEXT NOT NULL,
    -- JSON: the record as HQ reads it. No CHECK on it: a check that failed would roll back the sale itself.
    payload TEXT NOT NULL
  ) STRICT;

  CREATE TABLE hq_sync (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    -- HQ holds every item up to this seq.
    acked_through INTEGER NOT NULL DEFAULT 0 CHECK (acked_through >= 0),
    last_sync_at TEXT,
    -- What went wrong with the last push (unreachable, hq_error, refused, revoked); NULL once one succeeds.
    last_error TEXT,
    last_error_at TEXT,
    last_error_detail TEXT
  ) STRICT;
  INSERT INTO hq_sync (id) VALUES (1);

  -- The mode the till records in now: its latest day's, or the one it was enrolled in.
  CREATE VIEW hq_current_mode AS
    SELECT coalesce((SELECT mode FROM till_days ORDER BY seq DESC LIMIT 1), (SELECT mode FROM hq_link), 'live') AS mode;

  CREATE VIEW hq_sale_items AS
    SELECT c.seq AS key, 'sale' AS kind, c.completed_at AS at, coalesce(d.mode, 'live') AS mode, c.record AS payload
    FROM completed_sales c LEFT JOIN till_days d ON d.seq = c.day_seq;

  CREATE VIEW hq_refund_items AS
    SELECT r.id AS key, 'refund' AS kind, r.completed_at AS at, coalesce(d.mode, 'live') AS mode, r.record AS payload
    FROM refunds r LEFT JOIN till_days d ON d.seq = r.day_seq
    WHERE r.state = 'completed';

  CREATE VIEW hq_z_report_items AS
    SELECT z.day_seq AS key, 'z_report' AS kind, z.closed_at AS at, z.mode AS mode, z.record AS payload
    FROM z_reports z;

  -- As CashMove: "by" only when someone was logged in (the schema takes no null there).
  CREATE VIEW hq_cash_move_items AS
    SELECT m.seq AS key, 'cash_move' AS kind, m.at AS at, coalesce(d.mode, 'live') AS mode,
      CASE WHEN m.actor IS NULL
        THEN json_object('at', m.at, 'kind', m.kind, 'amountMinor', m.amount_minor, 'reason', m.reason)
        ELSE json_object('at', m.at, 'kind', m.kind, 'amountMinor', m.amount_minor, 'reason', m.reason, 'by', m.actor)
      END AS payload
    FROM cash_moves m LEFT JOIN till_days d ON d.seq = m.day_seq;

  -- As AuditPayload. A detail that is somehow not JSON travels as text rather than fail the write it records.
  CREATE VIEW hq_audit_items AS
    SELECT a.seq AS key, 'audit' AS kind, a.at AS at, (SELECT mode FROM hq_current_mode) AS mode,
      json_object('seq', a.seq, 'at', a.at, 'action', a.action, 'actor', a.actor, 'reason', a.reason,
        'detail', CASE WHEN json_valid(a.detail) THEN json(a.detail) ELSE a.detail END) AS payload
    FROM audit_log a;

  -- As AttentionItem: what HQ's "waiting for a manager" list needs, and no card data at all. The mode is
  -- the deposit's, or the day of the sale it paid, or the till's now (a sale still open has no day yet).
  CREATE VIEW hq_attempt_items AS
    SELECT a.id AS key,
      CASE WHEN a.state = 'needs_attention' THEN 'attempt_attention' ELSE 'attempt_settled' END AS kind,
      a.updated_at AS at,
      coalesce(
        (SELECT mode FROM deposits WHERE id = a.sale_id),
        (SELECT d.mode FROM completed_sales c JOIN till_days d ON d.seq = c.day_seq WHERE c.sale_id = a.sale_id),
        (SELECT mode FROM hq_current_mode)) AS mode,
      json_object('attemptId', a.id, 'saleId', a.sale_id, 'kind', a.kind, 'provider', a.provider,
        'terminalId', a.terminal_id, 'amountMinor', a.amount_minor, 'currency', a.currency, 'state', a.state,
        'attention', a.attention, 'reason', a.reason, 'createdAt', a.created_at, 'updatedAt', a.updated_at) AS payload
    FROM payment_attempts a;

  CREATE TRIGGER hq_queue_sale AFTER INSERT ON completed_sales WHEN EXISTS (SELECT 1 FROM hq_link)
  BEGIN
    INSERT INTO hq_outbox (kind, at, mode, payload) SELECT kind, at, mode, payload FROM hq_sale_items WHERE key = NEW.seq;
  END;
  -- A refund counts once every part of it is done: when it becomes completed, never before.
  CREATE TRIGGER hq_queue_refund AFTER UPDATE OF state ON refunds
    WHEN NEW.state = 'completed' AND OLD.state <> 'completed' AND EXISTS (SELECT 1 FROM hq_link)
  BEGIN
    INSERT INTO hq_outbox (kind, at, mode, payload) SELECT kind, at, mode, payload FROM hq_refund_items WHERE key = NEW.id;
  END;
  CREATE TRIGGER hq_queue_z_report AFTER INSERT ON z_reports WHEN EXISTS (SELECT 1 FROM hq_link)
  BEGIN
    INSERT INTO hq_outbox (kind, at, mode, payload)
      SELECT kind, at, mode, payload FROM hq_z_report_items WHERE key = NEW.day_seq;
  END;
  CREATE TRIGGER hq_queue_cash_move AFTER INSERT ON cash_moves WHEN EXISTS (SELECT 1 FROM hq_link)
  BEGIN
    INSERT INTO hq_outbox (kind, at, mode, payload)
      SELECT kind, at, mode, payload FROM hq_cash_move_items WHERE key = NEW.seq;
  END;
  CREATE TRIGGER hq_queue_audit AFTER INSERT ON audit_log WHEN EXISTS (SELECT 1 FROM hq_link)
  BEGIN
    INSERT INTO hq_outbox (kind, at, mode, payload) SELECT kind, at, mode, payload FROM hq_audit_items WHERE key = NEW.seq;
  END;
  -- The book writes the state with every change (UPDATE OF fires even when it stays the same): only a
  -- change into or out of needs_attention is news for HQ.
  CREATE TRIGGER hq_queue_attempt_attention AFTER UPDATE OF state ON payment_attempts
    WHEN NEW.state = 'needs_attention' AND OLD.state <> 'needs_attention' AND EXISTS (SELECT 1 FROM hq_link)
  BEGIN
    INSERT INTO hq_outbox (kind, at, mode, payload) SELECT kind, at, mode, payload FROM hq_attempt_items WHERE key = NEW.id;
  END;
  CREATE TRIGGER hq_queue_attempt_settled AFTER UPDATE OF state ON payment_attempts
    WHEN OLD.state = 'needs_attention' AND NEW.state <> 'needs_attention' AND EXISTS (SELECT 1 FROM hq_link)
  BEGIN
    INSERT INTO hq_outbox (kind, at, mode, payload) SELECT kind, at, mode, payload FROM hq_attempt_items WHERE key = NEW.id;
  END;
  `,
  },
];
