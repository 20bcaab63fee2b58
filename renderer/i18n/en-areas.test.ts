import { describe, expect, it } from 'vitest';
import { DeviceStateSchema } from '../../shared/devices.ts';
import { TillModeSchema } from '../../shared/config/schema.ts';
import type { PrintJobView } from '../../shared/printing/print-job.ts';
import type { Connection } from '../api/renderer-bridge.ts';
import { cardLabel, journalWords, printJobWords, REFUND_STATE_WORDS, STATE_WORDS } from '../journal/journal.ts';
import { refundWords } from '../refunds/refund-words.ts';
import { connectionNotice, deviceStateWord, modeBadge } from '../shell/shell-words.ts';
import { dayWords, differenceWords } from '../till-day/till-day.ts';
import { enDay, enJournal, enRefund, enShell } from './en-areas.ts';

/**
 * en-areas.ts says what the word files beside the screens say, word for word,
 * so those files can read from it without a cashier seeing any change.
 */

const SAMPLE_ARGUMENTS: readonly (readonly unknown[])[] = [
  ['€ 12,50', 'Bread'],
  [0, 'Bread'],
  [1, 'Bread'],
  [3, 'Bread'],
  ['in', '€ 12,50'],
  ['out', '€ 12,50'],
];

/** Two word objects say the same: equal texts, and sentences that give equal text for the same arguments. */
function expectSameWords(ours: unknown, theirs: unknown, path: string): void {
  if (typeof ours === 'function' && typeof theirs === 'function') {
    for (const args of SAMPLE_ARGUMENTS) {
      expect((ours as (...a: unknown[]) => unknown)(...args), path).toBe(
        (theirs as (...a: unknown[]) => unknown)(...args),
      );
    }
    return;
  }
  if (typeof ours === 'object' && ours !== null && typeof theirs === 'object' && theirs !== null) {
    expect(Object.keys(ours), path).toEqual(Object.keys(theirs));
    for (const [key, value] of Object.entries(ours)) {
      expectSameWords(value, (theirs as Record<string, unknown>)[key], `${path}.${key}`);
    }
    return;
  }
  expect(ours, path).toBe(theirs);
}

/** An area's words without the entries that came from outside the word object. */
function without(words: object, keys: readonly string[]): object {
  return Object.fromEntries(Object.entries(words).filter(([key]) => !keys.includes(key)));
}

describe('the English area words match the word files', () => {
  it('the shell', () => {
    for (const state of DeviceStateSchema.options) expect(enShell.deviceStates[state]).toBe(deviceStateWord(state));
    for (const mode of TillModeSchema.options) {
      expect(mode === 'live' ? undefined : enShell.modeBadge[mode]).toBe(modeBadge(mode));
    }
    for (const connection of ['connecting', 'connected', 'reconnecting', 'refused'] as const satisfies Connection[]) {
      expect(connection === 'connected' ? undefined : enShell.connection[connection]).toBe(
        connectionNotice(connection),
      );
    }
  });

  it('the journal', () => {
    const extras = ['attemptStates', 'refundStates', 'jobKinds', 'printJob', 'cardLabel'];
    expectSameWords(without(enJournal, extras), journalWords, 'journal');
    expect(enJournal.attemptStates).toEqual(STATE_WORDS);
    expect(enJournal.refundStates).toEqual(REFUND_STATE_WORDS);
    expect(cardLabel(undefined)).toBe(enJournal.cardLabel);

    const job = (over: Partial<PrintJobView>): PrintJobView => ({
      jobId: 1,
      kind: 'receipt',
      status: 'queued',
      tries: 1,
      createdAt: '2026-03-01T10:00:00.000Z',
      ...over,
    });
    const time = () => '10:02';
    const { jobKinds, printJob } = enJournal;
    for (const kind of ['receipt', 'copy', 'merchant_copy', 'document'] as const) {
      expect(printJobWords(job({ kind, status: 'printing' }), time)).toBe(printJob.printing(jobKinds[kind]));
    }
    expect(printJobWords(job({ status: 'printed', printedAt: '2026-03-01T10:02:00.000Z' }), time)).toBe(
      printJob.printed(jobKinds.receipt, '10:02'),
    );
    expect(printJobWords(job({ status: 'printed' }), time)).toBe(printJob.printed(jobKinds.receipt, undefined));
    expect(printJobWords(job({ kind: 'copy', problem: 'Out of paper.' }), time)).toBe(
      printJob.queued(jobKinds.copy, 'Out of paper.'),
    );
    expect(printJobWords(job({}), time)).toBe(printJob.queued(jobKinds.receipt, undefined));
  });

  it('the till day', () => {
    expectSameWords(without(enDay, ['difference']), dayWords, 'day');
    const money = (minor: number) => `€ ${(minor / 100).toFixed(2)}`;
    expect(differenceWords(-250, money)).toBe(enDay.difference.short('€ 2.50'));
    expect(differenceWords(250, money)).toBe(enDay.difference.over('€ 2.50'));
    expect(differenceWords(0, money)).toBe(enDay.difference.none);
  });

  it('the refunds', () => {
    expectSameWords(enRefund, refundWords, 'refund');
  });
});
