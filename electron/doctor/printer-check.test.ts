import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startFakePrinter, type FakePrinter, type FakePrinterStatus } from '../printing/testing/fake-printer.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { checkPrinter } from './printer-check.ts';
import { tillConfig } from './testing.ts';

async function fakePrinter(initial?: Partial<FakePrinterStatus>): Promise<FakePrinter> {
  const printer = await startFakePrinter(initial);
  onTestFinished(() => printer.close());
  return printer;
}

const withPrinter = (url: string) => tillConfig({ printer: { url } });

describe('the printer check', () => {
  it('passes for a ready network printer and prints nothing', async () => {
    const printer = await fakePrinter();
    const result = await checkPrinter(withPrinter(printer.url), { timeoutMs: 500 });
    expect(result).toEqual({
      name: 'printer',
      status: 'pass',
      detail: `The network printer 127.0.0.1:${String(printer.port)} is ready.`,
    });
    expect(printer.printouts({ printsOnly: true })).toEqual([]);
  });

  it('passes with a word about a roll that is running low', async () => {
    const printer = await fakePrinter({ paperNearEnd: true });
    const result = await checkPrinter(withPrinter(printer.url));
    expect(result.status).toBe('pass');
    expect(result.detail).toContain('Paper is running low');
  });

  it.each([
    [{ paperEnd: true }, 'is out of paper.', 'Load a new paper roll'],
    [{ coverOpen: true }, 'has its cover open.', "Close the printer's cover"],
    [{ online: false }, 'is offline (an error, or the feed button held).', 'blinking error light'],
  ])('fails a printer reporting %j, with what to do', async (status, found, fix) => {
    const printer = await fakePrinter(status);
    const result = await checkPrinter(withPrinter(printer.url));
    expect(result).toMatchObject({
      status: 'fail',
      detail: `The network printer 127.0.0.1:${String(printer.port)} ${found}`,
    });
    expect(result.fix).toContain(fix);
    expect(printer.printouts({ printsOnly: true })).toEqual([]);
  });

  it('fails a printer that is switched off, and one that takes the connection but does not answer', async () => {
    const off = await fakePrinter();
    await off.powerOff();
    const refused = await checkPrinter(withPrinter(off.url), { timeoutMs: 50 });
    expect(refused.status).toBe('fail');
    expect(refused.detail).toBe(`The network printer 127.0.0.1:${String(off.port)} does not answer within 50 ms.`);
    expect(refused.fix).toContain('switched on');

    const hung = await fakePrinter();
    hung.setSilent(true);
    const silent = await checkPrinter(withPrinter(hung.url), { timeoutMs: 50 });
    expect(silent).toMatchObject({ status: 'fail' });
    expect(silent.detail).toContain('does not answer within 50 ms');
  });

  it('is skipped without a printer, for `none`, and for a spooler or system printer it cannot ask', async () => {
    expect(await checkPrinter(tillConfig({}))).toMatchObject({ status: 'skip' });
    expect(await checkPrinter(withPrinter('none'))).toMatchObject({ status: 'skip' });
    expect(await checkPrinter(withPrinter('cups://receipts'))).toMatchObject({
      status: 'skip',
      detail: 'The CUPS queue receipts reports no status; kassa print-test prints a page to check it.',
    });
    expect((await checkPrinter(withPrinter('html://Office'))).status).toBe('skip');
  });

  it('checks that a USB printer’s device file is there and writable', async () => {
    const device = path.join(tempDir(), 'lp0');
    expect(await checkPrinter(withPrinter(`file://${device}`))).toMatchObject({
      status: 'fail',
      detail: `${device} does not exist.`,
    });
    writeFileSync(device, '');
    expect(await checkPrinter(withPrinter(`file://${device}`))).toMatchObject({ status: 'pass' });
  });
});
