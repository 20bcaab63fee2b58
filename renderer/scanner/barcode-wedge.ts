/**
 * A barcode scanner plugged in as a keyboard types the code and presses Enter,
 * far faster than a person: a few milliseconds between keys. This detector
 * watches keystrokes and their times and reports a code when a fast burst of
 * at least `minLength` printable characters ends in Enter. A person typing
 * the same characters is slower than `maxGapMs` and is never mistaken for one.
 */

export interface WedgeOptions {
  /** Longest pause between two keys of one scan. Scanners send a key every 1–20 ms. */
  maxGapMs?: number;
  /** Shortest code worth reporting (EAN-8 is 8; in-store codes can be shorter). */
  minLength?: number;
}

export interface BarcodeWedge {
  /**
   * Feeds one key (`KeyboardEvent.key`) pressed at `atMs`. Returns the code
   * when this key was the Enter that ended a scan, otherwise undefined.
   */
  key(key: string, atMs: number): string | undefined;
  /** Whether a fast burst is under way: its keys should not reach anything else. */
  scanning(atMs: number): boolean;
  /** The characters of the code being read so far. */
  pending(): string;
  reset(): void;
}

export function createBarcodeWedge(options: WedgeOptions = {}): BarcodeWedge {
  const maxGapMs = options.maxGapMs ?? 40;
  const minLength = options.minLength ?? 4;
  let buffer = '';
  let lastAt = Number.NEGATIVE_INFINITY;

  return {
    key(key, atMs) {
      const fast = atMs >= lastAt && atMs - lastAt <= maxGapMs;
      lastAt = atMs;
      if (key === 'Enter') {
        const code = fast && buffer.length >= minLength ? buffer : undefined;
        buffer = '';
        return code;
      }
      if (key.length !== 1) {
        // Shift, F-keys, arrows: not part of a code, and not a reason to forget one.
        return undefined;
      }
      buffer = fast ? buffer + key : key;
      return undefined;
    },
    scanning(atMs) {
      return buffer.length >= 2 && atMs - lastAt <= maxGapMs;
    },
    pending: () => buffer,
    reset() {
      buffer = '';
      lastAt = Number.NEGATIVE_INFINITY;
    },
  };
}
