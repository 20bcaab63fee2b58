import iconv from 'iconv-lite';

/**
 * Reads back the ESC/POS bytes a receipt printer would get, so tests can say
 * "the receipt reads `Total  12.50`, then the drawer kicks, then the paper is
 * cut" instead of comparing opaque byte strings.
 *
 * It walks the stream command by command, knowing every command's parameter
 * length (variable ones too: images, barcodes, 2D codes), so parameter bytes
 * are never read as text. A command it does not know throws: a test must fail
 * loudly rather than skip bytes it cannot tell from text. It knows every
 * command receiptline's ESC/POS command sets (escpos, epson, generic, sii,
 * citizen, fit, impact) emit, plus the usual status and drawer commands.
 *
 * Only single-byte code pages are decoded: Kanji mode (`FS &`, `FS C`) is
 * read past but multi-byte text comes out as one character per byte.
 */

export type EscPosEvent =
  | { kind: 'line'; text: string }
  | { kind: 'cut' }
  | { kind: 'drawer'; pin: 2 | 5 }
  | { kind: 'status'; command: 'DLE EOT' | 'GS r'; n: number }
  | { kind: 'init' }
  | { kind: 'image' }
  | { kind: 'barcode' | 'qrcode' };

export interface EscPosPrintout {
  /**
   * Printed text, one entry per printed line (LF ends a line), decoded from the
   * code page, trailing spaces trimmed. Text is laid out in character columns
   * where the positioning commands (`GS L`, `ESC $`, `ESC \`, `ESC a`, HT) put
   * it, so leading spaces of a centred title and the gap of `Total | 12.50`
   * are kept; a double-width character takes one column of the string.
   */
  lines: string[];
  /** Paper cuts: `GS V` in any form, `ESC i`, `ESC m`. */
  cuts: number;
  /** Each `ESC p m t1 t2` (on/off in 2 ms steps) and real-time `DLE DC4 1 m t` (100 ms steps). */
  drawerKicks: { pin: 2 | 5; onMs: number; offMs: number }[];
  /** Each `DLE EOT n` and `GS r n`, in order; `GS r` 49/50 (ASCII '1'/'2') are reported as 1/2. */
  statusRequests: { command: 'DLE EOT' | 'GS r'; n: number }[];
  /** Everything in order, for assertions about sequence. */
  events: EscPosEvent[];
  /** Indexes into `lines` of lines with bold (`ESC E`, `ESC G`, `ESC !`) or enlarged (`GS !`, `ESC !`) text. */
  boldLines: Set<number>;
}

export interface EscPosDecodeOptions {
  /** The printer's power-on code page, restored by `ESC @`; `cp437` when absent. */
  encoding?: string;
}

/** One command, or a run of text bytes, found in a stream. */
export interface EscPosCommand {
  /** Mnemonic, e.g. `ESC @`, `GS ( k`... as `GS (`, `DLE EOT`; `text` for printable bytes, `LF`, `CR`, `HT`, `NUL`. */
  name: string;
  /** Bytes it takes, prefix and parameters included. */
  size: number;
}

const SINGLE_BYTES: Readonly<Partial<Record<number, string>>> = { 0x00: 'NUL', 0x09: 'HT', 0x0a: 'LF', 0x0d: 'CR' };
const PREFIXES: Readonly<Partial<Record<number, string>>> = {
  0x1b: 'ESC',
  0x1d: 'GS',
  0x1c: 'FS',
  0x10: 'DLE',
  0x12: 'DC2',
};
const SECOND_BYTE_NAMES: Readonly<Partial<Record<number, string>>> = {
  0x04: 'EOT',
  0x05: 'ENQ',
  0x14: 'DC4',
  0x20: 'SP',
};

const sized = (size: number, names: string): [string, number][] => names.split(', ').map((name) => [name, size]);

