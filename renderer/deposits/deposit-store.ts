import { create } from 'zustand';
import type {
  CaptureDeposit,
  DepositState,
  DepositView,
  ReleaseDeposit,
  TakeDeposit,
} from '../../shared/deposits/deposit.ts';
import type { MainEvent } from '../../shared/ipc/events.ts';
import type { CurrencyCode } from '../../shared/money.ts';
import type { PaymentProgress } from '../../shared/payments/payment-state.ts';
import type { Result } from '../../shared/result.ts';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { parseTypedAmount } from '../i18n/amount-input.ts';
import { depositWords } from './deposit-words.ts';

/**
 * Deposits on screen. Main decides everything about a deposit (the link, the
 * amounts, where it stands, what to say); this store mirrors what main
 * answers, and reads a deposit again whenever one of its attempts moves
 * (`payment.progress` on its hold, capture or release: the event is the
 * attempt's, so the deposit's own view is asked for). Events can be missed
 * (a reconnection, a locked till's feed) and can overtake answers (browser
 * mode carries them on separate connections), so a deposit on its way is
 * also read again every DEPOSIT_POLL_MS, and of two views of one deposit the
 * one further on is kept. Reading a deposit asks main's book, never the
 * gateway: it costs none of the gateway's status questions.
 */

/** How often a deposit on its way (a link out, a capture or release sent) is read again while the panel is open. */
export const DEPOSIT_POLL_MS = 2_000;

/** States in which the gateway still has to say something: the screen keeps reading these. */
const ON_ITS_WAY: ReadonlySet<DepositState> = new Set<DepositState>(['awaiting_customer', 'capturing', 'releasing']);

export const onItsWay = (view: Pick<DepositView, 'state'>): boolean => ON_ITS_WAY.has(view.state);

/** What the hold reserves: what the customer authorised (a card may approve less than asked), else what was asked. */
export function heldMinor(view: Pick<DepositView, 'holdAttempt' | 'amountMinor'>): number {
  return view.holdAttempt.authorisedMinor ?? view.amountMinor;
}

/**
 * How far on a view of a deposit is: the latest change of its hold or of its
 * capture or release (a capture starts after the hold was approved). ISO
 * instants from main all have one format, so they compare as text.
 */
function progressOf(view: DepositView): string {
  const hold = view.holdAttempt.updatedAt;
  const action = view.actionAttempt?.updatedAt ?? '';
  return action > hold ? action : hold;
}

/**
 * Of what is known and what just arrived about one deposit, the view further
 * on; the new one on a tie, since main's words (a reservation about to end)
 * change with the clock while the attempts do not.
 */
export function newerDeposit(known: DepositView | undefined, incoming: DepositView): DepositView {
  if (known === undefined) return incoming;
  return progressOf(incoming) >= progressOf(known) ? incoming : known;
}

/** The deposit a payment's progress belongs to, of those on screen: a deposit's attempts carry its id as their sale. */
export function depositOfProgress(
  known: Readonly<Record<string, DepositView>>,
  progress: Pick<PaymentProgress, 'attemptId' | 'saleId'>,
): string | undefined {
  if (known[progress.saleId] !== undefined) return progress.saleId;
  return Object.values(known).find(
    (view) => view.holdAttempt.attemptId === progress.attemptId || view.actionAttempt?.attemptId === progress.attemptId,
  )?.depositId;
}

export type Built<T> = { ok: true; request: T } | { ok: false; problem: string };

/** The take form as typed. */
export interface TakeEntry {
  customer: string;
  contact: string;
  note: string;
  amount: string;
}

/** The `deposits.take` request for what was typed, or what to put right first. Main checks it all again. */
export function takeRequest(entry: TakeEntry, currency: CurrencyCode): Built<TakeDeposit> {
  const customer = entry.customer.trim();
  if (customer === '') return { ok: false, problem: depositWords.noCustomer };
  const amountMinor = parseTypedAmount(entry.amount, currency);
  if (amountMinor === undefined || amountMinor <= 0) return { ok: false, problem: depositWords.badAmount };
  const contact = entry.contact.trim();
  const note = entry.note.trim();
  return {
    ok: true,
    request: { customer, amountMinor, ...(contact === '' ? {} : { contact }), ...(note === '' ? {} : { note }) },
  };
}

/**
 * The `deposits.capture` request: an amount of the deposit's currency, more
 * than nothing and no more than is held, and an optional note. Spares the
 * manager a refusal the screen can already see; main decides.
 */
export function captureRequest(
  view: Pick<DepositView, 'depositId' | 'currency' | 'holdAttempt' | 'amountMinor'>,
  amount: string,
  reason: string,
  money: (minor: number) => string,
): Built<CaptureDeposit> {
  const held = heldMinor(view);
  const amountMinor = parseTypedAmount(amount, view.currency);
  if (amountMinor === undefined || amountMinor <= 0) return { ok: false, problem: depositWords.badCapture };
  if (amountMinor > held) return { ok: false, problem: depositWords.tooMuch(money(held)) };
  const why = reason.trim();
  return { ok: true, request: { depositId: view.depositId, amountMinor, ...(why === '' ? {} : { reason: why }) } };
}

/** The `deposits.release` request: a release always says why. */
export function releaseRequest(view: Pick<DepositView, 'depositId'>, reason: string): Built<ReleaseDeposit> {
  const why = reason.trim();
  if (why === '') return { ok: false, problem: depositWords.noReason };
  return { ok: true, request: { depositId: view.depositId, reason: why } };
}

