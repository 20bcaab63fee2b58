/**
 * Short tones a cashier hears without looking: a scan the till could not add,
 * a card declined. Made with Web Audio (no sound files to ship); a store
 * turns them off with `display.sounds: false`. Which moments get a tone is
 * decided by pure functions (tested); playing it is the browser's job.
 */

/** The moments that get a tone. */
export type Cue = 'scanFailed' | 'declined';

/** What a card payment on screen was doing: which attempt, in which state. */
export interface CardMoment {
  attemptId: string;
  state: string;
}

/** What the screen said, by notice: its kind and its serial (each notice has a new one). */
export interface SaidMoment {
  kind: 'error' | 'info';
  serial: number;
}

/** A scan answered with a new error (an unknown code, a sale that cannot take lines): the failed-scan tone. */
export function cueForScan(before: SaidMoment | undefined, after: SaidMoment | undefined): Cue | undefined {
  if (after?.kind !== 'error') return undefined;
  return before?.serial === after.serial ? undefined : 'scanFailed';
}

/** A card attempt that has just become declined (not one already declined when the screen looked). */
export function cueForCard(before: CardMoment | undefined, after: CardMoment | undefined): Cue | undefined {
  if (after?.state !== 'declined') return undefined;
  const already = before?.attemptId === after.attemptId && before.state === 'declined';
  return already ? undefined : 'declined';
}

/** Whether to play: the till's setting (on unless configured off) and a cue to play. */
export function shouldPlay(cue: Cue | undefined, soundsOn: boolean | undefined): cue is Cue {
  return cue !== undefined && soundsOn !== false;
}

/** Tones as (frequency Hz, length ms): a low double buzz for a failed scan, a falling pair for a decline. */
const TONES: Readonly<Record<Cue, readonly (readonly [number, number])[]>> = {
  scanFailed: [
    [220, 110],
    [220, 110],
  ],
  declined: [
    [660, 160],
    [330, 260],
  ],
};

let context: AudioContext | undefined;

/** Plays a cue's tones. Never throws: a till without a sound card sells all the same. */
export function playCue(cue: Cue): void {
  try {
    context ??= new AudioContext();
    const audio = context;
    void audio.resume().catch(() => undefined);
    let at = audio.currentTime;
    for (const [frequency, lengthMs] of TONES[cue]) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = 'square';
      oscillator.frequency.value = frequency;
      // A soft start and end: no click.
      gain.gain.setValueAtTime(0, at);
      gain.gain.linearRampToValueAtTime(0.08, at + 0.01);
      gain.gain.setValueAtTime(0.08, at + lengthMs / 1000 - 0.02);
      gain.gain.linearRampToValueAtTime(0, at + lengthMs / 1000);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(at);
      oscillator.stop(at + lengthMs / 1000);
      at += lengthMs / 1000 + 0.05;
    }
  } catch {
    // No audio here (a browser without Web Audio, no output device).
  }
}