/** Commands of fixed length (prefix included) whose meaning the decoder either applies or safely ignores. */
const FIXED_SIZES = new Map<string, number>([
  // initialise, default line spacing, legacy cuts, Kanji mode on/off
  ...sized(2, 'ESC @, ESC 2, ESC i, ESC m, FS &, FS .'),
  // one parameter byte: print modes, fonts, spacing, feeds, code pages, alignment, barcode setup, status
  ...sized(3, 'ESC SP, ESC !, ESC %, ESC -, ESC 3, ESC =, ESC ?, ESC E, ESC G, ESC J, ESC M, ESC R, ESC U'),
  ...sized(3, 'ESC V, ESC a, ESC d, ESC e, ESC r, ESC t, ESC {'),
  ...sized(3, 'GS !, GS B, GS H, GS I, GS a, GS b, GS f, GS h, GS r, GS w, FS !, FS -, FS C, FS W, DLE ENQ'),
  // SII's print-end request, which receiptline's sii set sends instead of GS r
  ...sized(3, 'DC2 q'),
  // two parameter bytes: positions and print area in dots, panel and sensor switches, NV bit image
  ...sized(4, 'ESC $, ESC \\, ESC c, GS $, GS L, GS P, GS W, GS \\, FS S, FS p'),
  ...sized(5, 'ESC p'),
]);

