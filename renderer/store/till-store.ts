import { create } from 'zustand';
import type { DeviceStatus } from '../../shared/devices.ts';
import type { TillInfo } from '../../shared/ipc/contract.ts';
import type { MainEvent } from '../../shared/ipc/events.ts';
import { IN_FLIGHT_PAYMENT_STATES, type PaymentProgress } from '../../shared/payments/payment-state.ts';
import type { Connection, RendererBridge } from '../api/renderer-bridge.ts';
import type { StaffMember, StaffSession } from '../../shared/staff/staff.ts';
import { speak } from '../i18n/words.ts';

/**
 * What the shell shows: who this till is, its devices and whether main can be
 * heard. Main is the source of truth; this store only mirrors it. On every
 * (re)connection the device snapshot is fetched again, and a snapshot never
 * replaces a newer status that arrived as an event.
 */
export interface TillState {
  info: TillInfo | undefined;
  devices: Readonly<Record<string, DeviceStatus>>;
  connection: Connection;
  /** A plain sentence for the cashier when the till could not be read. */
  problem: string | undefined;
  /** The latest step of each card payment main has reported, by attempt. */
  payments: Readonly<Record<string, PaymentProgress>>;
  /** Who is logged in, as main says; undefined until it has answered. */
  staff: StaffSession | undefined;
  /** Who may log in here, for the lock screen. */
  people: StaffMember[];
  /** Logs a person in; answers the refusal in the cashier's words, or undefined when logged in. */
  login(staffId: string, pin: string): Promise<string | undefined>;
  /** Locks the till; answers why not (a card payment out), or undefined. */
  lock(): Promise<string | undefined>;
  /** Starts following main through `bridge`; returns the function that stops it. */
  attach(bridge: RendererBridge): () => void;
  /** Reads the till's info and devices again, e.g. when the cashier presses Try again. */
  refresh(): Promise<void>;
}

/** Whether a card payment may be out at the terminal: closing the till now would leave it unknown. */
export function paymentInFlight(state: Pick<TillState, 'payments'>): boolean {
  return Object.values(state.payments).some((progress) => IN_FLIGHT_PAYMENT_STATES.includes(progress.state));
}

/** Merges device statuses, keeping whichever of two versions of a device is newer. */
export function keepNewer(current: Readonly<Record<string, DeviceStatus>>, incoming: readonly DeviceStatus[]) {
  const next = { ...current };
  for (const device of incoming) {
    const known = next[device.id];
    if (known === undefined || known.revision < device.revision) next[device.id] = device;
  }
  return next;
}

export const useTillStore = create<TillState>()((set, get) => {
  const applyEvent = (event: MainEvent) => {
    switch (event.type) {
      case 'device.status':
        set({ devices: keepNewer(get().devices, [event.device]) });
        return;
      case 'payment.progress':
        set({ payments: { ...get().payments, [event.progress.attemptId]: event.progress } });
        return;
      case 'print.job':
        // The sale screen follows its own receipt's jobs; the status bar reads the printer device.
        return;
      case 'refund.updated':
        // The refund on screen is followed by the refund store (renderer/refunds/refund-store.ts).
        return;
      case 'staff.session':
        // Someone logged in elsewhere, or the till locked itself after sitting idle.
        set({ staff: event.session });
        return;
      default: {
        const unhandled: never = event;
        return unhandled;
      }
    }
  };

  let bridge: RendererBridge | undefined;

  const refresh = async () => {
    if (bridge === undefined) return;
    const [info, devices, staff, people] = await Promise.all([
      bridge.api['till.getInfo']({}),
      bridge.api['devices.list']({}),
      bridge.api['staff.session']({}),
      bridge.api['staff.list']({}),
    ]);
    if (info.ok) {
      // The till's language first: the screens that render on the new info read their words in it.
      speak(info.value.language);
      set({ info: info.value });
    }
    if (devices.ok) set({ devices: keepNewer(get().devices, devices.value) });
    if (staff.ok) set({ staff: staff.value });
    if (people.ok) set({ people: people.value });
    const failed = [info, devices, staff, people].flatMap((answer) => (answer.ok ? [] : [answer.error]));
    set({ problem: failed[0]?.message });
  };

  return {
    info: undefined,
    devices: {},
    connection: 'connecting',
    problem: undefined,
    payments: {},
    staff: undefined,
    people: [],
    async login(staffId, pin) {
      if (bridge === undefined) return undefined;
      const answer = await bridge.api['staff.login']({ staffId, pin });
      if (!answer.ok) return answer.error.message;
      set({ staff: answer.value });
      return undefined;
    },
    async lock() {
      if (bridge === undefined) return undefined;
      const answer = await bridge.api['staff.lock']({});
      if (!answer.ok) return answer.error.message;
      set({ staff: answer.value });
      return undefined;
    },
    attach(linked) {
      bridge = linked;
      const stopEvents = linked.onEvent(applyEvent);
      const stopConnection = linked.onConnection((connection) => {
        set({ connection });
        if (connection === 'connected') void refresh();
      });
      return () => {
        stopEvents();
        stopConnection();
        if (bridge === linked) bridge = undefined;
      };
    },
    refresh,
  };
});
