import type { StateCreator } from 'zustand';
import type { Approval, SaleStep } from '../../../shared/sale/sale-commands.ts';
import type { Result } from '../../../shared/result.ts';
import { t } from '../../i18n/words.ts';
import type { MainLink } from './main-link.ts';
import { notice } from './screen-slice.ts';
import type { PendingApproval, SaleState } from './slice-types.ts';

/** A change main refused until a manager approves it, as the command that asked for it left it. */
export interface RefusedChange {
  /** Main's words for why a manager must approve. */
  message: string;
  /** Sends exactly the refused change again, with the manager's name and PIN. */
  resend: (approval: Approval) => Promise<Result<SaleStep>>;
  /** What else the screen shows once the change is made (the line to select, a notice). */
  after: (step: SaleStep) => Partial<SaleState>;
  /** The link's epoch when the change was first asked for. */
  asked: number;
}

/** The manager's approval the screen is asking for, if any. */
export interface ApprovalSlice {
  approval: PendingApproval | undefined;
  /** For the sale mirror: opens the approval panel for a change main refused above the cashier's limits. */
  askApproval(refused: RefusedChange): void;
}

export const createApprovalSlice =
  (link: MainLink): StateCreator<SaleState, [], [], ApprovalSlice> =>
  (set, get) => ({
    approval: undefined,

    askApproval({ message, resend, after, asked }) {
      // In turn like any command, so its answer arrives in order with the answers around it.
      const approve = (approval: Approval) =>
        link.inTurn(async (): Promise<string | undefined> => {
          const approved = await resend(approval);
          if (asked !== link.epoch()) return undefined;
          if (!approved.ok) return approved.error.message;
          get().applyStep(approved.value, {
            ...after(approved.value),
            approval: undefined,
            panel: 'none',
            notice: notice('info', t.approval.done),
          });
          return undefined;
        });
      set({ panel: 'approval', approval: { message, approve } });
    },
  });
