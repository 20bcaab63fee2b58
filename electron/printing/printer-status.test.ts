import { connect } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  decodeStatus,
  PAPER_LOW_WORDS,
  PRINTER_WORDS,
  STATUS_QUERIES,
  STATUS_REPLY_LENGTH,
  type PrinterCondition,
  type PrinterStatus,
} from './printer-status.ts';
import { decodeEscPos } from './testing/escpos-decoder.ts';
import { startFakePrinter, type FakePrinterStatus } from './testing/fake-printer.ts';

/**
 * Epson TM answers to DLE EOT 1 (printer), 2 (offline cause) and 4 (roll
 * paper sensor). Every answer has bits 1 and 4 set (0x12) and bits 0 and 7 clear.
 *   DLE EOT 1: bit 2 drawer pin 3 high, bit 3 offline
 *   DLE EOT 2: bit 2 cover open, bit 3 paper fed by the button, bit 5 stopped by paper end, bit 6 error
 *   DLE EOT 4: bits 2–3 roll near end, bits 5–6 roll end
 */
const STATUS_TABLE: [string, number[], PrinterStatus][] = [
  ['ready', [0x12, 0x12, 0x12], { condition: 'ready', paperLow: false }],
  ['ready, drawer open', [0x16, 0x12, 0x12], { condition: 'ready', paperLow: false }],
  ['ready, paper near its end', [0x12, 0x12, 0x1e], { condition: 'ready', paperLow: true }],
  ['ready, near end on one sensor bit only', [0x12, 0x12, 0x16], { condition: 'ready', paperLow: true }],
  ['cover open', [0x1a, 0x16, 0x12], { condition: 'cover_open', paperLow: false }],
  ['paper end', [0x1a, 0x32, 0x72], { condition: 'paper_out', paperLow: false }],
  ['paper end seen by the roll sensor only', [0x12, 0x12, 0x72], { condition: 'paper_out', paperLow: false }],
  ['paper end and near end', [0x1a, 0x32, 0x7e], { condition: 'paper_out', paperLow: true }],
  ['cover open with the paper out: the cover first', [0x1a, 0x36, 0x72], { condition: 'cover_open', paperLow: false }],
  ['offline, feed button held', [0x1a, 0x1a, 0x12], { condition: 'offline', paperLow: false }],
  ['offline by an error', [0x1a, 0x52, 0x12], { condition: 'offline', paperLow: false }],
  ['an error while not reported offline', [0x12, 0x52, 0x12], { condition: 'offline', paperLow: false }],
  ['offline, paper low', [0x1a, 0x12, 0x1e], { condition: 'offline', paperLow: true }],
];

describe('decodeStatus', () => {
  it.each(STATUS_TABLE)('%s: %j', (_name, reply, status) => {
    expect(decodeStatus(Uint8Array.from(reply))).toEqual(status);
  });

  it.each([
    ['zeros', [0x00, 0x00, 0x00]],
    ['all bits', [0xff, 0xff, 0xff]],
    ['bit 0 set in the printer byte', [0x13, 0x12, 0x12]],
    ['bit 7 set in the paper byte', [0x12, 0x12, 0x92]],
    ['bit 4 clear (a GS r answer, not DLE EOT)', [0x02, 0x12, 0x12]],
    ['ASCII text', [...Buffer.from('OK\n')]],
  ])('garbage (%s) is unknown, not ready', (_name, reply) => {
    expect(decodeStatus(Uint8Array.from(reply))).toEqual({ condition: 'unknown', paperLow: false });
  });

  it.each([[[]], [[0x12]], [[0x12, 0x12]]])('a short reply %j is unreachable', (reply) => {
    expect(decodeStatus(Uint8Array.from(reply))).toEqual({ condition: 'unreachable', paperLow: false });
  });

  it('reads the first three bytes of a longer reply', () => {
    expect(decodeStatus(Uint8Array.from([0x1a, 0x16, 0x12, 0x00]))).toEqual({
      condition: 'cover_open',
      paperLow: false,
    });
  });
});

describe('STATUS_QUERIES', () => {
  it('asks DLE EOT 1, 2 and 4 in that order, three one-byte answers', () => {
    expect(decodeEscPos(STATUS_QUERIES).statusRequests).toEqual([
      { command: 'DLE EOT', n: 1 },
      { command: 'DLE EOT', n: 2 },
      { command: 'DLE EOT', n: 4 },
    ]);
    expect(STATUS_REPLY_LENGTH).toBe(3);
  });
});

/** Asks a fake printer in `state` the till's questions over TCP and returns its answer. */
async function askFakePrinter(state: Partial<FakePrinterStatus>): Promise<Buffer> {
  const printer = await startFakePrinter(state);
  onTestFinished(() => printer.close());
  return new Promise((resolve, reject) => {
    const socket = connect(printer.port, '127.0.0.1');
    onTestFinished(() => void socket.destroy());
    let reply = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      reply = Buffer.concat([reply, chunk]);
      if (reply.length >= STATUS_REPLY_LENGTH) {
        socket.end();
        resolve(reply);
      }
    });
    socket.write(STATUS_QUERIES);
  });
}

describe('what a printer answers, read', () => {
  it.each<[Partial<FakePrinterStatus>, PrinterStatus]>([
    [{}, { condition: 'ready', paperLow: false }],
    [{ drawerOpen: true }, { condition: 'ready', paperLow: false }],
    [{ paperNearEnd: true }, { condition: 'ready', paperLow: true }],
    [{ coverOpen: true }, { condition: 'cover_open', paperLow: false }],
    [{ paperEnd: true }, { condition: 'paper_out', paperLow: false }],
    [
      { paperEnd: true, paperNearEnd: true },
      { condition: 'paper_out', paperLow: true },
    ],
    [
      { coverOpen: true, paperEnd: true },
      { condition: 'cover_open', paperLow: false },
    ],
    [{ online: false }, { condition: 'offline', paperLow: false }],
  ])('%j → %j', async (state, status) => {
    const reply = await askFakePrinter(state);

    expect(reply).toHaveLength(3);
    expect(decodeStatus(reply)).toEqual(status);
  });
});

describe('the words for the cashier', () => {
  it('say what to do for every condition', () => {
    const conditions: PrinterCondition[] = ['ready', 'cover_open', 'paper_out', 'offline', 'unreachable', 'unknown'];

    expect(Object.keys(PRINTER_WORDS).sort()).toEqual([...conditions].sort());
    expect(PRINTER_WORDS.cover_open).toMatch(/close it/);
    expect(PRINTER_WORDS.paper_out).toMatch(/load a new roll/);
    expect(PRINTER_WORDS.unreachable).toMatch(/switched on/);
    expect(PAPER_LOW_WORDS).toMatch(/new roll/);
  });
});
