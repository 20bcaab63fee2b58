import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { PrinterConfig, TillConfig } from '../../shared/config/schema.ts';
import type { PrinterCondition } from '../printing/printer-status.ts';
import { PAPER_LOW_WORDS } from '../printing/printer-status.ts';
import { openPrinterTransport } from '../printing/transports/open-transport.ts';
import { errorCode, fail, pass, skip, type CheckOutcome } from './check.ts';

/**
 * The receipt printer, asked how it is the way `kassa print-test` and the
 * print queue ask (the transport's status query: DLE EOT on a network
 * printer). Nothing is printed. A printer on a device file or a spooler
 * cannot say how it is; for a device file the check makes sure it is there
 * and writable.
 */

export const PRINTER = 'printer';

const NOT_READY: Readonly<Record<Exclude<PrinterCondition, 'ready'>, { found: string; fix: string }>> = {
  paper_out: { found: 'is out of paper', fix: 'Load a new paper roll and close the cover.' },
  cover_open: { found: 'has its cover open', fix: "Close the printer's cover until it clicks." },
  offline: {
    found: 'is offline (an error, or the feed button held)',
    fix: 'Look for a blinking error light, clear any paper jam, then switch the printer off and on.',
  },
  unreachable: {
    found: 'does not answer',
    fix:
      'Check that the printer is switched on and its cable is in, and that printer.url has its address ' +
      "(the printer's self-test page shows it).",
  },
  unknown: {
    found: 'answered, but not with an ESC/POS status',
    fix: "Check that printer.url names the printer's raw port (usually 9100) and that the printer is in ESC/POS mode.",
  },
};

export async function checkPrinter(config: TillConfig, options: { timeoutMs?: number } = {}): Promise<CheckOutcome> {
  const printer = config.printer;
  if (printer === undefined || printer.url === 'none') {
    return skip(PRINTER, 'No printer set up: receipts are shown on screen only.');
  }
  if (printer.url.startsWith('html://')) {
    return skip(
      PRINTER,
      `${printer.url} prints through the desktop app's system printing, which kassa doctor cannot reach; ` +
        'print a receipt from the till to check it.',
    );
  }
  const configured: PrinterConfig =
    options.timeoutMs === undefined ? printer : { ...printer, connectTimeoutMs: options.timeoutMs };
  const transport = openPrinterTransport(configured);
  if (transport === undefined) return skip(PRINTER, 'No printer set up: receipts are shown on screen only.');

  if (!transport.hasStatus) {
    if (!printer.url.startsWith('file://')) {
      return skip(
        PRINTER,
        `The ${transport.description} reports no status; kassa print-test prints a page to check it.`,
      );
    }
    const device = decodeURIComponent(new URL(printer.url).pathname);
    try {
      await access(device, constants.W_OK);
    } catch (error) {
      return errorCode(error) === 'ENOENT'
        ? fail(
            PRINTER,
            `${device} does not exist.`,
            'Plug the printer in and switch it on; if it still does not appear, check printer.url.',
          )
        : fail(
            PRINTER,
            `The till may not write to ${device}.`,
            'Give the user the till runs as access to the printer (on Linux: add it to the lp group).',
          );
    }
    return pass(
      PRINTER,
      `${device} is there and writable; a device file reports no paper or cover status (kassa print-test prints a page).`,
    );
  }

  let status;
  try {
    status = await transport.status();
  } catch (error) {
    return fail(
      PRINTER,
      `The ${transport.description} could not be asked: ${(error as Error).message}.`,
      NOT_READY.unreachable.fix,
    );
  }
  if (status.condition === 'ready') {
    return pass(PRINTER, `The ${transport.description} is ready.${status.paperLow ? ` ${PAPER_LOW_WORDS}` : ''}`);
  }
  const { found, fix } = NOT_READY[status.condition];
  const waited = status.condition === 'unreachable' ? ` within ${String(configured.connectTimeoutMs)} ms` : '';
  return fail(PRINTER, `The ${transport.description} ${found}${waited}.`, fix);
}
