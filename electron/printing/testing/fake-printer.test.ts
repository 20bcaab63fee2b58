import { connect, type Socket } from 'node:net';
import receiptline from 'receiptline';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startFakePrinter, type FakePrinter, type FakePrinterStatus } from './fake-printer.ts';

const DLE_EOT = (n: number): number[] => [0x10, 0x04, n];
const ALL_STATUS = [...DLE_EOT(1), ...DLE_EOT(2), ...DLE_EOT(3), ...DLE_EOT(4)];
const GS_R = (n: number): number[] => [0x1d, 0x72, n];

async function startTestPrinter(initial?: Partial<FakePrinterStatus>): Promise<FakePrinter> {
  const printer = await startFakePrinter(initial);
  onTestFinished(() => printer.close());
  return printer;
}

/** A raw TCP client, as the till's printing code would be. */
interface Client {
  send(bytes: number[] | Buffer): void;
  /** The next `count` bytes the printer sends. */
  read(count: number): Promise<number[]>;
  /** Every byte received so far. */
  received(): number[];
  end(): void;
  readonly closed: Promise<void>;
}

function connectTo(port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    onTestFinished(() => void socket.destroy());
    const incoming: number[] = [];
    let consumed = 0;
    let wake = (): void => undefined;
    socket.on('data', (chunk: Buffer) => {
      incoming.push(...chunk);
      wake();
    });
    const closed = new Promise<void>((resolveClosed) =>
      socket.on('close', () => {
        resolveClosed();
        wake();
      }),
    );
    const client: Client = {
      send: (bytes) => socket.write(Buffer.from(bytes)),
      read: async (count) => {
        while (incoming.length < consumed + count) {
          if (socket.destroyed) throw new Error(`connection closed after ${incoming.length} bytes`);
          await new Promise<void>((resolveWake) => (wake = resolveWake));
        }
        consumed += count;
        return incoming.slice(consumed - count, consumed);
      },
      received: () => [...incoming],
      end: () => socket.end(),
      closed,
    };
    socket.once('error', reject); // e.g. ECONNREFUSED
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => undefined); // a reset shows as 'close', which tests await
      resolve(client);
    });
  });
}

const receipt = (): Buffer =>
  Buffer.from(receiptline.transform('"Kassa"\nTotal | 12.50', { command: 'escpos', encoding: 'cp858' }), 'binary');

