import { create } from 'zustand';
import type { ChannelRequest } from '../../shared/ipc/contract.ts';
import type { MainEvent } from '../../shared/ipc/events.ts';
import type { CurrencyCode } from '../../shared/money.ts';
import type { OnlinePaymentView, StartOnlineRefund } from '../../shared/refunds/online-refund.ts';
import { lineRefundAmount, type Refundable, type RefundView } from '../../shared/refunds/refund.ts';
import type { Result } from '../../shared/result.ts';
import type { CompletedSale } from '../../shared/sale/completed-sale.ts';
import type { StaffSession } from '../../shared/staff/staff.ts';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { parseTypedAmount } from '../i18n/amount-input.ts';
import { refundWords } from './refund-words.ts';

/**
 * Refunds on screen. Main plans every refund, moves the money and decides
 * the amounts; this store only mirrors what it says: the refund being
 * followed (`refund.updated` events, matched by refund id), and the refunds
 * left unfinished. An event can overtake the answer it belongs with (browser
 * mode carries them on separate connections), so of two views of one refund
 * the one further on is kept.
 */

/** Whether the person at the till may give money back; main checks again on every call. */
export function isManager(session: StaffSession | undefined): boolean {
  if (session === undefined) return false;
  return !session.loginRequired || session.operator?.role === 'manager';
}

/**
 * How far on a refund is: finished beats open, then the latest change of any
 * of its card attempts (a retry is a new, later attempt). ISO instants from
 * main all have one format, so they compare as text.
 */
function progressOf(view: RefundView): string {
  const latest = view.parts.reduce(
    (newest, part) => (part.attempt !== undefined && part.attempt.updatedAt > newest ? part.attempt.updatedAt : newest),
    '',
  );
  return `${view.state === 'open' ? '0' : '1'}|${latest}`;
}

/** Of what is known and what just arrived about one refund, the view further on (the new one on a tie). */
export function newerRefund(known: RefundView | undefined, incoming: RefundView): RefundView {
  if (known === undefined) return incoming;
  return progressOf(incoming) >= progressOf(known) ? incoming : known;
}

/** The lines or amount chosen on a sale, checked against what is still refundable. */
export interface RefundSelection {
  lines: { lineIndex: number; quantity: number }[];
  /** Goodwill: an amount with no lines. */
  amountMinor: number | undefined;
  /** What the screen shows on the button; main works out the real amount from the sale's record. */
  displayMinor: number;
  problem: string | undefined;
}

export interface RefundEntry {
  /** Typed per line, by the line's index on the receipt. */
  quantities: Readonly<Record<number, string>>;
  amount: string;
}

export function refundSelection(
  sale: Pick<CompletedSale, 'lines'>,
  refundable: Refundable,
  entry: RefundEntry,
  currency: CurrencyCode,
  money: (minor: number) => string,
): RefundSelection {
  const lines: RefundSelection['lines'] = [];
  let displayMinor = 0;
  let problem: string | undefined;
  for (const left of refundable.lines) {
    const line = sale.lines[left.lineIndex];
    const typed = (entry.quantities[left.lineIndex] ?? '').trim();
    if (line === undefined || typed === '') continue;
    if (!/^\d{1,4}$/.test(typed)) {
      problem ??= refundWords.badQuantity(line.name);
      continue;
    }
    const quantity = Number(typed);
    if (quantity === 0) continue;
    if (quantity > left.refundableQuantity) {
      problem ??= refundWords.tooMany(left.refundableQuantity, line.name);
      continue;
    }
    displayMinor += lineRefundAmount(line, left.soldQuantity - left.refundableQuantity, quantity);
    lines.push({ lineIndex: left.lineIndex, quantity });
  }
  if (lines.length > 0 || problem !== undefined || entry.amount.trim() === '') {
    return { lines, amountMinor: undefined, displayMinor, problem };
  }
  const amountMinor = parseTypedAmount(entry.amount, currency);
  if (amountMinor === undefined || amountMinor === 0) {
    return { lines, amountMinor: undefined, displayMinor: 0, problem: refundWords.badAmount };
  }
  if (amountMinor > refundable.totalMinor) {
    return {
      lines,
      amountMinor: undefined,
      displayMinor: 0,
      problem: refundWords.tooMuch(money(refundable.totalMinor)),
    };
  }
  return { lines, amountMinor, displayMinor: amountMinor, problem: undefined };
}

