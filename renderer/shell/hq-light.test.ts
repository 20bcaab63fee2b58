import { afterEach, describe, expect, it } from 'vitest';
import type { HqSyncView } from '../../shared/hq/hq-sync-view.ts';
import { createFormatters } from '../i18n/format.ts';
import { speak } from '../i18n/words.ts';
import { hqLightWord } from './hq-light.ts';

/** What Kassa HQ's light says beside its name, from the sync view main sends, in the till's words and times. */

// Times as an en-GB till in UTC writes them: 14:02.
const time = (iso: string) => iso.slice(11, 16);
const view = (change: Partial<HqSyncView> = {}): HqSyncView => ({ waiting: 0, ...change });

afterEach(() => speak(undefined));

describe('Kassa HQ’s light', () => {
  it('says when the till last synced, and how many records wait', () => {
    expect(hqLightWord(view({ lastSyncedAt: '2026-12-01T14:02:31.000Z' }), time)).toBe('synced 14:02');
    expect(hqLightWord(view({ waiting: 12, lastSyncedAt: '2026-12-01T13:40:00.000Z' }), time)).toBe(
      '12 records waiting, last synced 13:40',
    );
    expect(hqLightWord(view({ waiting: 1 }), time)).toBe('1 record waiting, not synced yet');
    expect(hqLightWord(view(), time)).toBe('connecting…');
  });

  it('says what is wrong, and when it is IT’s to fix', () => {
    expect(hqLightWord(view({ problem: 'revoked', waiting: 3 }), time)).toBe('enrolment revoked — call IT');
    expect(hqLightWord(view({ problem: 'not_enrolled' }), time)).toBe('not enrolled — call IT');
    expect(hqLightWord(view({ problem: 'refused', waiting: 3 }), time)).toBe('refused what the till sent — call IT');
    expect(
      hqLightWord(view({ problem: 'unreachable', waiting: 4, lastSyncedAt: '2026-12-01T13:40:00.000Z' }), time),
    ).toBe('4 records waiting, last synced 13:40');
    expect(hqLightWord(view({ problem: 'hq_error', lastSyncedAt: '2026-12-01T13:40:00.000Z' }), time)).toBe(
      'not reachable, last synced 13:40',
    );
  });

  it('speaks Dutch on a Dutch till, with the till’s own way of writing the time', () => {
    speak('nl');
    const dutch = createFormatters('nl-NL', 'EUR');
    const at = '2026-12-01T13:40:00.000Z';
    expect(hqLightWord(view({ waiting: 2, lastSyncedAt: at }), (iso) => dutch.time(iso))).toBe(
      `2 gegevens in de wacht, laatst bijgewerkt ${dutch.time(at)}`,
    );
    expect(hqLightWord(view({ problem: 'revoked' }), time)).toBe('aanmelding ingetrokken — bel IT');
  });
});
