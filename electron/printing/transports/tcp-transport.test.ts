import { Socket } from 'node:net';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { STATUS_QUERIES, type PrinterStatus } from '../printer-status.ts';
import { drawerKickBytes, paperFormat, renderEscPos } from '../render-receipt.ts';
import { startFakePrinter, type FakePrinter, type FakePrinterStatus } from '../testing/fake-printer.ts';
import { createTcpTransport, parseTcpUrl } from './tcp-transport.ts';
import { PrintProblem, type PrinterTransport, type PrintPayload } from './transport.ts';

/** A receipt as the till prints it: receiptline's ESC/POS, ending in a cut and GS r 1. */
const RECEIPT = renderEscPos(
  ['^^Kassa Koffie', '---', 'Coffee beans | 25.98', '^"TOTAL EUR" | ^"25.98"', 'Receipt TILL\\-1\\-000042'].join('\n'),
  paperFormat(undefined),
);

/** A job ending in `GS r 1` written with n = 1 (0x01) rather than ASCII '1'. */
const JOB_WITH_BINARY_GS_R = Buffer.concat([
  Buffer.from([0x1b, 0x40]),
  Buffer.from('Kassa Koffie\n', 'latin1'),
  Buffer.from([0x1d, 0x56, 0x42, 0x00, 0x1d, 0x72, 0x01]),
]);

async function startPrinter(initial?: Partial<FakePrinterStatus>): Promise<FakePrinter> {
  const printer = await startFakePrinter(initial);
  onTestFinished(() => printer.close());
  return printer;
}

function transportTo(printer: FakePrinter, timeouts: { connectTimeoutMs?: number; writeTimeoutMs?: number } = {}) {
  return createTcpTransport({
    host: '127.0.0.1',
    port: printer.port,
    connectTimeoutMs: timeouts.connectTimeoutMs ?? 2_000,
    writeTimeoutMs: timeouts.writeTimeoutMs ?? 5_000,
  });
}

function payload(bytes: Buffer): PrintPayload {
  return {
    escpos: () => bytes,
    svg: () => {
      throw new Error('a network printer is sent ESC/POS, never the picture');
    },
  };
}

/**
 * Runs `action` the moment the till hands `job` to its socket (something
 * happens to the printer mid-job), and notes in `events` when the till then
 * hangs up that connection.
 */
function whenTheJobIsSent(job: Buffer, action: () => void): { events: string[] } {
  const events: string[] = [];
  const tills = new Set<Socket>();
  // The originals, called on the socket they were called on: the sockets stay real.
  /* eslint-disable @typescript-eslint/unbound-method */
  const write = Socket.prototype.write as (this: Socket, ...args: unknown[]) => boolean;
  const end = Socket.prototype.end as (this: Socket, ...args: unknown[]) => Socket;
  /* eslint-enable @typescript-eslint/unbound-method */
  vi.spyOn(Socket.prototype, 'write').mockImplementation(function (this: Socket, ...args: unknown[]) {
    if (Buffer.isBuffer(args[0]) && args[0].equals(job)) {
      tills.add(this);
      action();
    }
    return write.apply(this, args);
  });
  vi.spyOn(Socket.prototype, 'end').mockImplementation(function (this: Socket, ...args: unknown[]) {
    if (tills.has(this)) events.push('till hung up');
    return end.apply(this, args);
  });
  return { events };
}

