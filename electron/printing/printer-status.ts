/**
 * What an ESC/POS printer says about itself. The till asks with the
 * real-time `DLE EOT n` commands, which a printer answers even when it is
 * offline or its buffer is full, one byte per question (Epson, Bixolon and
 * Star in ESC/POS mode agree on these bits).
 */

/** The questions, in the order the till asks them: printer, offline cause, paper. */
export const STATUS_QUERIES = Buffer.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);
export const STATUS_REPLY_LENGTH = 3;

export type PrinterCondition =
  /** Ready to print. */
  | 'ready'
  | 'cover_open'
  | 'paper_out'
  /** Offline for another reason: an error, the feed button held, waiting to recover. */
  | 'offline'
  /** No connection, or no answer in time. */
  | 'unreachable'
  /** The way to this printer has no back channel (device file, spooler, system printer). */
  | 'unknown';

export interface PrinterStatus {
  readonly condition: PrinterCondition;
  /** The roll is nearly used up: it prints, but a new roll should be ready. */
  readonly paperLow: boolean;
}

/** A status byte always has bit 4 set and bits 0 and 7 clear; anything else is not an answer to DLE EOT. */
function isStatusByte(value: number): boolean {
  return (value & 0x93) === 0x12;
}

/** Reads the three answers to STATUS_QUERIES. */
export function decodeStatus(reply: Uint8Array): PrinterStatus {
  const [printer, offlineCause, paper] = reply;
  if (printer === undefined || offlineCause === undefined || paper === undefined) {
    return { condition: 'unreachable', paperLow: false };
  }
  if (!isStatusByte(printer) || !isStatusByte(offlineCause) || !isStatusByte(paper)) {
    return { condition: 'unknown', paperLow: false };
  }
  const paperLow = (paper & 0x0c) !== 0;
  const paperOut = (paper & 0x60) !== 0 || (offlineCause & 0x20) !== 0;
  if ((offlineCause & 0x04) !== 0) return { condition: 'cover_open', paperLow };
  if (paperOut) return { condition: 'paper_out', paperLow };
  if ((printer & 0x08) !== 0 || (offlineCause & 0x40) !== 0) return { condition: 'offline', paperLow };
  return { condition: 'ready', paperLow };
}

/** What the cashier is told, and what to do about it. */
export const PRINTER_WORDS: Readonly<Record<PrinterCondition, string>> = {
  ready: 'Printer is ready.',
  cover_open: 'Printer cover is open: close it to print.',
  paper_out: 'Printer is out of paper: load a new roll.',
  offline: 'Printer is offline: check it for a blinking error light, then switch it off and on.',
  unreachable: 'Printer does not answer: check that it is switched on and its cable is in.',
  unknown: 'Printer status cannot be read on this connection.',
};

export const PAPER_LOW_WORDS = 'Paper is running low: have a new roll ready.';
