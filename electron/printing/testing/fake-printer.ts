import { createServer, type Server, type Socket } from 'node:net';
import { decodeEscPos, nextEscPosCommand, type EscPosPrintout } from './escpos-decoder.ts';

/**
 * A fake ESC/POS network printer on loopback, like an Epson TM on its raw
 * port 9100: it records every byte it is sent and answers status queries the
 * way a TM does, so printing code can be tested over real TCP.
 *
 * Status follows Epson's rules for the two kinds of query:
 * - `DLE EOT n` is a real-time command: answered the moment it arrives, even
 *   while the printer is offline or holding an unprinted job;
 * - `GS r n` is executed in sequence, after what came before it is printed:
 *   while the printer is not ready (offline, cover open, paper out) it is held
 *   and answered once the printer is ready again, as a real printer prints its
 *   buffer on recovery. A job ending in `GS r 1` (as receiptline's do) is thus
 *   confirmed only when it has really been printed.
 */

export interface FakePrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperEnd: boolean;
  paperNearEnd: boolean;
  drawerOpen: boolean;
}

export interface FakePrinter {
  /** `tcp://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Raw bytes received, one Buffer per TCP connection, in arrival order (an open connection shows what arrived so far). */
  connections(): Buffer[];
  /** All bytes from all connections concatenated. */
  received(): Buffer;
  /** decodeEscPos over each connection's bytes; `printsOnly` skips connections that carried only status queries. */
  printouts(options?: { printsOnly?: boolean; encoding?: string }): EscPosPrintout[];
  setStatus(patch: Partial<FakePrinterStatus>): void;
  /** Switches the printer off: open connections are reset and new ones refused. */
  powerOff(): Promise<void>;
  /** Switches it on again, listening on the same port. */
  powerOn(): Promise<void>;
  /**
   * A hung printer: while silent it answers nothing. `DLE EOT` queries that
   * arrive meanwhile are lost; `GS r` waits in sequence, as when not ready.
   */
  setSilent(silent: boolean): void;
  /** Resolves once `count` connections in all have closed (by the client, or reset by powerOff). */
  waitForConnections(count: number): Promise<void>;
  close(): Promise<void>;
}

// Epson TM status bytes. Real-time (DLE EOT) answers have bits 1 and 4 set and bits 0 and 7 clear.
const REAL_TIME_BASE = 0x12;
const DRAWER_PIN_3_HIGH = 0x04; // DLE EOT 1 bit 2
const OFFLINE = 0x08; // DLE EOT 1 bit 3
const COVER_OPEN = 0x04; // DLE EOT 2 bit 2
const STOPPED_BY_PAPER_END = 0x20; // DLE EOT 2 bit 5
const ROLL_NEAR_END = 0x0c; // DLE EOT 4 bits 2–3
const ROLL_END = 0x60; // DLE EOT 4 bits 5–6
// GS r answers have bit 4 clear, which tells them apart from real-time answers.
const GS_R_NEAR_END = 0x03; // GS r 1 bits 0–1
const GS_R_PAPER_END = 0x0c; // GS r 1 bits 2–3 (never sent in practice: GS r waits while paper is out)
const GS_R_DRAWER_PIN_3_HIGH = 0x01; // GS r 2 bit 0

interface Connection {
  readonly socket: Socket;
  readonly chunks: Buffer[];
  /** The start of a command whose remaining bytes have not arrived yet. */
  tail: Buffer;
  /** `n` of each GS r read but not yet executed, in order. */
  readonly heldGsR: number[];
}