export type RefundRequestResult =
  { ok: true; request: ChannelRequest<'refunds.start'> } | { ok: false; problem: string };

/** The `refunds.start` request for a sale: lines, or else an amount, and the reason. */
export function refundRequest(receiptNumber: string, selection: RefundSelection, reason: string): RefundRequestResult {
  if (selection.problem !== undefined) return { ok: false, problem: selection.problem };
  if (selection.lines.length === 0 && selection.amountMinor === undefined) {
    return { ok: false, problem: refundWords.badAmount };
  }
  if (reason.trim().length < 3) return { ok: false, problem: refundWords.shortReason };
  return {
    ok: true,
    request: {
      receiptNumber,
      lines: selection.lines,
      ...(selection.lines.length === 0 && selection.amountMinor !== undefined
        ? { amountMinor: selection.amountMinor }
        : {}),
      reason: reason.trim(),
    },
  };
}

/** The reference typed to find an online payment, trimmed; or what is wrong with it. */
export function onlineReference(typed: string): { ok: true; reference: string } | { ok: false; problem: string } {
  const reference = typed.trim();
  return reference === '' ? { ok: false, problem: refundWords.noReference } : { ok: true, reference };
}

export type OnlineRefundRequestResult =
  { ok: true; request: StartOnlineRefund; amountMinor: number } | { ok: false; problem: string };

/**
 * The `refunds.startOnline` request for a payment main found: an amount of
 * the payment's currency, more than nothing and no more than is left on it,
 * and a reason. Main asks the gateway again before any money moves; this
 * only spares the manager a refusal the screen can already see.
 */
export function onlineRefundRequest(
  found: Pick<OnlinePaymentView, 'paymentId' | 'currency' | 'refundableMinor'>,
  amount: string,
  reason: string,
  money: (minor: number) => string,
): OnlineRefundRequestResult {
  if (found.refundableMinor === 0) return { ok: false, problem: refundWords.onlineNothingLeft };
  const amountMinor = parseTypedAmount(amount, found.currency);
  if (amountMinor === undefined || amountMinor === 0) return { ok: false, problem: refundWords.badAmount };
  if (amountMinor > found.refundableMinor) {
    return { ok: false, problem: refundWords.onlineTooMuch(money(found.refundableMinor)) };
  }
  if (reason.trim().length < 3) return { ok: false, problem: refundWords.shortReason };
  return { ok: true, amountMinor, request: { paymentId: found.paymentId, amountMinor, reason: reason.trim() } };
}

export interface RefundState {
  /** Every refund main has told this screen about, the furthest-on view of each. */
  known: Readonly<Record<string, RefundView>>;
  /** The refund whose progress is on screen. */
  shownId: string | undefined;
  /** Refunds main listed as unfinished; their views live in `known`. */
  openIds: readonly string[];
  busy: boolean;
  /** Follows main's refund events through `bridge`; returns the function that stops it. */
  attach(bridge: RendererBridge): () => void;
  /** Each action answers main's refusal in its words, or undefined when main said yes. */
  start(request: ChannelRequest<'refunds.start'>): Promise<string | undefined>;
  startUnreferenced(amountMinor: number, reason: string): Promise<string | undefined>;
  /** Asks main what the gateway says of an online payment; main's refusal in its words otherwise. */
  findOnline(reference: string): Promise<{ ok: true; found: OnlinePaymentView } | { ok: false; problem: string }>;
  startOnline(request: StartOnlineRefund): Promise<string | undefined>;
  show(refundId: string): Promise<string | undefined>;
  retry(): Promise<string | undefined>;
  cancel(reason: string): Promise<string | undefined>;
  loadOpen(): Promise<string | undefined>;
  /** Takes a refund's progress off the screen; the refund itself goes on in main. */
  dismiss(): void;
  /** The till locked: nothing of any refund stays on this page. */
  forget(): void;
}

