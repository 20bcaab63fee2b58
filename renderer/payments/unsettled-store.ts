import { create } from 'zustand';
import type { KassaApi } from '../../shared/ipc/contract.ts';
import type { MainEvent } from '../../shared/ipc/events.ts';
import { FINAL_PAYMENT_STATES, type PaymentAttemptView } from '../../shared/payments/payment-state.ts';
import type { Approval } from '../../shared/sale/sale-commands.ts';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { t } from '../i18n/words.ts';

/**
 * Every card payment main has not settled, wherever the cashier is: the
 * status bar's light and the panel a manager settles them in. Main's list
 * (`payments.unsettled`) is read on every (re)connection and login, and
 * again whenever a payment moves (`payment.progress`), so it is never older
 * than main's last word. The screen decides nothing: a check asks the
 * terminal through main, and only main records a manager's outcome.
 */

/** What a manager records, as the panel's form has it. */
export interface ManagerOutcome {
  approved: boolean;
  terminalReference: string;
  reason: string;
  /** On a till with staff, when the manager is not the one logged in: their name and PIN. */
  approval?: Approval;
  /** On a till without staff: the manager's name. */
  managerName?: string;
}

export interface UnsettledState {
  /** Main's unsettled payments, oldest first. */
  payments: PaymentAttemptView[];
  /** Whether the panel is open. */
  open: boolean;
  /** Payments a check in this panel asked about that the terminal could not settle: a manager may record these. */
  checked: Readonly<Record<string, true>>;
  /** The payment being asked about or recorded, while main works on it. */
  working: string | undefined;
  /** What the last step came to, for the manager; by payment. */
  said: Readonly<Record<string, { kind: 'info' | 'error'; text: string }>>;
  /** What became of a payment that has left the list (settled by a check or by a manager). */
  notice: string | undefined;
  attach(bridge: RendererBridge): () => void;
  reload(): Promise<void>;
  openPanel(): void;
  closePanel(): void;
  /** Asks the terminal about the payment now, through main. */
  check(attemptId: string): Promise<void>;
  /** Records a manager's outcome; answers main's refusal in its words, or undefined when recorded. */
  resolve(attemptId: string, outcome: ManagerOutcome): Promise<string | undefined>;
}

/** Needs a manager: the till has stopped asking by itself. */
export const needsManager = (payment: PaymentAttemptView): boolean => payment.state === 'needs_attention';

/** The form's outcome in main's words: not approved means nothing was charged. */
export const outcomeOf = (approved: boolean) => (approved ? 'approved' : 'failed');

const INITIAL: Pick<UnsettledState, 'payments' | 'open' | 'checked' | 'working' | 'said' | 'notice'> = {
  payments: [],
  open: false,
  checked: {},
  working: undefined,
  said: {},
  notice: undefined,
};

export const useUnsettledStore = create<UnsettledState>()((set, get) => {
  let api: KassaApi | undefined;
  /** Reads cross: only the answer to the latest read is shown. */
  let reads = 0;

  const reload = async () => {
    if (api === undefined) return;
    const read = (reads += 1);
    const answer = await api['payments.unsettled']({});
    // A locked till may not read payments: the last list main gave stays, main keeps the truth.
    if (read !== reads || !answer.ok) return;
    const payments = [...answer.value].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const still = new Set(payments.map((payment) => payment.attemptId));
    const keep = <T>(record: Readonly<Record<string, T>>) =>
      Object.fromEntries(Object.entries(record).filter(([attemptId]) => still.has(attemptId)));
    set({ payments, checked: keep(get().checked) });
  };

  const say = (attemptId: string, kind: 'info' | 'error', text: string) =>
    set({ said: { ...get().said, [attemptId]: { kind, text } } });

  const onEvent = (event: MainEvent) => {
    if (event.type === 'payment.progress' || event.type === 'staff.session') void reload();
  };

  return {
    ...INITIAL,

    attach(bridge) {
      api = bridge.api;
      const stopEvents = bridge.onEvent(onEvent);
      const stopConnection = bridge.onConnection((connection) => {
        if (connection === 'connected') void reload();
      });
      return () => {
        stopEvents();
        stopConnection();
        if (api === bridge.api) api = undefined;
        set(INITIAL);
      };
    },

    reload,

    openPanel() {
      set({ open: true, said: {}, notice: undefined });
      void reload();
    },

    closePanel: () => set({ open: false }),

    async check(attemptId) {
      if (api === undefined || get().working !== undefined) return;
      set({ working: attemptId });
      const answer = await api['payments.checkStatus']({ attemptId });
      set({ working: undefined });
      if (!answer.ok) {
        say(attemptId, 'error', answer.error.message);
      } else if (FINAL_PAYMENT_STATES.has(answer.value.state)) {
        set({ notice: t.unsettled.settledBy(t.card.states[answer.value.state]) });
      } else {
        set({ checked: { ...get().checked, [attemptId]: true } });
        say(attemptId, 'info', t.unsettled.checkedUnsettled);
      }
      await reload();
    },

    async resolve(attemptId, outcome) {
      if (api === undefined || get().working !== undefined) return undefined;
      if (get().checked[attemptId] !== true) return t.unsettled.checkFirst;
      const reference = outcome.terminalReference.trim();
      if (outcome.approved && reference === '') return t.unsettled.referenceNeeded;
      set({ working: attemptId });
      const answer = await api['payments.resolve']({
        attemptId,
        outcome: outcomeOf(outcome.approved),
        reason: outcome.reason.trim(),
        ...(reference === '' ? {} : { terminalReference: reference }),
        ...(outcome.approval === undefined ? {} : { approval: outcome.approval }),
        ...(outcome.managerName === undefined ? {} : { manager: outcome.managerName.trim() }),
      });
      set({ working: undefined });
      if (!answer.ok) return answer.error.message;
      set({ notice: t.unsettled.recorded });
      await reload();
      return undefined;
    },
  };
});