export async function startFakePrinter(initial: Partial<FakePrinterStatus> = {}): Promise<FakePrinter> {
  const status: FakePrinterStatus = {
    online: true,
    coverOpen: false,
    paperEnd: false,
    paperNearEnd: false,
    drawerOpen: false,
    ...initial,
  };
  let silent = false;
  let closed = false;
  const connections: Connection[] = [];
  let closedCount = 0;
  const closeWaiters: { count: number; resolve: () => void }[] = [];

  const ready = (): boolean => status.online && !status.coverOpen && !status.paperEnd;

  function realTimeStatus(n: number): number | undefined {
    const offline = !ready();
    switch (n) {
      case 1: // printer status
        return REAL_TIME_BASE | (status.drawerOpen ? DRAWER_PIN_3_HIGH : 0) | (offline ? OFFLINE : 0);
      case 2: // offline cause
        return REAL_TIME_BASE | (status.coverOpen ? COVER_OPEN : 0) | (status.paperEnd ? STOPPED_BY_PAPER_END : 0);
      case 3: // error cause: none
        return REAL_TIME_BASE;
      case 4: // roll paper sensor
        return REAL_TIME_BASE | (status.paperNearEnd ? ROLL_NEAR_END : 0) | (status.paperEnd ? ROLL_END : 0);
      default: // DLE EOT 7/8 (ink, maintenance counters): a TM receipt printer has nothing to say
        return undefined;
    }
  }

  function sequentialStatus(n: number): number | undefined {
    switch (n) {
      case 1: // paper sensor
      case 49:
        return (status.paperNearEnd ? GS_R_NEAR_END : 0) | (status.paperEnd ? GS_R_PAPER_END : 0);
      case 2: // drawer kick-out connector
      case 50:
        return status.drawerOpen ? GS_R_DRAWER_PIN_3_HIGH : 0;
      default:
        return undefined;
    }
  }

  function answer(connection: Connection, byte: number | undefined): void {
    if (byte !== undefined && connection.socket.writable) connection.socket.write(Buffer.of(byte));
  }

  /** Executes held GS r in order for as long as the printer is ready to. */
  function executeHeld(connection: Connection): void {
    while (ready() && !silent) {
      const n = connection.heldGsR.shift();
      if (n === undefined) return;
      answer(connection, sequentialStatus(n));
    }
  }

  function receive(connection: Connection, chunk: Buffer): void {
    connection.chunks.push(chunk);
    // A command may be split across chunks: walk on from the unfinished one.
    const bytes = connection.tail.length === 0 ? chunk : Buffer.concat([connection.tail, chunk]);
    let at = 0;
    while (at < bytes.length) {
      let command;
      try {
        command = nextEscPosCommand(bytes, at);
      } catch {
        at++; // garbage: a real printer would print junk; printouts() reports it as an error
        continue;
      }
      if (command === undefined) break;
      const n = bytes[at + 2] ?? 0;
      if (command.name === 'DLE EOT' && !silent) answer(connection, realTimeStatus(n));
      if (command.name === 'GS r') {
        connection.heldGsR.push(n);
        executeHeld(connection);
      }
      at += command.size;
    }
    connection.tail = bytes.subarray(at);
  }

  function accept(socket: Socket): void {
    const connection: Connection = { socket, chunks: [], tail: Buffer.alloc(0), heldGsR: [] };
    connections.push(connection);
    socket.on('data', (chunk: Buffer) => receive(connection, chunk));
    // A client may reset the connection; 'close' follows, and that is all a printer notices.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closedCount++;
      for (const waiter of closeWaiters.filter((w) => w.count <= closedCount)) {
        closeWaiters.splice(closeWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  }

  function listen(port: number): Promise<Server> {
    return new Promise((resolve, reject) => {
      const server = createServer(accept);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  let server: Server | undefined = await listen(0);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake printer: no TCP address');
  const port = address.port;

  async function powerOff(): Promise<void> {
    const stopping = server;
    if (stopping === undefined) return;
    server = undefined;
    // Switched off mid-job: the connection dies without a goodbye.
    for (const { socket } of connections) if (!socket.destroyed) socket.resetAndDestroy();
    await new Promise<void>((resolve) => stopping.close(() => resolve()));
  }

  return {
    url: `tcp://127.0.0.1:${port}`,
    port,
    connections: () => connections.map(({ chunks }) => Buffer.concat(chunks)),
    received: () => Buffer.concat(connections.flatMap(({ chunks }) => chunks)),
    printouts: ({ printsOnly = false, encoding } = {}) => {
      const printouts = connections.map(({ chunks }) =>
        decodeEscPos(Buffer.concat(chunks), encoding === undefined ? {} : { encoding }),
      );
      const isPrint = (printout: EscPosPrintout): boolean =>
        printout.events.some(({ kind }) => kind !== 'status' && kind !== 'init');
      return printsOnly ? printouts.filter(isPrint) : printouts;
    },
    setStatus: (patch) => {
      Object.assign(status, patch);
      for (const connection of connections) executeHeld(connection);
    },
    powerOff,
    powerOn: async () => {
      if (closed) throw new Error('fake printer: powerOn after close');
      server ??= await listen(port);
    },
    setSilent: (value) => {
      silent = value;
      for (const connection of connections) executeHeld(connection);
    },
    waitForConnections: (count) =>
      closedCount >= count ? Promise.resolve() : new Promise((resolve) => closeWaiters.push({ count, resolve })),
    close: () => {
      closed = true;
      return powerOff();
    },
  };
}
