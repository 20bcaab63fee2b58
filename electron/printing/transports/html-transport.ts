import { PrintProblem, type PrinterTransport } from './transport.ts';

/**
 * A system printer that does not speak ESC/POS, printed through Electron's
 * `webContents.print` with the receipt's picture. Electron is not imported
 * here: the desktop app hands in a `SystemPrinter` (`electron/desktop/`), and
 * a till running without Electron cannot print this way.
 */

export interface SystemPrinter {
  /** Prints the SVG on paper `paperWidthMm` wide, sized to the receipt, on `deviceName` (the default printer when empty). */
  printSvg(svg: string, options: { deviceName: string; paperWidthMm: number }): Promise<void>;
}

export interface HtmlPrinterOptions {
  readonly deviceName: string;
  readonly paperWidthMm: number;
  readonly printer: SystemPrinter;
}

export function createHtmlTransport(options: HtmlPrinterOptions): PrinterTransport {
  return {
    description: options.deviceName === '' ? 'the default system printer' : `system printer ${options.deviceName}`,
    hasStatus: false,
    speaksEscPos: false,
    status: () => Promise.resolve({ condition: 'unknown', paperLow: false }),
    async print(payload) {
      try {
        await options.printer.printSvg(payload.svg(), {
          deviceName: options.deviceName,
          paperWidthMm: options.paperWidthMm,
        });
      } catch (error) {
        throw new PrintProblem('offline', `the system printer refused the job: ${(error as Error).message}`);
      }
    },
    sendRaw: () => Promise.reject(new PrintProblem('unknown', 'a system printer cannot kick a cash drawer')),
  };
}
