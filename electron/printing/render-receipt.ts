import receiptline from 'receiptline';
import type { PrinterConfig } from '../../shared/config/schema.ts';

/**
 * Turns a receiptline document into what the screen and the printer take:
 * SVG for the preview, ESC/POS bytes for the paper. Both come from the same
 * document and the same characters-per-line, so the preview wraps where the
 * printer wraps.
 */

export interface PaperFormat {
  readonly charactersPerLine: number;
  readonly codePage: PrinterConfig['codePage'];
  readonly commandSet: PrinterConfig['commandSet'];
}

/** 80 mm paper prints 48 characters in the normal font, 58 mm paper 32. */
export function paperFormat(printer: PrinterConfig | undefined): PaperFormat {
  const width = printer?.paperWidth ?? 80;
  return {
    charactersPerLine: printer?.charactersPerLine ?? (width === 58 ? 32 : 48),
    codePage: printer?.codePage ?? 'cp858',
    commandSet: printer?.commandSet ?? 'escpos',
  };
}

/**
 * receiptline's SVG imports a web font from Google; an offline till must not
 * try, and the renderer's CSP would refuse it. The font list falls back to
 * the system's Courier, which has the same metrics the layout assumes.
 */
const WEB_FONT_IMPORT = /<style[^>]*>\s*(<!\[CDATA\[)?\s*@import url\([^)]*\);?\s*(\]\]>)?\s*<\/style>/g;

export function renderSvg(document: string, format: PaperFormat): string {
  return receiptline
    .transform(document, { command: 'svg', cpl: format.charactersPerLine, encoding: format.codePage })
    .replace(WEB_FONT_IMPORT, '');
}

/** The printer's bytes. receiptline answers with a binary string; it ends with a cut and `GS r 1`. */
export function renderEscPos(document: string, format: PaperFormat): Buffer {
  const commands = receiptline.transform(document, {
    command: format.commandSet,
    cpl: format.charactersPerLine,
    encoding: format.codePage,
  });
  return Buffer.from(commands, 'binary');
}

/**
 * `ESC p m t1 t2`: a pulse on the drawer kick connector. m picks the pin (0:
 * pin 2, 1: pin 5); the pulse is on for t1 × 2 ms and off for t2 × 2 ms. The
 * off time is four times the on time (capped), a duty cycle of 20 % as drawer
 * makers ask, so a solenoid is not driven hot by kicks in quick succession.
 */
export function drawerKickBytes(drawer: NonNullable<PrinterConfig['drawer']>): Buffer {
  const on = Math.max(1, Math.min(255, Math.round(drawer.pulseMs / 2)));
  const off = Math.min(255, on * 4);
  return Buffer.from([0x1b, 0x70, drawer.pin === 2 ? 0 : 1, on, off]);
}
