import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { startFakePrinter, type FakePrinter } from '../printing/testing/fake-printer.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { runKassa } from './run-kassa.ts';

/** `kassa print-test` against a fake network printer on loopback, as IT runs it at a till. */

let stdout = '';
let stderr = '';

beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  vi.stubEnv('KASSA_CONFIG', '');
});

async function fakePrinter(): Promise<FakePrinter> {
  const printer = await startFakePrinter();
  onTestFinished(() => printer.close());
  return printer;
}

describe('kassa print-test', () => {
  it('prints a test receipt on the printer named by --printer and says the printer is ready', async () => {
    const printer = await fakePrinter();

    const code = await runKassa(['print-test', '--printer', printer.url]);

    expect(code).toBe(0);
    expect(stdout).toContain(`Printed a test receipt on the network printer 127.0.0.1:${String(printer.port)}.`);
    expect(stdout).toContain('Printer is ready.');
    const [page] = printer.printouts({ printsOnly: true });
    const lines = page?.lines.map((line) => line.trim()) ?? [];
    expect(lines).toContain('PRINTER TEST');
    expect(lines).toContain('Kassa Demo Store');
    expect(lines).toContainEqual(expect.stringMatching(/^Characters per line\s+48$/));
    expect(lines).toContain('123456789012345678901234567890123456789012345678');
    expect(page?.cuts).toBe(1);
  });

  it('does not print on a printer with its cover open, says why and exits with 1', async () => {
    const printer = await fakePrinter();
    printer.setStatus({ coverOpen: true });

    const code = await runKassa(['print-test', '--printer', printer.url, '--json']);

    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({
      printed: false,
      problem: 'Printer cover is open: close it to print.',
      status: { condition: 'cover_open' },
      drawer: 'not_asked',
    });
    expect(printer.printouts({ printsOnly: true })).toEqual([]);
  });

  it('kicks the drawer the configuration sets up when asked with --drawer', async () => {
    const printer = await fakePrinter();
    const config = path.join(tempDir(), 'config.json');
    writeFileSync(
      config,
      JSON.stringify({ printer: { url: printer.url, paperWidth: 58, drawer: { pin: 5, pulseMs: 60 } } }),
    );

    const code = await runKassa(['print-test', '--config', config, '--drawer']);

    expect(code).toBe(0);
    expect(stdout).toContain('The cash drawer was told to open.');
    const printouts = printer.printouts({ printsOnly: true });
    expect(printouts.flatMap((printout) => printout.drawerKicks)).toEqual([{ pin: 5, onMs: 60, offMs: 240 }]);
    expect(printouts[0]?.lines.map((line) => line.trim())).toContain('12345678901234567890123456789012');
  });

  it('says the printer does not answer when nothing listens at the address', async () => {
    const printer = await fakePrinter();
    await printer.powerOff();

    const code = await runKassa(['print-test', '--printer', printer.url]);

    expect(code).toBe(1);
    expect(stdout).toContain('Printer does not answer: check that it is switched on and its cable is in.');
  });

  it('exits with 2 and a plain reason when the till has no printer, or the URL is not one', async () => {
    expect(await runKassa(['print-test'])).toBe(2);
    expect(stderr).toContain('this till has no printer set up');
    stderr = '';
    expect(await runKassa(['print-test', '--printer', 'lpt1'])).toBe(2);
    expect(stderr).toContain('printer.url: must be tcp://host:9100');
  });
});