describe('the fake printer', () => {
  it('listens on loopback and says where', async () => {
    const printer = await startTestPrinter();

    expect(printer.url).toBe(`tcp://127.0.0.1:${printer.port}`);
    expect(printer.port).toBeGreaterThan(0);
  });

  it.each<[string, Partial<FakePrinterStatus>, number[]]>([
    ['ready', {}, [0x12, 0x12, 0x12, 0x12]],
    ['drawer open', { drawerOpen: true }, [0x16, 0x12, 0x12, 0x12]],
    ['offline', { online: false }, [0x1a, 0x12, 0x12, 0x12]],
    ['cover open', { coverOpen: true }, [0x1a, 0x16, 0x12, 0x12]],
    ['paper near end', { paperNearEnd: true }, [0x12, 0x12, 0x12, 0x1e]],
    ['out of paper', { paperEnd: true, paperNearEnd: true }, [0x1a, 0x32, 0x12, 0x7e]],
  ])('answers DLE EOT 1–4 when %s', async (_, status, expected) => {
    const printer = await startTestPrinter(status);
    const client = await connectTo(printer.port);

    client.send(ALL_STATUS);
    expect(await client.read(4)).toEqual(expected);
  });

  it('follows setStatus', async () => {
    const printer = await startTestPrinter();
    const client = await connectTo(printer.port);

    printer.setStatus({ coverOpen: true });
    client.send(DLE_EOT(2));
    expect(await client.read(1)).toEqual([0x16]);
    printer.setStatus({ coverOpen: false, drawerOpen: true });
    client.send([...DLE_EOT(1), ...DLE_EOT(2)]);
    expect(await client.read(2)).toEqual([0x16, 0x12]);
  });

  it('holds GS r 1 after a job while out of paper, answers DLE EOT meanwhile, and GS r once paper is back', async () => {
    const printer = await startTestPrinter({ paperEnd: true });
    const client = await connectTo(printer.port);

    client.send(receipt()); // ends with GS r 1
    client.send(DLE_EOT(4));
    // The first answer is DLE EOT's though it was sent last: GS r waits behind the unprinted job.
    expect(await client.read(1)).toEqual([0x72]);

    printer.setStatus({ paperEnd: false });
    expect(await client.read(1)).toEqual([0x00]);
    expect(client.received()).toEqual([0x72, 0x00]);
  });

  it('answers GS r with the paper near-end and drawer bits, in either form of n', async () => {
    const printer = await startTestPrinter({ paperNearEnd: true, drawerOpen: true });
    const client = await connectTo(printer.port);

    client.send([...GS_R(0x01), ...GS_R(0x31), ...GS_R(0x02), ...GS_R(0x32)]);
    expect(await client.read(4)).toEqual([0x03, 0x03, 0x01, 0x01]);
  });

  it('handles queries split across TCP writes', async () => {
    const printer = await startTestPrinter({ drawerOpen: true, coverOpen: true, paperNearEnd: true });
    const client = await connectTo(printer.port);

    // Each write is sent only after the answer to the previous one, so the printer sees them apart.
    client.send([...DLE_EOT(1), 0x10]);
    expect(await client.read(1)).toEqual([0x1e]);
    client.send([0x04, 0x02, 0x10, 0x04]);
    expect(await client.read(1)).toEqual([0x16]);
    client.send([0x04, 0x1d]);
    expect(await client.read(1)).toEqual([0x1e]);
    printer.setStatus({ coverOpen: false });
    client.send([0x72, 0x02]);
    expect(await client.read(1)).toEqual([0x01]);
  });

  it('refuses connections while powered off and accepts them on the same port when on again', async () => {
    const printer = await startTestPrinter();
    const open = await connectTo(printer.port);

    await printer.powerOff();
    await open.closed; // switched off mid-connection
    await expect(connectTo(printer.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await printer.powerOn();
    const client = await connectTo(printer.port);
    client.send(DLE_EOT(1));
    expect(await client.read(1)).toEqual([0x12]);
  });

  it('answers nothing while silent, and again once not', async () => {
    const printer = await startTestPrinter();
    printer.setSilent(true);
    const hung = await connectTo(printer.port);

    hung.send([...ALL_STATUS, ...GS_R(1)]);
    hung.end();
    await printer.waitForConnections(1); // the printer has read everything the client sent
    await hung.closed;
    expect(hung.received()).toEqual([]);

    printer.setSilent(false);
    const client = await connectTo(printer.port);
    client.send(DLE_EOT(1));
    expect(await client.read(1)).toEqual([0x12]);
  });

  it('records each connection, and decodes the ones that printed', async () => {
    const printer = await startTestPrinter();
    const query = await connectTo(printer.port);
    query.send(DLE_EOT(1));
    await query.read(1);
    expect(printer.connections()).toEqual([Buffer.from(DLE_EOT(1))]); // while still open
    query.end();

    const job = await connectTo(printer.port);
    job.send(receipt());
    await job.read(1); // the GS r 1 answer: printed
    job.end();
    await printer.waitForConnections(2);

    expect(printer.connections()).toEqual([Buffer.from(DLE_EOT(1)), receipt()]);
    expect(printer.received()).toEqual(Buffer.concat([Buffer.from(DLE_EOT(1)), receipt()]));
    expect(printer.printouts()).toHaveLength(2);
    const printouts = printer.printouts({ printsOnly: true });
    expect(printouts.map(({ lines }) => lines)).toEqual([[`${' '.repeat(21)}Kassa`, `Total${' '.repeat(38)}12.50`]]);
    expect(printouts[0]?.cuts).toBe(1);
  });
});