/** Names a command from its first two bytes, e.g. `ESC @`, `DLE EOT`, `GS (`. */
function nameOf(prefix: string, second: number): string {
  const suffix =
    SECOND_BYTE_NAMES[second] ?? (second > 0x20 && second < 0x7f ? String.fromCharCode(second) : `0x${hex(second)}`);
  return `${prefix} ${suffix}`;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

function unknownCommand(bytes: Uint8Array, at: number): Error {
  const shown = Array.from(bytes.subarray(at, at + 3), hex).join(' ');
  return new Error(`Unknown ESC/POS command ${shown} at offset ${at}`);
}

/**
 * The command (or run of text) starting at `at`; `undefined` when the bytes end
 * before it does (more may still arrive). Throws on an unknown command.
 */
export function nextEscPosCommand(bytes: Uint8Array, at: number): EscPosCommand | undefined {
  const first = bytes[at];
  if (first === undefined) return undefined;
  if (first >= 0x20) {
    let end = at + 1;
    while ((bytes[end] ?? 0) >= 0x20) end++;
    return { name: 'text', size: end - at };
  }
  const single = SINGLE_BYTES[first];
  if (single !== undefined) return { name: single, size: 1 };
  const prefix = PREFIXES[first];
  if (prefix === undefined) throw unknownCommand(bytes, at);
  const second = bytes[at + 1];
  if (second === undefined) return undefined;
  const name = nameOf(prefix, second);
  // A byte that has not arrived reads as NaN, so a size computed from it is NaN: "wait for more".
  const size = FIXED_SIZES.get(name) ?? variableSize(name, (k) => bytes[at + k] ?? NaN, bytes, at);
  if (size === undefined) throw unknownCommand(bytes, at);
  return Number.isNaN(size) || at + size > bytes.length ? undefined : { name, size };
}

/** Size of a command whose length depends on its parameters; undefined if unknown, NaN if bytes are missing. */
function variableSize(name: string, p: (k: number) => number, bytes: Uint8Array, at: number): number | undefined {
  const word = (k: number): number => p(k) + p(k + 1) * 256;
  // NUL-terminated data from offset k on.
  const untilNul = (k: number): number => {
    const end = bytes.indexOf(0, at + k);
    return end < 0 ? NaN : end - at + 1;
  };
  // Picks the size by a sub-command byte (the third); NaN while it is missing, undefined if unknown.
  const bySubcommand = (sizes: Readonly<Partial<Record<number, number>>>): number | undefined =>
    Number.isNaN(p(2)) ? NaN : sizes[p(2)];
  switch (name) {
    case 'ESC *': // ESC * m nL nH d…: bit image, 3 bytes a column in 24-dot modes (m 32, 33)
      return 5 + word(3) * (p(2) >= 32 ? 3 : 1);
    case 'ESC D': // ESC D n1 … NUL: tab stops
      return untilNul(2);
    case 'ESC (': // ESC ( fn pL pH …, GS ( fn pL pH …, FS ( fn pL pH …: all share this framing
    case 'GS (':
    case 'FS (':
      return 5 + word(3);
    case 'GS V': // GS V m, or GS V m n for the feed-and-cut forms
      return bySubcommand({ 0: 3, 1: 3, 48: 3, 49: 3, 65: 4, 66: 4, 97: 4, 98: 4, 103: 4, 104: 4 });
    case 'GS k': // GS k m d… NUL (m 0–6) or GS k m n d1…dn (m 65–79)
      if (Number.isNaN(p(2))) return NaN;
      return p(2) <= 6 ? untilNul(3) : p(2) >= 65 && p(2) <= 79 ? 4 + p(3) : undefined;
    case 'GS v': // GS v 0 m xL xH yL yH d…: raster image, xL xH bytes a row
      return bySubcommand({ 0x30: 8 + word(4) * word(6) });
    case 'GS 8': // GS 8 L p1 p2 p3 p4 m fn …: graphics with a 32-bit length
      return bySubcommand({ 0x4c: 7 + word(3) + word(5) * 65536 });
    case 'FS q': {
      // FS q n [xL xH yL yH d…]×n: define NV bit images of xL xH × yL yH × 8 bytes
      let size = 3;
      for (let image = 0; image < p(2); image++) size += 4 + word(size) * word(size + 2) * 8;
      return size;
    }
    case 'DLE EOT': // DLE EOT n (1–4), or DLE EOT n a (7, 8)
      return bySubcommand({ 1: 3, 2: 3, 3: 3, 4: 3, 7: 4, 8: 4 });
    case 'DLE DC4': // DLE DC4 fn …: 1 pulse (m t), 2 power off (1 8), 8 clear buffer (1 3 20 1 6 2 8)
      return bySubcommand({ 1: 5, 2: 5, 8: 10 });
    default:
      return undefined;
  }
}

/** Epson `ESC t n` code tables this decoder can read; receiptline uses 0, 1, 3, 4, 5, 16–19 and 21. */
const CODE_PAGES: ReadonlyMap<number, string> = new Map([
  [0, 'cp437'],
  [1, 'katakana'],
  [2, 'cp850'],
  [3, 'cp860'],
  [4, 'cp863'],
  [5, 'cp865'],
  [13, 'cp857'],
  [14, 'cp737'],
  [15, 'iso-8859-7'],
  [16, 'cp1252'],
  [17, 'cp866'],
  [18, 'cp852'],
  [19, 'cp858'],
  [21, 'tis620'],
  [33, 'cp775'],
  [34, 'cp855'],
  [35, 'cp861'],
  [36, 'cp862'],
  [37, 'cp864'],
  [38, 'cp869'],
  [39, 'iso-8859-2'],
  [40, 'iso-8859-15'],
  [45, 'cp1250'],
  [46, 'cp1251'],
  [47, 'cp1253'],
  [48, 'cp1254'],
  [49, 'cp1255'],
  [50, 'cp1256'],
  [51, 'cp1257'],
  [52, 'cp1258'],
]);

/**
 * Epson's Katakana page, which iconv lacks: receiptline draws rules with its
 * box characters (0x95 is ─). Half-width katakana at 0xA1–0xDF; the rest unused.
 */
function katakanaTable(): string[] {
  const boxes = '▁▂▃▄▅▆▇█▏▎▍▌▋▊▉┼┴┬┤├▔─│▕┌┐└┘╭╮╰╯';
  return Array.from({ length: 256 }, (_, byte) => {
    if (byte < 0x80) return String.fromCharCode(byte);
    if (byte < 0xa0) return boxes.charAt(byte - 0x80);
    if (byte === 0xa0) return ' ';
    return byte < 0xe0 ? String.fromCharCode(0xff61 + byte - 0xa1) : '\ufffd';
  });
}

const tables = new Map<string, readonly string[]>();

/** The 256 characters of a single-byte code page, by byte. */
function tableOf(encoding: string): readonly string[] {
  let table = tables.get(encoding);
  if (table === undefined) {
    if (encoding === 'katakana') table = katakanaTable();
    else {
      const all = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));
      table = Array.from(iconv.decode(all, encoding));
      if (table.length !== 256) throw new Error(`decodeEscPos reads single-byte code pages only, not ${encoding}`);
    }
    tables.set(encoding, table);
  }
  return table;
}

/** Font A is 12 dots a character, font B 9: receiptline positions columns in font A dots. */
const FONT_A = 12;
const FONT_B = 9;
/** Print area assumed for `ESC a` when no `GS W` set one: 48 font A columns (80 mm paper). */
const DEFAULT_AREA_DOTS = 576;
const DEFAULT_TABS = Array.from({ length: 32 }, (_, i) => (i + 1) * 8);

