import type { PrinterCondition, PrinterStatus } from '../printer-status.ts';

/**
 * One way to a printer. Every transport answers the same three questions, so
 * the print queue never knows whether a receipt goes over the network, into
 * a device file, to a spooler or to a system printer.
 */

/** A job, rendered on demand: ESC/POS transports want bytes, the system printer wants the picture. */
export interface PrintPayload {
  escpos(): Buffer;
  svg(): string;
}

export interface PrinterTransport {
  /** For logs and the status bar: "network printer 192.168.1.20:9100". Never a secret. */
  readonly description: string;
  /** Whether the printer can tell the till it is out of paper or has its cover open. */
  readonly hasStatus: boolean;
  /** Whether raw ESC/POS bytes (a drawer kick) can go this way. */
  readonly speaksEscPos: boolean;
  status(): Promise<PrinterStatus>;
  /** Resolves once the printer (or the spooler) has taken the job; rejects with a PrintProblem otherwise. */
  print(payload: PrintPayload): Promise<void>;
  /** Sends bytes that are not a receipt (a drawer kick), only when the printer is ready. */
  sendRaw(bytes: Buffer): Promise<void>;
}

/** Why a job did not print, as a condition the status bar can show. */
export class PrintProblem extends Error {
  readonly condition: PrinterCondition;
  readonly paperLow: boolean;

  constructor(condition: PrinterCondition, message: string, paperLow = false) {
    super(message);
    this.name = 'PrintProblem';
    this.condition = condition;
    this.paperLow = paperLow;
  }
}

/** Races a promise against a timer; the timer never outlives the race. */
export async function within<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(onTimeout());
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
