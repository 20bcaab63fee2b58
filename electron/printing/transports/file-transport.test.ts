import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { tempDir } from '../../testing/temp-dir.ts';
import { drawerKickBytes, paperFormat, renderEscPos } from '../render-receipt.ts';
import { decodeEscPos } from '../testing/escpos-decoder.ts';
import { createFileTransport } from './file-transport.ts';
import { PrintProblem, type PrintPayload } from './transport.ts';

const RECEIPT = renderEscPos(['^^Kassa Koffie', '---', 'Coffee beans | 25.98'].join('\n'), paperFormat(undefined));

function payload(bytes: Buffer): PrintPayload {
  return {
    escpos: () => bytes,
    svg: () => {
      throw new Error('a device file is sent ESC/POS, never the picture');
    },
  };
}

async function problemOf(promise: Promise<unknown>): Promise<PrintProblem> {
  const error: unknown = await promise.then(
    () => new Error('expected the job to be refused, but it printed'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PrintProblem);
  return error as PrintProblem;
}

/** A named pipe standing in for a device node, and a process on its other end, as the printer's driver. */
function devicePipe(dir: string, reader: string): { file: string; done: Promise<unknown> } {
  const file = path.join(dir, 'lp0');
  execFileSync('mkfifo', [file]);
  const child = spawn('sh', ['-c', reader, 'printer', file], { stdio: 'ignore' });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill();
  });
  return { file, done: once(child, 'close') };
}

describe('printing to a device file', () => {
  it('writes the job as it is, and keeps every job on a plain file', async () => {
    const file = path.join(tempDir(), 'capture.bin');
    const transport = createFileTransport({ path: file, writeTimeoutMs: 2_000 });

    await transport.print(payload(RECEIPT));
    await transport.print(payload(RECEIPT));

    expect(readFileSync(file)).toEqual(Buffer.concat([RECEIPT, RECEIPT]));
    const printout = decodeEscPos(readFileSync(file), { encoding: 'cp858' });
    expect(printout.cuts).toBe(2);
    expect(printout.lines.filter((line) => /^Coffee beans\s+25\.98$/.test(line))).toHaveLength(2);
  });

  it('sends a drawer kick as raw bytes', async () => {
    const file = path.join(tempDir(), 'capture.bin');
    writeFileSync(file, '');
    const transport = createFileTransport({ path: file, writeTimeoutMs: 2_000 });

    await transport.sendRaw(drawerKickBytes({ pin: 5, pulseMs: 100 }));

    expect(decodeEscPos(readFileSync(file)).drawerKicks).toEqual([{ pin: 5, onMs: 100, offMs: 400 }]);
  });

  it('gets the job to the process on the other end of a device node', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'printed.bin');
    const device = devicePipe(dir, `cat "$1" > "${out}"`);
    const transport = createFileTransport({ path: device.file, writeTimeoutMs: 2_000 });

    await transport.print(payload(RECEIPT));
    await device.done;

    expect(readFileSync(out)).toEqual(RECEIPT);
  });

  it('cannot open a device that is not there, and names it', async () => {
    const file = path.join(tempDir(), 'usb', 'lp0');
    const transport = createFileTransport({ path: file, writeTimeoutMs: 2_000 });

    const problem = await problemOf(transport.print(payload(RECEIPT)));

    expect(problem.condition).toBe('unreachable');
    expect(problem.message).toContain(file);
  });

  it('cannot print into a directory', async () => {
    const dir = path.join(tempDir(), 'lp0');
    mkdirSync(dir);

    const problem = await problemOf(createFileTransport({ path: dir, writeTimeoutMs: 2_000 }).print(payload(RECEIPT)));

    expect(problem.condition).toBe('unreachable');
    expect(problem.message).toContain(dir);
  });

  // A stuck write holds close() too: the transport must give up without waiting for it.
  it('gives up on a printer that stops taking bytes once the write timeout is over', { timeout: 3_000 }, async () => {
    // The driver opens the device and then reads nothing, as a USB printer out of paper does.
    const device = devicePipe(tempDir(), 'exec 3<"$1"; exec tail -f /dev/null');
    const transport = createFileTransport({ path: device.file, writeTimeoutMs: 300 });

    // More than a pipe holds, so the write cannot finish.
    const problem = await problemOf(transport.print(payload(Buffer.alloc(1 << 20, 0x41))));

    expect(problem.condition).toBe('offline');
    expect(problem.message).toMatch(/in time/);
  });

  it('says what it is and that it cannot read the status', async () => {
    const transport = createFileTransport({ path: '/dev/usb/lp0', writeTimeoutMs: 2_000 });

    expect(transport.description).toBe('printer at /dev/usb/lp0');
    expect(transport.hasStatus).toBe(false);
    expect(transport.speaksEscPos).toBe(true);
    expect(await transport.status()).toEqual({ condition: 'unknown', paperLow: false });
  });
});
