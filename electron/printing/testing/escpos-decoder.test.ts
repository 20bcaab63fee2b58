import receiptline from 'receiptline';
import { describe, expect, it } from 'vitest';
import { decodeEscPos, type EscPosPrintout } from './escpos-decoder.ts';

/** receiptline's output is a binary string: one char per byte. */
function render(doc: string, options: Parameters<typeof receiptline.transform>[1]): EscPosPrintout {
  return decodeEscPos(Buffer.from(receiptline.transform(doc, options), 'binary'));
}

const bytes = (...parts: (number | string)[]): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'binary') : Buffer.of(part))));

/** receiptline's ESC/POS command sets that the printer settings offer. */
const COMMAND_SETS = ['escpos', 'epson', 'generic', 'citizen', 'sii', 'fit'] as const;

const RECEIPT = [
  '"Kassa"', // bold, centred (receiptline's default alignment)
  'Total | 12.50', // two columns: left- and right-aligned
  '-', // rule
  'Preis: 3,00 € |',
  '{command:\\x1bp\\x00\\x19\\xfa}', // drawer kick: pin 2, 50 ms on, 500 ms off
].join('\n');

describe('decoding receiptline output', () => {
  it.each(COMMAND_SETS)('reads back text, rule, drawer kick and cut for %s', (command) => {
    const printout = render(RECEIPT, { command, cpl: 48, encoding: 'cp858' });

    expect(printout.lines).toEqual([
      `${' '.repeat(21)}Kassa`,
      `Total${' '.repeat(38)}12.50`,
      '─'.repeat(48),
      'Preis: 3,00 €',
    ]);
    expect(printout.boldLines).toEqual(new Set([0]));
    expect(printout.cuts).toBe(1);
    expect(printout.drawerKicks).toEqual([{ pin: 2, onMs: 50, offMs: 500 }]);
    // Every set but sii ends a job asking for the paper sensor status, to learn when it has printed.
    const finalStatus = command === 'sii' ? [] : [{ command: 'GS r', n: 1 }];
    expect(printout.statusRequests).toEqual(finalStatus);
    expect(printout.events.map(({ kind }) => kind)).toEqual([
      'init',
      ...['line', 'line', 'line', 'line'],
      'drawer',
      'cut',
      ...finalStatus.map(() => 'status'),
    ]);
  });

  it('cuts at each `=` and again at the end unless cutting is off', () => {
    const doc = 'Thanks\n=\nNext';
    const kinds = (printout: EscPosPrintout): string[] => printout.events.map(({ kind }) => kind);

    expect(kinds(render(doc, { command: 'escpos' }))).toEqual(['init', 'line', 'cut', 'line', 'cut', 'status']);
    expect(render(doc, { command: 'escpos', cutting: false }).cuts).toBe(1);
  });

  it('reads barcodes, and QR codes, which receiptline draws as raster images', () => {
    const doc = '{code:4006381333931; option:ean,hri}\n{code:https://kassa.example/r/1; option:qrcode}\nEnd';
    for (const command of ['escpos', 'generic'] as const) {
      const printout = render(doc, { command });
      expect(printout.events.map(({ kind }) => kind)).toEqual(['init', 'barcode', 'image', 'line', 'cut', 'status']);
      expect(printout.lines.map((line) => line.trim())).toEqual(['End']);
    }
  });

  it.each([
    ['cp437', 'Grüße ½ ß'],
    ['cp858', 'Preis € 3,00 Ø'],
    ['cp1252', 'Crème brûlée € 4,50'],
    ['cp852', 'Łódź Žatec'],
    ['multilingual', 'Grüße € Привет Łódź'], // receiptline switches code page per character
  ] as const)('decodes %s text', (encoding, text) => {
    expect(render(`|${text}`, { command: 'escpos', encoding }).lines).toEqual([text]);
  });
});

