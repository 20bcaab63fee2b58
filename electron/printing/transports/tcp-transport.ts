import net from 'node:net';
import { decodeStatus, STATUS_QUERIES, STATUS_REPLY_LENGTH, type PrinterStatus } from '../printer-status.ts';
import { PrintProblem, type PrinterTransport } from './transport.ts';

/**
 * A network printer's raw port (9100). One connection per job: ask the
 * printer's status with DLE EOT, send the job only if it is ready, then wait
 * for its answer to the `GS r 1` that ends every receipt. That answer comes
 * after the printer has worked through the job, so "printed" means the
 * printer got to the end, not merely that the bytes left the till.
 */

export interface TcpPrinterOptions {
  readonly host: string;
  readonly port: number;
  readonly connectTimeoutMs: number;
  readonly writeTimeoutMs: number;
}

/** Whether a job ends in `GS r 1` (receiptline puts it after the cut, with n as the character '1'). */
function endsWithPaperStatusRequest(bytes: Buffer): boolean {
  const [gs, r, n] = bytes.subarray(-3);
  return gs === 0x1d && r === 0x72 && (n === 0x01 || n === 0x31);
}

/** Answers to DLE EOT have bit 4 set; the answer to `GS r 1` has it clear. */
const isRealTimeReply = (value: number) => (value & 0x10) !== 0;

/** Bytes as they arrive on one connection, read by "wait for n more, or give up". */
function replyReader(socket: net.Socket) {
  let received = Buffer.alloc(0);
  let wake: (() => void) | undefined;
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    wake?.();
  });
  socket.on('close', () => {
    closed = true;
    wake?.();
  });
  return {
    /** Resolves with `count` bytes, or fewer when the time is up or the printer hung up. */
    async take(count: number, ms: number): Promise<Buffer> {
      const deadline = Date.now() + ms;
      while (received.length < count && !closed && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, deadline - Date.now());
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
      const taken = received.subarray(0, count);
      received = received.subarray(taken.length);
      return taken;
    },
  };
}

function connect(options: TcpPrinterOptions): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: options.host, port: options.port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new PrintProblem('unreachable', `no connection within ${String(options.connectTimeoutMs)} ms`));
    }, options.connectTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new PrintProblem('unreachable', error.message));
    });
  });
}

function write(socket: net.Socket, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.write(bytes, (error) => {
      if (error === undefined || error === null) resolve();
      else reject(new PrintProblem('unreachable', error.message));
    });
  });
}

/** Half-closes (the printer sees the end of the job) and waits for the printer to close its side. */
function finish(socket: net.Socket, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      socket.destroy();
    }, ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.end();
  });
}

export function createTcpTransport(options: TcpPrinterOptions): PrinterTransport {
  const description = `network printer ${options.host}:${String(options.port)}`;

  /** Opens a connection, asks the status, and runs `work` only when the printer is ready. */
  async function session(work?: (socket: net.Socket, reader: ReturnType<typeof replyReader>) => Promise<void>) {
    const socket = await connect(options);
    socket.on('error', () => {
      // Reported through the reader (close) or the write callback; never an unhandled event.
    });
    const reader = replyReader(socket);
    try {
      const status = await askStatus(socket, reader);
      if (work !== undefined) {
        if (status.condition !== 'ready') {
          throw new PrintProblem(status.condition, `printer not ready (${status.condition})`, status.paperLow);
        }
        await work(socket, reader);
      }
      return status;
    } finally {
      await finish(socket, options.connectTimeoutMs);
    }
  }

  async function askStatus(socket: net.Socket, reader: ReturnType<typeof replyReader>): Promise<PrinterStatus> {
    await write(socket, STATUS_QUERIES);
    const reply = await reader.take(STATUS_REPLY_LENGTH, options.connectTimeoutMs);
    return decodeStatus(reply);
  }

  return {
    description,
    hasStatus: true,
    speaksEscPos: true,

    async status() {
      try {
        return await session();
      } catch (error) {
        if (error instanceof PrintProblem) return { condition: error.condition, paperLow: error.paperLow };
        throw error;
      }
    },

    async print(payload) {
      const bytes = payload.escpos();
      const waitsForReply = endsWithPaperStatusRequest(bytes);
      await session(async (socket, reader) => {
        await write(socket, bytes);
        if (!waitsForReply) return;
        const [reply] = await reader.take(1, options.writeTimeoutMs);
        if (reply !== undefined && !isRealTimeReply(reply)) return;
        // No answer: the printer stopped mid-job. Ask why, in real time, so the cashier knows what to fix.
        const status = await askStatus(socket, reader).catch(() => undefined);
        const condition = status?.condition === 'ready' || status === undefined ? 'unreachable' : status.condition;
        throw new PrintProblem(condition, `printer did not finish the job (${condition})`, status?.paperLow ?? false);
      });
    },

    async sendRaw(bytes) {
      await session(async (socket) => {
        await write(socket, bytes);
      });
    },
  };
}

/** `tcp://host[:port]` → host and port; 9100 when the port is not given. */
export function parseTcpUrl(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port: parsed.port === '' ? 9100 : Number(parsed.port) };
}