/** What `ESC @` resets. */
interface PrintMode {
  table: readonly string[];
  bold: boolean;
  widthTimes: number;
  heightTimes: number;
  font: number;
  /** Right-side character spacing (ESC SP), dots. */
  spacing: number;
  /** Left margin (GS L) and print area width (GS W), dots. */
  margin: number;
  areaWidth: number | undefined;
  align: number;
  tabs: readonly number[];
}

export function decodeEscPos(bytes: Uint8Array, options: EscPosDecodeOptions = {}): EscPosPrintout {
  const defaultTable = tableOf(options.encoding ?? 'cp437');
  const initialMode = (): PrintMode => ({
    table: defaultTable,
    bold: false,
    widthTimes: 1,
    heightTimes: 1,
    font: FONT_A,
    spacing: 0,
    margin: 0,
    areaWidth: undefined,
    align: 0,
    tabs: DEFAULT_TABS,
  });
  const out: EscPosPrintout = {
    lines: [],
    cuts: 0,
    drawerKicks: [],
    statusRequests: [],
    events: [],
    boldLines: new Set(),
  };
  let mode = initialMode();
  // The line being composed: characters by column, the print position in dots from the margin.
  let cells: (string | undefined)[] = []; // sparse: holes are columns nothing was printed in
  let x = 0;
  let styled = false;

  function print(char: string): void {
    const column = Math.floor((mode.margin + x) / mode.font);
    // A space prints nothing, so it must not blank out text already placed there.
    if (char !== ' ' || cells[column] === undefined) cells[column] = char;
    for (let k = 1; k < mode.widthTimes; k++) cells[column + k] = '';
    if (char.trim() !== '' && (mode.bold || mode.widthTimes > 1 || mode.heightTimes > 1)) styled = true;
    x += (mode.font + mode.spacing) * mode.widthTimes;
  }

  function endLine(): void {
    let text = Array.from(cells, (cell) => cell ?? ' ')
      .join('')
      .trimEnd();
    if (mode.align !== 0 && text !== '') {
      const free = Math.floor((mode.margin + (mode.areaWidth ?? DEFAULT_AREA_DOTS)) / mode.font) - text.length;
      text = ' '.repeat(Math.max(0, mode.align === 1 ? Math.floor(free / 2) : free)) + text;
    }
    out.lines.push(text);
    out.events.push({ kind: 'line', text });
    if (styled) out.boldLines.add(out.lines.length - 1);
    discardLine();
  }

  function discardLine(): void {
    cells = [];
    x = 0;
    styled = false;
  }

  /** Prints pending text before a cut, feed or graphic, so neither text nor order is lost. */
  function flush(): void {
    if (cells.some((cell) => cell !== undefined && cell.trim() !== '')) endLine();
    else discardLine();
  }

  /** m 0/48 pulses connector pin 2, m 1/49 pin 5. */
  function kick(m: number, onMs: number, offMs: number, at: number): void {
    const pin = m === 0 || m === 48 ? 2 : m === 1 || m === 49 ? 5 : undefined;
    if (pin === undefined) throw new Error(`Drawer kick with m = ${m} (no such pin) at offset ${at}`);
    out.drawerKicks.push({ pin, onMs, offMs });
    out.events.push({ kind: 'drawer', pin });
  }

  function status(command: 'DLE EOT' | 'GS r', n: number): void {
    out.statusRequests.push({ command, n });
    out.events.push({ kind: 'status', command, n });
  }

  for (let at = 0; at < bytes.length;) {
    const command = nextEscPosCommand(bytes, at);
    if (command === undefined) {
      const shown = Array.from(bytes.subarray(at, at + 3), hex).join(' ');
      throw new Error(`ESC/POS stream ends inside the command ${shown} at offset ${at}`);
    }
    const p = (k: number): number => bytes[at + k] ?? 0;
    // 0/48, 1/49, 2/50: many one-byte parameters may be given as a digit.
    const digit = (k: number): number => (p(k) >= 48 ? p(k) - 48 : p(k));
    switch (command.name) {
      case 'text':
        for (const byte of bytes.subarray(at, at + command.size)) print(mode.table[byte] ?? '\ufffd');
        break;
      case 'LF':
        endLine();
        break;
      case 'CR': // back to the start of the line: receiptline's impact set overprints black on red this way
        x = 0;
        break;
      case 'HT': {
        const columnWidth = mode.font + mode.spacing;
        const stop = mode.tabs.find((tab) => tab * columnWidth > x);
        if (stop !== undefined) x = stop * columnWidth;
        break;
      }
      case 'ESC @': // initialise: a real printer also drops the unprinted line
        mode = initialMode();
        discardLine();
        out.events.push({ kind: 'init' });
        break;
      case 'ESC !': // font, emphasis, double height and width at once
        mode.font = (p(2) & 1) === 1 ? FONT_B : FONT_A;
        mode.bold = (p(2) & 0x08) !== 0;
        mode.heightTimes = (p(2) & 0x10) !== 0 ? 2 : 1;
        mode.widthTimes = (p(2) & 0x20) !== 0 ? 2 : 1;
        break;
      case 'GS !':
        mode.widthTimes = ((p(2) >> 4) & 7) + 1;
        mode.heightTimes = (p(2) & 7) + 1;
        break;
      case 'ESC E': // emphasis; double-strike (ESC G) prints as bold too
      case 'ESC G':
        mode.bold = (p(2) & 1) === 1;
        break;
      case 'ESC M':
        mode.font = digit(2) === 0 ? FONT_A : FONT_B;
        break;
      case 'ESC SP':
        mode.spacing = p(2);
        break;
      case 'ESC t': {
        const encoding = CODE_PAGES.get(p(2));
        if (encoding === undefined) throw new Error(`ESC t ${p(2)}: code page unknown to the decoder, at offset ${at}`);
        mode.table = tableOf(encoding);
        break;
      }
      case 'ESC a':
        mode.align = digit(2);
        break;
      case 'GS L':
        mode.margin = p(2) + p(3) * 256;
        break;
      case 'GS W':
        mode.areaWidth = p(2) + p(3) * 256;
        break;
      case 'ESC $':
        x = p(2) + p(3) * 256;
        break;
      case 'ESC \\': // relative, a signed 16-bit number of dots
        x += ((p(2) + p(3) * 256) << 16) >> 16;
        break;
      case 'ESC D':
        mode.tabs = Array.from(bytes.subarray(at + 2, at + command.size - 1));
        break;
      case 'ESC J': // print and feed: ends a line of text, but a bare feed adds no blank line
      case 'ESC d':
        flush();
        break;
      case 'ESC p':
        kick(p(2), p(3) * 2, p(4) * 2, at);
        break;
      case 'DLE DC4': // real-time pulse DLE DC4 1 m t: t × 100 ms on and off
        if (p(2) === 1) kick(p(3), p(4) * 100, p(4) * 100, at);
        break;
      case 'GS V':
      case 'ESC i':
      case 'ESC m':
        flush();
        out.cuts++;
        out.events.push({ kind: 'cut' });
        break;
      case 'DLE EOT':
        status('DLE EOT', p(2));
        break;
      case 'GS r':
        status('GS r', digit(2));
        break;
      case 'GS k':
        flush();
        out.events.push({ kind: 'barcode' });
        break;
      case 'GS v': // GS v 0 prints the raster at once
      case 'ESC *':
      case 'FS p':
        flush();
        out.events.push({ kind: 'image' });
        break;
      case 'GS (':
        // GS ( k cn 81 prints a stored 2D code (cn 49 is QR Code); GS ( L fn 50/2 or 69 prints stored graphics.
        // receiptline 4 sends neither: it draws QR codes as images (GS 8 L … GS ( L, or GS v 0).
        if (p(2) === 0x6b && p(6) === 81) {
          flush();
          out.events.push({ kind: p(5) === 49 ? 'qrcode' : 'barcode' });
        } else if (p(2) === 0x4c && [2, 50, 69].includes(p(6))) {
          flush();
          out.events.push({ kind: 'image' });
        }
        break;
      default: // state the printout does not show: underline, invert, line spacing, Kanji, barcode setup…
        break;
    }
    at += command.size;
  }
  flush();
  return out;
}
