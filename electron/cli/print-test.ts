import { parseArgs } from 'node:util';
import type { TillConfig } from '../../shared/config/schema.ts';
import {
  BUILT_IN_DEFAULTS,
  chosenConfigFile,
  ConfigError,
  readConfigFile,
  resolveConfig,
  type ConfigLayer,
} from '../config/load-config.ts';
import { PRINTER_WORDS, PAPER_LOW_WORDS, type PrinterStatus } from '../printing/printer-status.ts';
import { text } from '../printing/receipt-document.ts';
import { drawerKickBytes, paperFormat, renderEscPos, renderSvg, type PaperFormat } from '../printing/render-receipt.ts';
import { openPrinterTransport } from '../printing/transports/open-transport.ts';
import { PrintProblem } from '../printing/transports/transport.ts';

/**
 * `kassa print-test`: IT's check that a till's printer is wired right. It asks
 * the printer how it is, prints a test receipt straight away (not through the
 * journal's queue: a test page must never print hours later) and says what
 * happened. With --drawer it also kicks the cash drawer.
 */

export const PRINT_TEST_USAGE = `kassa print-test [--printer URL] [--drawer] [--config FILE] [--json]

Prints a test receipt on the till's printer and reports the printer's status.
Exits 0 when the printer took the receipt, 1 when it did not.

  --printer URL  print here instead of the configured printer:
                 tcp://host:9100, file:///dev/usb/lp0 or cups://QUEUE
  --drawer       also open the cash drawer (needs printer.drawer in the configuration)
  --config FILE  the till's configuration (default: $KASSA_CONFIG)
  --json         print the result as JSON`;

/** What the test page shows: enough to tell from the paper which till, which settings, and whether the code page is right. */
export function testPageDocument(config: TillConfig, format: PaperFormat, url: string, at: Date): string {
  const ruler = '1234567890'.repeat(Math.ceil(format.charactersPerLine / 10)).slice(0, format.charactersPerLine);
  return [
    '{width:*}',
    `^^${text(config.store.name)}`,
    `"^PRINTER TEST"`,
    '---',
    '{width:*,auto}',
    `Till | ${text(`${config.till.name} (${config.till.id})`)}`,
    `Printer | ${text(url)}`,
    `Characters per line | ${String(format.charactersPerLine)}`,
    `Code page | ${format.codePage}`,
    `Commands | ${format.commandSet}`,
    `Printed | ${text(at.toISOString().slice(0, 16).replace('T', ' '))}`,
    '{width:*}',
    '---',
    `|${ruler}`,
    'Accents: àáâäçèéêëñöüß ÀÉÖÜ',
    'Money: 1.234,56 12.50 € £',
    '---',
    'If every line above is straight and complete, the printer is set up right.',
  ].join('\n');
}

function describe(status: PrinterStatus): string {
  return `${PRINTER_WORDS[status.condition]}${status.paperLow ? ` ${PAPER_LOW_WORDS}` : ''}`;
}

export async function printTest(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      printer: { type: 'string' },
      drawer: { type: 'boolean', default: false },
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const file = chosenConfigFile(values.config);
  const layers: ConfigLayer[] = [BUILT_IN_DEFAULTS];
  if (file !== undefined) layers.push(readConfigFile(file));
  if (values.printer !== undefined) layers.push({ source: '--printer', values: { printer: { url: values.printer } } });
  const config = resolveConfig(layers);
  const printer = config.printer;
  if (printer === undefined || printer.url === 'none') {
    throw new ConfigError('printer: this till has no printer set up; add a printer section or pass --printer URL.');
  }
  const transport = openPrinterTransport(printer);
  if (transport === undefined) throw new ConfigError('printer: this till has no printer set up.');
  const format = paperFormat(printer);

  const before = await transport.status();
  let printed = false;
  let problem: string | undefined;
  let drawer: 'opened' | 'failed' | 'not_asked' = 'not_asked';
  try {
    const document = testPageDocument(config, format, printer.url, new Date());
    await transport.print({ escpos: () => renderEscPos(document, format), svg: () => renderSvg(document, format) });
    printed = true;
  } catch (error) {
    problem = error instanceof PrintProblem ? PRINTER_WORDS[error.condition] : (error as Error).message;
  }
  if (values.drawer) {
    if (printer.drawer === undefined)
      throw new ConfigError('printer.drawer: no cash drawer is set up on this printer.');
    drawer = await transport
      .sendRaw(drawerKickBytes(printer.drawer))
      .then(() => 'opened' as const)
      .catch(() => 'failed' as const);
  }
  const after = transport.hasStatus ? await transport.status() : before;
  const result = { printer: transport.description, printed, problem, status: after, drawer };
  const lines = [
    printed ? `Printed a test receipt on the ${transport.description}.` : `The ${transport.description} did not print.`,
    ...(problem === undefined ? [] : [problem]),
    describe(after),
    ...(drawer === 'not_asked'
      ? []
      : [drawer === 'opened' ? 'The cash drawer was told to open.' : 'The cash drawer did not open.']),
  ];
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${lines.join('\n')}\n`);
  return printed && drawer !== 'failed' ? 0 : 1;
}