/** The refund on screen, if any. */
export function shownRefund(state: Pick<RefundState, 'known' | 'shownId'>): RefundView | undefined {
  return state.shownId === undefined ? undefined : state.known[state.shownId];
}

export const useRefundStore = create<RefundState>()((set, get) => {
  let bridge: RendererBridge | undefined;

  const api = () => {
    if (bridge === undefined) throw new Error('The refund screen is not connected to the till yet.');
    return bridge.api;
  };

  const learn = (view: RefundView) => {
    const known = get().known;
    const kept = newerRefund(known[view.refundId], view);
    if (kept !== known[view.refundId]) set({ known: { ...known, [view.refundId]: kept } });
  };

  /** Runs a call that answers a refund, learns it and, with `show`, puts it on screen. */
  const follow = async (call: () => Promise<Result<RefundView>>, show: boolean): Promise<string | undefined> => {
    set({ busy: true });
    try {
      const answer = await call();
      if (!answer.ok) return answer.error.message;
      learn(answer.value);
      if (show) set({ shownId: answer.value.refundId });
      return undefined;
    } finally {
      set({ busy: false });
    }
  };

  const onEvent = (event: MainEvent) => {
    if (event.type === 'refund.updated') learn(event.refund);
  };

  /** Events may have been missed while not connected: ask for the refund on screen again. */
  const catchUp = async () => {
    const shown = shownRefund(get());
    if (shown?.state !== 'open' || bridge === undefined) return;
    const answer = await bridge.api['refunds.get']({ refundId: shown.refundId });
    if (answer.ok) learn(answer.value);
  };

  return {
    known: {},
    shownId: undefined,
    openIds: [],
    busy: false,

    attach(linked) {
      bridge = linked;
      const stopEvents = linked.onEvent(onEvent);
      const stopConnection = linked.onConnection((connection) => {
        if (connection === 'connected') void catchUp();
      });
      return () => {
        stopEvents();
        stopConnection();
        if (bridge === linked) bridge = undefined;
      };
    },

    start: (request) => follow(() => api()['refunds.start'](request), true),

    startUnreferenced: (amountMinor, reason) =>
      follow(() => api()['refunds.startUnreferenced']({ amountMinor, reason: reason.trim(), confirmed: true }), true),

    async findOnline(reference) {
      set({ busy: true });
      try {
        const answer = await api()['refunds.findOnline']({ reference });
        return answer.ok ? { ok: true, found: answer.value } : { ok: false, problem: answer.error.message };
      } finally {
        set({ busy: false });
      }
    },

    startOnline: (request) => follow(() => api()['refunds.startOnline'](request), true),

    show: (refundId) => follow(() => api()['refunds.get']({ refundId }), true),

    async retry() {
      const shown = shownRefund(get());
      if (shown === undefined) return undefined;
      return follow(() => api()['refunds.retry']({ refundId: shown.refundId }), false);
    },

    async cancel(reason) {
      const shown = shownRefund(get());
      if (shown === undefined) return undefined;
      return follow(() => api()['refunds.cancel']({ refundId: shown.refundId, reason: reason.trim() }), false);
    },

    async loadOpen() {
      const answer = await api()['refunds.open']({});
      if (!answer.ok) return answer.error.message;
      for (const view of answer.value) learn(view);
      set({ openIds: answer.value.map((view) => view.refundId) });
      return undefined;
    },

    dismiss: () => set({ shownId: undefined }),

    forget: () => set({ known: {}, shownId: undefined, openIds: [] }),
  };
});
