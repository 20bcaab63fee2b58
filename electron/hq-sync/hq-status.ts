import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import type { DeviceState } from '../../shared/devices.ts';
import type { HqSyncView } from '../../shared/hq/hq-sync-view.ts';
import type { DeviceWords } from '../devices/device-words.ts';
import { createHqLinkBook, type HqLink } from './hq-link.ts';
import { createHqOutbox, type HqSyncState, type Waiting } from './hq-outbox.ts';

/**
 * How the till's sync with HQ stands, worked out in one place for the status
 * bar (through the device board's `hq` light) and for `kassa doctor`: last
 * synced, how many records wait, and the problem, if any.
 */

/** The light's id on the device board. */
export const HQ_DEVICE_ID = 'hq';

export interface HqStatusReport {
  readonly link: HqLink | undefined;
  readonly sync: HqSyncState;
  readonly view: HqSyncView;
}

export function hqSyncView(link: HqLink | undefined, sync: HqSyncState, waiting: Waiting): HqSyncView {
  const problem = link === undefined ? 'not_enrolled' : sync.problem;
  return {
    ...(sync.lastSyncAt === undefined ? {} : { lastSyncedAt: sync.lastSyncAt }),
    waiting: waiting.count,
    ...(waiting.oldestAt === undefined ? {} : { oldestWaitingAt: waiting.oldestAt }),
    ...(problem === undefined ? {} : { problem }),
  };
}

/** The light's colour: ready when the last push went through, offline while one does not. */
export function hqDeviceState(view: HqSyncView, tried: boolean): DeviceState {
  if (view.problem !== undefined) return 'offline';
  if (view.lastSyncedAt === undefined && !tried) return 'unknown';
  return 'online';
}

/** Main's sentence for the light (shown on hover): what it means at the till, and what to do. */
export function hqDeviceDetail(view: HqSyncView, words: DeviceWords): string {
  switch (view.problem) {
    case 'revoked':
      return words.hqRevoked;
    case 'not_enrolled':
      return words.hqNotEnrolled;
    case 'unreachable':
    case 'hq_error':
      return words.hqUnreachable(view.waiting);
    case 'refused':
      return words.hqRefused(view.waiting);
    case undefined:
      return view.waiting === 0 ? words.hqSynced : words.hqSending(view.waiting);
  }
}

export type HqStatusRead =
  | { readonly kind: 'read'; readonly report: HqStatusReport }
  /** No journal yet, or one an older Kassa wrote (the till upgrades it when it starts). */
  | { readonly kind: 'no_journal' | 'old_schema' };

/**
 * The status as the journal holds it, read on its own read-only connection: safe beside a running
 * till (WAL), and it writes nothing. For `kassa doctor`.
 */
export function readHqStatus(file: string): HqStatusRead {
  if (!existsSync(file)) return { kind: 'no_journal' };
  const connection = new DatabaseSync(file, { readOnly: true, timeout: 5_000 });
  try {
    const known = connection.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'hq_sync'").get();
    if (known === undefined) return { kind: 'old_schema' };
    // Reads only: the books' writes are never called on this connection.
    const reader = {
      connection,
      transaction: <T>(work: () => T): T => work(),
    };
    const link = createHqLinkBook(reader).link();
    const outbox = createHqOutbox(reader);
    const sync = outbox.state();
    return { kind: 'read', report: { link, sync, view: hqSyncView(link, sync, outbox.waiting()) } };
  } finally {
    connection.close();
  }
}

/** The last Z report the till printed in live mode, for the status HQ gets with every push. */
export function lastLiveZ(connection: DatabaseSync): { zNumber: number; closedAt: string } | undefined {
  const row = connection
    .prepare("SELECT z_number, closed_at FROM z_reports WHERE mode = 'live' ORDER BY z_number DESC LIMIT 1")
    .get();
  if (row === undefined) return undefined;
  return { zNumber: Number(row.z_number), closedAt: String(row.closed_at) };
}
