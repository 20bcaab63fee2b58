import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PrinterConfigSchema, type PrinterConfig } from '../../../shared/config/schema.ts';
import { TillError } from '../../till-error.ts';
import { tempDir } from '../../testing/temp-dir.ts';
import { STATUS_QUERIES } from '../printer-status.ts';
import { paperFormat, renderEscPos } from '../render-receipt.ts';
import { startFakePrinter } from '../testing/fake-printer.ts';
import type { SystemPrinter } from './html-transport.ts';
import { openPrinterTransport } from './open-transport.ts';
import { PrintProblem, type PrinterTransport, type PrintPayload } from './transport.ts';

const RECEIPT = renderEscPos('^^Kassa Koffie\n---\nCoffee beans | 25.98', paperFormat(undefined));
const SVG = '<svg width="576px"></svg>';
const PAYLOAD: PrintPayload = { escpos: () => RECEIPT, svg: () => SVG };

const config = (url: string, rest: Partial<PrinterConfig> = {}): PrinterConfig =>
  PrinterConfigSchema.parse({ url, ...rest });

function opened(transport: PrinterTransport | undefined): PrinterTransport {
  if (transport === undefined) throw new Error('expected a transport, got none');
  return transport;
}

/** An `lp` that saves its arguments and the job in `dir`. */
function fakeLp(dir: string): string {
  const file = path.join(dir, 'lp');
  writeFileSync(file, `#!/bin/sh\necho "$@" > "${dir}/args"\ncat > "${dir}/job"\n`);
  chmodSync(file, 0o755);
  return file;
}

function systemPrinter(): SystemPrinter & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    printSvg: (...args) => {
      calls.push(args);
      return Promise.resolve();
    },
  };
}

describe('openPrinterTransport', () => {
  it('opens nothing for none', () => {
    expect(openPrinterTransport(config('none'))).toBeUndefined();
    expect(openPrinterTransport(config('none'), { systemPrinter: systemPrinter() })).toBeUndefined();
  });

  it('prints to tcp://host:port over the network, asking the status first', async () => {
    const printer = await startFakePrinter();
    onTestFinished(() => printer.close());
    const transport = opened(openPrinterTransport(config(printer.url)));

    expect(transport.description).toBe(`network printer 127.0.0.1:${String(printer.port)}`);
    expect(transport.hasStatus).toBe(true);
    await transport.print(PAYLOAD);
    expect(printer.connections()).toEqual([Buffer.concat([STATUS_QUERIES, RECEIPT])]);
  });

  it('takes port 9100 for tcp://host, and reads IPv6 addresses', () => {
    expect(opened(openPrinterTransport(config('tcp://192.168.1.20'))).description).toBe(
      'network printer 192.168.1.20:9100',
    );
    expect(opened(openPrinterTransport(config('tcp://[fe80::1]:9101'))).description).toBe(
      'network printer fe80::1:9101',
    );
  });

  it('uses the configured connect timeout for a network printer', async () => {
    const printer = await startFakePrinter();
    onTestFinished(() => printer.close());
    printer.setSilent(true);

    const transport = opened(openPrinterTransport(config(printer.url, { connectTimeoutMs: 200 })));

    expect(await transport.status()).toEqual({ condition: 'unreachable', paperLow: false });
  });

  it('writes to the device file of file:///…, with escapes in the path decoded', async () => {
    const file = path.join(tempDir(), 'usb printer', 'lp 0.bin');
    mkdirSync(path.dirname(file));
    const url = pathToFileURL(file).href;
    expect(url).toContain('%20');
    const transport = opened(openPrinterTransport(config(url)));

    expect(transport.description).toBe(`printer at ${file}`);
    expect(transport.hasStatus).toBe(false);
    await transport.print(PAYLOAD);
    expect(readFileSync(file)).toEqual(RECEIPT);
  });

  it('hands cups://QUEUE jobs to lp for that queue', async () => {
    const dir = tempDir();
    const transport = opened(openPrinterTransport(config('cups://Kitchen_2'), { lpCommand: fakeLp(dir) }));

    expect(transport.description).toBe('CUPS queue Kitchen_2');
    await transport.print(PAYLOAD);
    expect(readFileSync(path.join(dir, 'args'), 'utf8').trim()).toBe('-d Kitchen_2 -o raw');
    expect(readFileSync(path.join(dir, 'job'))).toEqual(RECEIPT);
  });

  it('uses the configured write timeout for a CUPS queue', async () => {
    const dir = tempDir();
    const lp = path.join(dir, 'lp');
    writeFileSync(lp, '#!/bin/sh\ncat > /dev/null\nexec tail -f /dev/null\n');
    chmodSync(lp, 0o755);
    const transport = opened(
      openPrinterTransport(config('cups://Kitchen', { writeTimeoutMs: 500 }), { lpCommand: lp }),
    );

    const error: unknown = await transport.print(PAYLOAD).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(PrintProblem);
    expect((error as PrintProblem).message).toBe('the print spooler did not take the job within 500 ms');
  });

  it('prints html://Printer%20Name on that system printer, on the configured paper width', async () => {
    const system = systemPrinter();
    const transport = opened(
      openPrinterTransport(config('html://Receipt%20Printer', { paperWidth: 58 }), { systemPrinter: system }),
    );

    expect(transport.description).toBe('system printer Receipt Printer');
    expect(transport.speaksEscPos).toBe(false);
    await transport.print(PAYLOAD);
    expect(system.calls).toEqual([[SVG, { deviceName: 'Receipt Printer', paperWidthMm: 58 }]]);
  });

  it('prints html:// on the default system printer', async () => {
    const system = systemPrinter();
    const transport = opened(openPrinterTransport(config('html://'), { systemPrinter: system }));

    expect(transport.description).toBe('the default system printer');
    await transport.print(PAYLOAD);
    expect(system.calls).toEqual([[SVG, { deviceName: '', paperWidthMm: 80 }]]);
  });

  it('refuses html:// without Electron, naming the URL and the ways that work', () => {
    const open = () => openPrinterTransport(config('html://Receipt%20Printer'));

    expect(open).toThrow(TillError);
    expect(open).toThrow(/printer\.url html:\/\/Receipt%20Printer .*tcp:\/\/, file:\/\/ or cups:\/\//);
    expect(open).toThrow(expect.objectContaining({ code: 'UNAVAILABLE' }));
  });
});
