import { create } from 'zustand';
import { CHANNELS, type Channel } from '../../shared/ipc/channels.ts';
import type { KassaApi } from '../../shared/ipc/contract.ts';
import type { ErrorCode, Result } from '../../shared/result.ts';
import type { ManagerApproval } from '../../shared/staff/staff.ts';
import type { RendererBridge } from '../api/renderer-bridge.ts';

/**
 * Whatever a cashier asks that only a manager may do (open the drawer without
 * a sale, a cash move, the day's figures, a refund…) main refuses with
 * APPROVAL_REQUIRED. The bridge the screens use then asks a manager on the
 * spot (their name and PIN, in ManagerApprovalDialog) and sends exactly the
 * same request again with the approval; the screen that asked simply gets
 * the answer a little later, and the cashier stays logged in. Cancelled, the
 * screen gets main's refusal, in main's words.
 *
 * The sale's own commands are not asked here: the sale screen's store asks
 * for those in its approval panel, in turn with the cashier's other commands.
 */

export interface ApprovalAsked {
  /** Main's words for what needs a manager. */
  message: string;
  /** Sends the request again with the manager's name and PIN; answers main's refusal of the PIN, or undefined when done. */
  approve: (approval: ManagerApproval) => Promise<string | undefined>;
  /** Nobody approves: the screen that asked gets main's refusal. */
  cancel: () => void;
}

export const useManagerApproval = create<{ asked: ApprovalAsked | undefined }>(() => ({ asked: undefined }));

/** Answers that refuse the manager's name or PIN (wrong, locked out, not a manager): the manager may try again. */
const PIN_REFUSED: ReadonlySet<ErrorCode> = new Set(['FORBIDDEN', 'NOT_FOUND']);

const askedBySaleStore = (channel: Channel): boolean => channel.startsWith('sales.');

type Send = (request: Record<string, unknown>) => Promise<Result<unknown>>;

function askingManager(send: Send): Send {
  return async (request) => {
    const first = await send(request);
    if (first.ok || first.error.code !== 'APPROVAL_REQUIRED') return first;
    // One question at a time: a second while a manager is being asked gets main's refusal.
    if (useManagerApproval.getState().asked !== undefined) return first;
    return new Promise<Result<unknown>>((resolve) => {
      const done = (answer: Result<unknown>) => {
        useManagerApproval.setState({ asked: undefined });
        resolve(answer);
      };
      useManagerApproval.setState({
        asked: {
          message: first.error.message,
          approve: async (approval) => {
            const again = await send({ ...request, approval });
            if (!again.ok && PIN_REFUSED.has(again.error.code)) return again.error.message;
            done(again);
            return undefined;
          },
          cancel: () => done(first),
        },
      });
    });
  };
}

/** The bridge as the screens use it, asking a manager on the spot when main says one must approve. */
export function withManagerApproval(bridge: RendererBridge): RendererBridge {
  const original = bridge.api as unknown as Record<Channel, Send>;
  const api = Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      askedBySaleStore(channel) ? original[channel] : askingManager(original[channel]),
    ]),
  ) as unknown as KassaApi;
  return { ...bridge, api };
}