/** The PrintProblem a promise rejects with. */
async function problemOf(promise: Promise<unknown>): Promise<PrintProblem> {
  const error: unknown = await promise.then(
    () => new Error('expected the job to be refused, but it printed'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PrintProblem);
  return error as PrintProblem;
}

describe('printing to a network printer', () => {
  it('asks the status first, then sends the job, and is done once the printer has printed it', async () => {
    const printer = await startPrinter();
    const transport = transportTo(printer);

    await transport.print(payload(RECEIPT));

    expect(printer.connections()).toHaveLength(1);
    expect(printer.connections()[0]).toEqual(Buffer.concat([STATUS_QUERIES, RECEIPT]));
    const [printout] = printer.printouts({ printsOnly: true, encoding: 'cp858' });
    expect(printout?.lines.map((line) => line.trim())).toContain('Receipt TILL-1-000042');
    expect(printout?.cuts).toBe(1);
  });

  it('opens a connection per job', async () => {
    const printer = await startPrinter();
    const transport = transportTo(printer);

    await transport.print(payload(RECEIPT));
    await transport.print(payload(RECEIPT));

    expect(printer.connections()).toEqual([
      Buffer.concat([STATUS_QUERIES, RECEIPT]),
      Buffer.concat([STATUS_QUERIES, RECEIPT]),
    ]);
  });

  it('says what it is', async () => {
    const printer = await startPrinter();
    const transport = transportTo(printer);

    expect(transport.description).toBe(`network printer 127.0.0.1:${String(printer.port)}`);
    expect(transport.hasStatus).toBe(true);
    expect(transport.speaksEscPos).toBe(true);
  });

  // receiptline ends its jobs with GS r '1' (0x31), not 0x01: both must be waited for.
  it('resolves only after the printer has answered the GS r 1 at the end of the receipt', async () => {
    const printer = await startPrinter();
    const transport = transportTo(printer, { writeTimeoutMs: 10_000 });
    // The cover is opened while the receipt is on its way: the printer holds it, and its GS r, until it is closed.
    const { events } = whenTheJobIsSent(RECEIPT, () => printer.setStatus({ coverOpen: true }));

    const printing = transport.print(payload(RECEIPT)).then(() => events.push('printed'));
    await vi.waitFor(() => expect(printer.received().subarray(-3)).toEqual(RECEIPT.subarray(-3)), {
      interval: 5,
      timeout: 5_000,
    });
    events.push('cover closed');
    printer.setStatus({ coverOpen: false });
    await printing;

    expect(events).toEqual(['cover closed', 'till hung up', 'printed']);
  });

  it('resolves only after the printer has answered a GS r 1 written as 0x01', async () => {
    const printer = await startPrinter();
    const transport = transportTo(printer, { writeTimeoutMs: 10_000 });
    const { events } = whenTheJobIsSent(JOB_WITH_BINARY_GS_R, () => printer.setStatus({ coverOpen: true }));

    const printing = transport.print(payload(JOB_WITH_BINARY_GS_R)).then(() => events.push('printed'));
    await vi.waitFor(() => expect(printer.received().subarray(-3)).toEqual(Buffer.from([0x1d, 0x72, 0x01])), {
      interval: 5,
      timeout: 5_000,
    });
    events.push('cover closed');
    printer.setStatus({ coverOpen: false });
    await printing;

    expect(events).toEqual(['cover closed', 'till hung up', 'printed']);
  });

  it('prints on a roll that is nearly used up, and says so in its status', async () => {
    const printer = await startPrinter({ paperNearEnd: true });
    const transport = transportTo(printer);

    await transport.print(payload(RECEIPT));

    expect(printer.printouts({ printsOnly: true })).toHaveLength(1);
    expect(await transport.status()).toEqual({ condition: 'ready', paperLow: true });
  });

  it.each<[string, Partial<FakePrinterStatus>, PrinterStatus['condition']]>([
    ['the cover is open', { coverOpen: true }, 'cover_open'],
    ['the paper is out', { paperEnd: true }, 'paper_out'],
    ['the printer is offline', { online: false }, 'offline'],
  ])('sends no job when %s: the job is refused with that condition', async (_name, state, condition) => {
    const printer = await startPrinter(state);
    const transport = transportTo(printer);

    const problem = await problemOf(transport.print(payload(RECEIPT)));

    expect(problem.condition).toBe(condition);
    expect(problem.message).toContain(condition);
    expect(printer.received()).toEqual(STATUS_QUERIES);
    expect(printer.printouts({ printsOnly: true })).toEqual([]);
  });

  it('tells a low roll along with the reason it did not print', async () => {
    const printer = await startPrinter({ coverOpen: true, paperNearEnd: true });

    const problem = await problemOf(transportTo(printer).print(payload(RECEIPT)));

    expect(problem).toMatchObject({ condition: 'cover_open', paperLow: true });
  });

  it('cannot reach a printer that is switched off', async () => {
    const printer = await startPrinter();
    await printer.powerOff();
    const transport = transportTo(printer);

    const problem = await problemOf(transport.print(payload(RECEIPT)));

    expect(problem.condition).toBe('unreachable');
    expect(printer.connections()).toEqual([]);
  });

  it('prints again once the printer is switched back on', async () => {
    const printer = await startPrinter();
    const transport = transportTo(printer);
    await printer.powerOff();
    await problemOf(transport.print(payload(RECEIPT)));

    await printer.powerOn();
    await transport.print(payload(RECEIPT));

    expect(printer.printouts({ printsOnly: true })).toHaveLength(1);
  });

  // With GS r '1' too, a printer that stops mid-job must not count as printed.
  it('refuses a receipt the printer stopped on because the paper ran out, within the write timeout', async () => {
    const printer = await startPrinter();
    const transport = transportTo(printer, { writeTimeoutMs: 300 });
    whenTheJobIsSent(RECEIPT, () => printer.setStatus({ paperEnd: true }));

    const problem = await problemOf(transport.print(payload(RECEIPT)));

    expect(problem.condition).toBe('paper_out');
    expect(problem.message).toMatch(/did not finish/);
    // The job went out, and then the till asked why no answer came.
    expect(printer.connections()[0]).toEqual(Buffer.concat([STATUS_QUERIES, RECEIPT, STATUS_QUERIES]));
  });

  it('refuses a job ending in GS r 0x01 the printer stopped on, and asks why', async () => {
    const printer = await startPrinter();
    const transport = transportTo(printer, { writeTimeoutMs: 300 });
    whenTheJobIsSent(JOB_WITH_BINARY_GS_R, () => printer.setStatus({ paperEnd: true, paperNearEnd: true }));

    const problem = await problemOf(transport.print(payload(JOB_WITH_BINARY_GS_R)));

    expect(problem).toMatchObject({ condition: 'paper_out', paperLow: true });
    expect(printer.connections()[0]).toEqual(Buffer.concat([STATUS_QUERIES, JOB_WITH_BINARY_GS_R, STATUS_QUERIES]));
  });

  it('calls a printer that hangs mid-job unreachable', async () => {
    const printer = await startPrinter();
    const transport = transportTo(printer, { connectTimeoutMs: 300, writeTimeoutMs: 300 });
    whenTheJobIsSent(JOB_WITH_BINARY_GS_R, () => printer.setSilent(true));

    const problem = await problemOf(transport.print(payload(JOB_WITH_BINARY_GS_R)));

    expect(problem.condition).toBe('unreachable');
  });

  it('calls a printer switched off mid-job unreachable', async () => {
    const printer = await startPrinter();
    const transport = transportTo(printer);
    whenTheJobIsSent(JOB_WITH_BINARY_GS_R, () => void printer.powerOff());

    const problem = await problemOf(transport.print(payload(JOB_WITH_BINARY_GS_R)));

    expect(problem.condition).toBe('unreachable');
  });

  it('sends a job without a GS r and is done when the bytes are out', async () => {
    const printer = await startPrinter();
    const job = Buffer.concat([Buffer.from([0x1b, 0x40]), Buffer.from('Test page\n'), Buffer.from([0x1d, 0x56, 0x00])]);

    await transportTo(printer).print(payload(job));

    expect(printer.connections()).toEqual([Buffer.concat([STATUS_QUERIES, job])]);
  });
});

describe("a network printer's status", () => {
  it.each<[Partial<FakePrinterStatus>, PrinterStatus]>([
    [{}, { condition: 'ready', paperLow: false }],
    [{ drawerOpen: true }, { condition: 'ready', paperLow: false }],
    [{ paperNearEnd: true }, { condition: 'ready', paperLow: true }],
    [{ coverOpen: true }, { condition: 'cover_open', paperLow: false }],
    [
      { paperEnd: true, paperNearEnd: true },
      { condition: 'paper_out', paperLow: true },
    ],
    [{ online: false }, { condition: 'offline', paperLow: false }],
  ])('%j → %j, asking and sending nothing else', async (state, status) => {
    const printer = await startPrinter(state);

    expect(await transportTo(printer).status()).toEqual(status);
    expect(printer.connections()).toEqual([STATUS_QUERIES]);
  });

  it('is unreachable when the printer is switched off', async () => {
    const printer = await startPrinter();
    await printer.powerOff();

    expect(await transportTo(printer).status()).toEqual({ condition: 'unreachable', paperLow: false });
  });

  it('is unreachable when the printer takes the connection but does not answer in time', async () => {
    const printer = await startPrinter();
    printer.setSilent(true);

    expect(await transportTo(printer, { connectTimeoutMs: 300 }).status()).toEqual({
      condition: 'unreachable',
      paperLow: false,
    });
    expect(printer.connections()).toEqual([STATUS_QUERIES]);
  });

  it('follows the printer as the cashier fixes it', async () => {
    const printer = await startPrinter({ coverOpen: true });
    const transport: PrinterTransport = transportTo(printer);

    expect((await transport.status()).condition).toBe('cover_open');
    printer.setStatus({ coverOpen: false });
    expect((await transport.status()).condition).toBe('ready');
  });
});

describe('kicking the cash drawer', () => {
  it('sends the kick after asking the status, and the printer gets it', async () => {
    const printer = await startPrinter();

    await transportTo(printer).sendRaw(drawerKickBytes({ pin: 2, pulseMs: 100 }));

    expect(printer.connections()).toEqual([Buffer.concat([STATUS_QUERIES, Buffer.from([0x1b, 0x70, 0, 50, 200])])]);
    expect(printer.printouts().flatMap((printout) => printout.drawerKicks)).toEqual([
      { pin: 2, onMs: 100, offMs: 400 },
    ]);
  });

  it('does not kick when the printer is not ready, and says why', async () => {
    const printer = await startPrinter({ paperEnd: true });

    const problem = await problemOf(transportTo(printer).sendRaw(drawerKickBytes({ pin: 5, pulseMs: 100 })));

    expect(problem.condition).toBe('paper_out');
    expect(printer.received()).toEqual(STATUS_QUERIES);
  });

  it('cannot kick through a printer that is switched off', async () => {
    const printer = await startPrinter();
    await printer.powerOff();

    const problem = await problemOf(transportTo(printer).sendRaw(drawerKickBytes({ pin: 2, pulseMs: 100 })));

    expect(problem.condition).toBe('unreachable');
  });
});

describe('parseTcpUrl', () => {
  it.each([
    ['tcp://192.168.1.20', { host: '192.168.1.20', port: 9100 }],
    ['tcp://192.168.1.20:9101', { host: '192.168.1.20', port: 9101 }],
    ['tcp://192.168.1.20:9100/', { host: '192.168.1.20', port: 9100 }],
    ['tcp://receipt-printer.local', { host: 'receipt-printer.local', port: 9100 }],
    ['tcp://[fe80::1]:9100', { host: 'fe80::1', port: 9100 }],
    ['tcp://[::1]', { host: '::1', port: 9100 }],
    ['tcp://[2001:db8::20]:9200', { host: '2001:db8::20', port: 9200 }],
  ])('%s → %j', (url, address) => {
    expect(parseTcpUrl(url)).toEqual(address);
  });
});
