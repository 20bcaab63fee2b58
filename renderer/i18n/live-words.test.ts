import { afterEach, describe, expect, it } from 'vitest';
import { LanguageSchema } from '../../shared/config/schema.ts';
import { DeviceStateSchema } from '../../shared/devices.ts';
import type { PrintJobView } from '../../shared/printing/print-job.ts';
import { cardLabel, journalWords, printJobWords, REFUND_STATE_WORDS, STATE_WORDS } from '../journal/journal.ts';
import { refundWords } from '../refunds/refund-words.ts';
import { connectionNotice, deviceStateWord, modeBadge } from '../shell/shell-words.ts';
import { dayWords, differenceWords } from '../till-day/till-day.ts';
import { CATALOGUES } from './catalogues.ts';
import { speak } from './words.ts';

/**
 * The area word files (shell, journal, till day, refunds) hold no words of
 * their own: they read the catalogue of the till's language, at the moment a
 * word is read, so a language said after the modules loaded still reaches
 * every screen, including a group a component took once at module level.
 */

/** Taken before any language is spoken, as DayReportView takes `dayWords.report`. */
const reportTakenAtLoad = dayWords.report;

afterEach(() => {
  speak(undefined);
});

/** Every text (and sentence) of a word object, by path. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, child]) => leaves(child, path === '' ? key : `${path}.${key}`));
  }
  return [[path, value]];
}

const job = (over: Partial<PrintJobView>): PrintJobView => ({
  jobId: 1,
  kind: 'receipt',
  status: 'queued',
  tries: 1,
  createdAt: '2026-03-01T10:00:00.000Z',
  ...over,
});

describe.each(LanguageSchema.options)('the word files speaking %s', (language) => {
  const words = CATALOGUES[language];

  it('give every word of the catalogue, and nothing else', () => {
    speak(language);
    expect(leaves(journalWords)).toEqual(leaves(words.journal));
    expect(leaves(dayWords)).toEqual(leaves(words.day));
    expect(leaves(refundWords)).toEqual(leaves(words.refund));
    expect(leaves(reportTakenAtLoad)).toEqual(leaves(words.day.report));
    expect(STATE_WORDS).toEqual(words.journal.attemptStates);
    expect(REFUND_STATE_WORDS).toEqual(words.journal.refundStates);
  });

  it('say the shell in it', () => {
    speak(language);
    for (const state of DeviceStateSchema.options) expect(deviceStateWord(state)).toBe(words.shell.deviceStates[state]);
    expect(modeBadge('live')).toBeUndefined();
    expect(modeBadge('training')).toBe(words.shell.modeBadge.training);
    expect(modeBadge('demo')).toBe(words.shell.modeBadge.demo);
    expect(connectionNotice('connected')).toBeUndefined();
    expect(connectionNotice('refused')).toBe(words.shell.connection.refused);
  });

  it('build their sentences from its words', () => {
    speak(language);
    const { jobKinds, printJob } = words.journal;
    const time = () => '10:02';
    expect(printJobWords(job({ status: 'printed', printedAt: '2026-03-01T10:02:00.000Z' }), time)).toBe(
      printJob.printed(jobKinds.receipt, '10:02'),
    );
    expect(printJobWords(job({ kind: 'copy', status: 'printing' }), time)).toBe(printJob.printing(jobKinds.copy));
    expect(printJobWords(job({ problem: 'Out of paper.' }), time)).toBe(
      printJob.queued(jobKinds.receipt, 'Out of paper.'),
    );
    expect(cardLabel({ brand: 'visa', last4: '1234' })).toBe(`${words.journal.cardLabel} VISA ••••1234`);

    const money = (minor: number) => `€ ${(minor / 100).toFixed(2)}`;
    expect(differenceWords(-250, money)).toBe(words.day.difference.short('€ 2.50'));
    expect(differenceWords(250, money)).toBe(words.day.difference.over('€ 2.50'));
    expect(differenceWords(0, money)).toBe(words.day.difference.none);
  });
});

describe('the word files', () => {
  it('speak English until the till has said its language, and Dutch once it has', () => {
    expect(journalWords.open).toBe('Journal (F7)');
    expect(deviceStateWord('online')).toBe('Ready');
    speak('nl');
    expect(journalWords.open).toBe('Journaal (F7)');
    expect(dayWords.report.vat).toBe('Btw');
    expect(reportTakenAtLoad.tenderNames.card).toBe('Pin');
    expect(refundWords.partStates.done).toBe('teruggegeven');
    expect(STATE_WORDS.declined).toBe('Geweigerd');
    expect(deviceStateWord('online')).toBe('Gereed');
    expect(cardLabel(undefined)).toBe('Pin');
  });

  it('cannot be written to: the catalogue is the one source of each word', () => {
    expect(() => {
      Object.assign(journalWords, { open: 'Something else' });
    }).toThrow(TypeError);
    expect(journalWords.open).toBe('Journal (F7)');
  });
});
