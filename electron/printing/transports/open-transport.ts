import type { PrinterConfig } from '../../../shared/config/schema.ts';
import { TillError } from '../../till-error.ts';
import { createCupsTransport } from './cups-transport.ts';
import { createFileTransport } from './file-transport.ts';
import { createHtmlTransport, type SystemPrinter } from './html-transport.ts';
import { createTcpTransport, parseTcpUrl } from './tcp-transport.ts';
import type { PrinterTransport } from './transport.ts';

/** Picks the transport the printer URL names; undefined for `none`. */
export function openPrinterTransport(
  printer: PrinterConfig,
  options: { systemPrinter?: SystemPrinter | undefined; lpCommand?: string } = {},
): PrinterTransport | undefined {
  const url = printer.url;
  if (url === 'none') return undefined;
  if (url.startsWith('tcp://')) {
    return createTcpTransport({
      ...parseTcpUrl(url),
      connectTimeoutMs: printer.connectTimeoutMs,
      writeTimeoutMs: printer.writeTimeoutMs,
    });
  }
  if (url.startsWith('file://')) {
    return createFileTransport({
      path: decodeURIComponent(new URL(url).pathname),
      writeTimeoutMs: printer.writeTimeoutMs,
    });
  }
  if (url.startsWith('cups://')) {
    return createCupsTransport({
      queue: url.slice('cups://'.length),
      writeTimeoutMs: printer.writeTimeoutMs,
      ...(options.lpCommand === undefined ? {} : { command: options.lpCommand }),
    });
  }
  if (options.systemPrinter === undefined) {
    throw new TillError(
      'UNAVAILABLE',
      `printer.url ${url} prints through the desktop app's system printing; without Electron use tcp://, file:// or cups://.`,
    );
  }
  return createHtmlTransport({
    deviceName: decodeURIComponent(url.slice('html://'.length)),
    paperWidthMm: printer.paperWidth,
    printer: options.systemPrinter,
  });
}
