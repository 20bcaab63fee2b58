import { open, type FileHandle } from 'node:fs/promises';
import { PrintProblem, within, type PrinterTransport } from './transport.ts';

/**
 * A printer behind a device file: a USB printer under the `usblp` driver
 * (`/dev/usb/lp0`), or a virtual COM port. Writing is all there is; the file
 * gives no status back, so "printed" means the driver took the bytes.
 */

export interface FilePrinterOptions {
  readonly path: string;
  readonly writeTimeoutMs: number;
}

export function createFileTransport(options: FilePrinterOptions): PrinterTransport {
  const late = () => new PrintProblem('offline', 'the printer did not take the job in time');

  async function send(bytes: Buffer): Promise<void> {
    let handle: FileHandle;
    // Append, never truncate: on a device it makes no difference, on a plain file (tests, captures) it keeps every job.
    const opening = open(options.path, 'a');
    try {
      handle = await within(opening, options.writeTimeoutMs, late);
    } catch (error) {
      // An open that finishes after the till gave up must not leave the file open.
      void opening.then((opened) => opened.close()).catch(() => undefined);
      if (error instanceof PrintProblem) throw error;
      throw new PrintProblem('unreachable', `cannot open ${options.path}: ${(error as Error).message}`);
    }
    try {
      await within(handle.write(bytes), options.writeTimeoutMs, late);
    } catch (error) {
      // A stuck write (a USB printer out of paper) holds the close too: let it finish on its own, never wait for it.
      void handle.close().catch(() => undefined);
      if (error instanceof PrintProblem) throw error;
      throw new PrintProblem('offline', `cannot write to ${options.path}: ${(error as Error).message}`);
    }
    await handle.close();
  }

  return {
    description: `printer at ${options.path}`,
    hasStatus: false,
    speaksEscPos: true,
    status: () => Promise.resolve({ condition: 'unknown', paperLow: false }),
    print: (payload) => send(payload.escpos()),
    sendRaw: send,
  };
}