export interface DepositsState {
  /** Every deposit main has told this screen about, the furthest-on view of each. */
  known: Readonly<Record<string, DepositView>>;
  /** Main's open deposits, oldest first, by id (views in `known`). */
  openIds: readonly string[];
  /**
   * Deposits this screen took, captured or released: kept on screen once main
   * no longer lists them (captured, released, not authorised), so the person
   * at the till sees how each ended, until they press Done.
   */
  followed: readonly string[];
  /** How many days the acquirer keeps a hold, as main said with its list. */
  holdValidDays: number | undefined;
  /** Main's refusal of the list (a cashier may take a deposit but not see them all), in its words. */
  listProblem: string | undefined;
  /** A take, capture or release is on its way to main: its button waits. */
  busy: boolean;
  /** Follows main's payment events and reads deposits on their way; returns the function that stops it. */
  attach(bridge: RendererBridge): () => void;
  /** Reads main's list of open deposits. */
  load(): Promise<void>;
  /** Each action answers main's refusal in its words, or undefined when main said yes. */
  take(request: TakeDeposit): Promise<string | undefined>;
  capture(request: CaptureDeposit): Promise<string | undefined>;
  release(request: ReleaseDeposit): Promise<string | undefined>;
  /** Reads one deposit again. */
  refresh(depositId: string): Promise<void>;
  /** Takes a deposit this screen followed off it (it stays in main's list while open). */
  dismiss(depositId: string): void;
  /** The till locked: nothing of any deposit stays on this page. */
  forget(): void;
}

/** The deposits the panel lists: main's open ones, then those followed here that main no longer lists. */
export function depositsOnScreen(state: Pick<DepositsState, 'known' | 'openIds' | 'followed'>): DepositView[] {
  const ids = [...state.openIds, ...state.followed.filter((id) => !state.openIds.includes(id))];
  return ids.flatMap((id) => {
    const view = state.known[id];
    return view === undefined ? [] : [view];
  });
}

const NOTHING = {
  known: {},
  openIds: [],
  followed: [],
  holdValidDays: undefined,
  listProblem: undefined,
  busy: false,
} as const satisfies Partial<DepositsState>;

export const useDepositStore = create<DepositsState>()((set, get) => {
  let bridge: RendererBridge | undefined;
  /** Deposits being read right now: a poll does not pile a second read on a slow one. */
  const reading = new Set<string>();
  /** Grows when the till locks: an answer to a question asked before then is not put back on the page. */
  let epoch = 0;

  const api = () => {
    if (bridge === undefined) throw new Error('The deposits screen is not connected to the till yet.');
    return bridge.api;
  };

  const learn = (view: DepositView, asked: number) => {
    if (asked !== epoch) return;
    const known = get().known;
    const kept = newerDeposit(known[view.depositId], view);
    if (kept !== known[view.depositId]) set({ known: { ...known, [view.depositId]: kept } });
  };

  const follow = (depositId: string) => {
    if (!get().followed.includes(depositId)) set({ followed: [...get().followed, depositId] });
  };

  /** Runs a take, capture or release: learns and follows the deposit main answers, or says main's refusal. */
  const act = async (call: () => Promise<Result<DepositView>>): Promise<string | undefined> => {
    const asked = epoch;
    set({ busy: true });
    try {
      const answer = await call();
      if (!answer.ok) return answer.error.message;
      if (asked !== epoch) return undefined;
      learn(answer.value, asked);
      follow(answer.value.depositId);
      return undefined;
    } finally {
      set({ busy: false });
    }
  };

  /** Reads again every deposit on screen whose gateway has still to speak. */
  const catchUp = () => {
    for (const view of depositsOnScreen(get())) if (onItsWay(view)) void get().refresh(view.depositId);
  };

  const onEvent = (event: MainEvent) => {
    if (event.type !== 'payment.progress') return;
    const depositId = depositOfProgress(get().known, event.progress);
    if (depositId !== undefined) void get().refresh(depositId);
  };

  return {
    ...NOTHING,

    attach(linked) {
      bridge = linked;
      const stopEvents = linked.onEvent(onEvent);
      const stopConnection = linked.onConnection((connection) => {
        // Events may have been missed while not connected.
        if (connection === 'connected') catchUp();
      });
      const poll = setInterval(catchUp, DEPOSIT_POLL_MS);
      return () => {
        stopEvents();
        stopConnection();
        clearInterval(poll);
        if (bridge === linked) bridge = undefined;
      };
    },

    async load() {
      const asked = epoch;
      const answer = await api()['deposits.list']({});
      if (asked !== epoch) return;
      if (!answer.ok) {
        set({ listProblem: answer.error.message });
        return;
      }
      for (const view of answer.value.deposits) learn(view, asked);
      set({
        openIds: answer.value.deposits.map((view) => view.depositId),
        holdValidDays: answer.value.holdValidDays,
        listProblem: undefined,
      });
    },

    take: (request) => act(() => api()['deposits.take'](request)),

    capture: (request) => act(() => api()['deposits.capture'](request)),

    release: (request) => act(() => api()['deposits.release'](request)),

    async refresh(depositId) {
      if (bridge === undefined || reading.has(depositId)) return;
      reading.add(depositId);
      const asked = epoch;
      try {
        const answer = await bridge.api['deposits.get']({ depositId });
        // A refusal (the till locked meanwhile) leaves the last view main gave: main keeps the truth.
        if (answer.ok) learn(answer.value, asked);
      } finally {
        reading.delete(depositId);
      }
    },

    // Off the list until main lists it again: Done is offered only once a deposit has ended.
    dismiss: (depositId) =>
      set({
        followed: get().followed.filter((id) => id !== depositId),
        openIds: get().openIds.filter((id) => id !== depositId),
      }),

    forget() {
      epoch += 1;
      set({ ...NOTHING });
    },
  };
});