describe('decoding hand-made streams', () => {
  it('walks variable-length commands without reading their data as text', () => {
    const trap = '\x0aA\x1b'; // LF, a letter, ESC: wrong if read as text or commands
    const printout = decodeEscPos(
      bytes(
        '\x1b@',
        '\x1dv0\x00\x03\x00\x01\x00',
        trap, // GS v 0: 3 bytes × 1 row
        '\x1dk\x04A1B\x00', // GS k, NUL-terminated form (CODE39)
        '\x1dk\x49\x03',
        trap, // GS k with a length (CODE128)
        '\x1d(k\x06\x00\x31\x50\x30',
        trap, // store QR Code data…
        '\x1d(k\x03\x00\x31\x51\x30', // …and print it
        '\x1d8L\x0d\x00\x00\x00\x30\x70\x30\x01\x01\x31\x08\x00\x03\x00',
        trap, // GS 8 L: store 8 × 3 dots…
        '\x1d(L\x02\x00\x30\x32', // …and print them
        '\x1b*\x00\x03\x00',
        trap, // 8-dot bit image, 3 columns
        '\x1b*\x21\x01\x00',
        trap, // 24-dot bit image, 1 column of 3 bytes
        '\x1cp\x01\x00', // NV bit image 1
        '\x1cq\x01\x01\x00\x01\x00',
        trap,
        '\x0a\x41\x1b\x0a\x41', // define one 8 × 8 NV image
        '\x1bD\x04\x0a\x00', // tab stops at 4 and 10
        '\x10\x04\x01\x10\x04\x04\x1dr1\x1dr\x02', // status queries
        'A\tB\tC\n',
      ),
    );

    expect(printout.events).toEqual([
      { kind: 'init' },
      { kind: 'image' },
      { kind: 'barcode' },
      { kind: 'barcode' },
      { kind: 'qrcode' },
      { kind: 'image' },
      { kind: 'image' },
      { kind: 'image' },
      { kind: 'image' },
      { kind: 'status', command: 'DLE EOT', n: 1 },
      { kind: 'status', command: 'DLE EOT', n: 4 },
      { kind: 'status', command: 'GS r', n: 1 },
      { kind: 'status', command: 'GS r', n: 2 },
      { kind: 'line', text: 'A   B     C' },
    ]);
  });

  it('lays text out where positioning, alignment and size put it', () => {
    const printout = decodeEscPos(
      bytes(
        'AB\x1b$\x78\x00C\n', // ESC $ 120 dots = column 10
        '\x1dW\x80\x01\x1ba\x01Hi\n', // print area 384 dots = 32 columns, centred
        '\x1ba\x32Hi\n', // right-aligned
        '\x1ba\x00\x1d!\x11Big\x1d!\x00 small\n', // double width and height: one column a character in the string
        '\x1bE\x01\x1b\\\x18\x00bold\x1bE\x00\n', // ESC \ +24 dots
      ),
    );

    expect(printout.lines).toEqual([
      'AB        C',
      `${' '.repeat(15)}Hi`,
      `${' '.repeat(30)}Hi`,
      'Big small',
      '  bold',
    ]);
    expect(printout.boldLines).toEqual(new Set([3, 4]));
  });

  it('reads drawer kicks on either pin, in ESC p and real-time DLE DC4 form', () => {
    const printout = decodeEscPos(bytes('\x1bp\x00\x32\x32', '\x1bp1\x0a\x64', '\x10\x14\x01\x01\x03'));

    expect(printout.drawerKicks).toEqual([
      { pin: 2, onMs: 100, offMs: 100 },
      { pin: 5, onMs: 20, offMs: 200 },
      { pin: 5, onMs: 300, offMs: 300 },
    ]);
    expect(() => decodeEscPos(bytes('\x1bp\x07\x32\x32'))).toThrow(/m = 7.*offset 0/);
  });

  it('switches code page with ESC t and back to the default with ESC @', () => {
    const text = bytes('\x80\x1bt\x10\x80\x1bt\x02\x80\n\x1b@\x80\n');

    expect(decodeEscPos(text).lines).toEqual(['Ç€Ç', 'Ç']);
    expect(decodeEscPos(text, { encoding: 'cp1252' }).lines).toEqual(['€€Ç', '€']);
  });

  it('drops the unprinted line at ESC @, as a printer does, but keeps text left before a cut or the end', () => {
    const printout = decodeEscPos(bytes('lost\x1b@kept\x1dV\x00tail'));

    expect(printout.events).toEqual([
      { kind: 'init' },
      { kind: 'line', text: 'kept' },
      { kind: 'cut' },
      { kind: 'line', text: 'tail' },
    ]);
  });

  it('throws on an unknown command, naming its bytes and offset', () => {
    expect(() => decodeEscPos(bytes('AB\x1b~x'))).toThrow('Unknown ESC/POS command 1b 7e 78 at offset 2');
    expect(() => decodeEscPos(bytes('\n\x07'))).toThrow('Unknown ESC/POS command 07 at offset 1');
    expect(() => decodeEscPos(bytes('\x1dV\x07'))).toThrow('Unknown ESC/POS command 1d 56 07 at offset 0');
    expect(() => decodeEscPos(bytes('\x1bt\x63'))).toThrow(/ESC t 99: code page unknown/);
  });

  it('throws on a stream that ends inside a command', () => {
    expect(() => decodeEscPos(bytes('ok\n\x1dv0\x00\x02\x00\x02\x00\xff'))).toThrow(
      'ESC/POS stream ends inside the command 1d 76 30 at offset 3',
    );
    expect(() => decodeEscPos(bytes('\x1b'))).toThrow(/ends inside the command 1b at offset 0/);
  });
});
