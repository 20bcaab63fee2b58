import type { HqSyncView } from '../../shared/hq/hq-sync-view.ts';
import { catalogue } from '../i18n/words.ts';

/**
 * What Kassa HQ's light says beside its name: "synced 14:02", "12 records
 * waiting, last synced 13:40", "enrolment revoked — call IT". Main says how
 * the sync stands (`device.hq`); this only words it, in the till's language,
 * with times as the till's locale writes them (`time`). Pure, so each case is
 * a test.
 */
export function hqLightWord(view: HqSyncView, time: (iso: string) => string): string {
  const words = catalogue().shell.hq;
  const lastSynced = view.lastSyncedAt === undefined ? undefined : time(view.lastSyncedAt);
  switch (view.problem) {
    case 'revoked':
      return words.revoked;
    case 'not_enrolled':
      return words.notEnrolled;
    case 'refused':
      return words.refused;
    case 'unreachable':
    case 'hq_error':
      return view.waiting > 0 ? words.waiting(view.waiting, lastSynced) : words.unreachable(lastSynced);
    case undefined:
      if (view.waiting > 0) return words.waiting(view.waiting, lastSynced);
      return lastSynced === undefined ? words.connecting : words.synced(lastSynced);
  }
}
