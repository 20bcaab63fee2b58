import { describe, expect, it } from 'vitest';
import { PrinterConfigSchema } from '../../shared/config/schema.ts';
import { drawerKickBytes, paperFormat, renderEscPos, renderSvg, type PaperFormat } from './render-receipt.ts';
import { decodeEscPos } from './testing/escpos-decoder.ts';

const DOCUMENT = ['^^Kassa Koffie', '---', 'Coffee beans | 25.98', '^"TOTAL EUR" | ^"25.98"'].join('\n');

const format = (patch: Partial<PaperFormat> = {}): PaperFormat => ({ ...paperFormat(undefined), ...patch });

describe('paperFormat', () => {
  it('prints 48 characters on 80 mm paper, in cp858 with ESC/POS, when nothing is configured', () => {
    expect(paperFormat(undefined)).toEqual({ charactersPerLine: 48, codePage: 'cp858', commandSet: 'escpos' });
    expect(paperFormat(PrinterConfigSchema.parse({ url: 'tcp://10.0.0.5' }))).toEqual({
      charactersPerLine: 48,
      codePage: 'cp858',
      commandSet: 'escpos',
    });
  });

  it('prints 32 characters on 58 mm paper', () => {
    expect(paperFormat(PrinterConfigSchema.parse({ url: 'tcp://10.0.0.5', paperWidth: 58 })).charactersPerLine).toBe(
      32,
    );
  });

  it('takes the configured characters per line, code page and command set over the defaults', () => {
    const printer = PrinterConfigSchema.parse({
      url: 'file:///dev/usb/lp0',
      paperWidth: 58,
      charactersPerLine: 42,
      codePage: 'cp437',
      commandSet: 'epson',
    });
    expect(paperFormat(printer)).toEqual({ charactersPerLine: 42, codePage: 'cp437', commandSet: 'epson' });
  });
});

describe('renderSvg', () => {
  it('is an SVG picture as wide as the paper: 12 dots a character', () => {
    for (const charactersPerLine of [48, 32, 42]) {
      const svg = renderSvg(DOCUMENT, format({ charactersPerLine }));
      expect(svg.startsWith('<svg ')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      const width = charactersPerLine * 12;
      expect(svg).toMatch(new RegExp(`^<svg [^>]*width="${String(width)}px"`));
      expect(svg).toMatch(new RegExp(`viewBox="0 0 ${String(width)} \\d+"`));
    }
  });

  it('imports no web font: nothing from Google, no @import, and the style block is gone', () => {
    const svg = renderSvg(DOCUMENT, format());

    expect(svg).not.toMatch(/@import/);
    expect(svg).not.toMatch(/googleapis|gstatic/);
    expect(svg).not.toMatch(/<style/);
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/)/);
    // The text is still there, character by character, in a monospace font.
    expect(svg).toMatch(/font-family="[^"]*monospace/);
    expect(svg).toMatch(/>K<\/tspan><tspan[^>]*>a</);
  });

  it('draws the same document taller when it wraps on narrower paper', () => {
    const long = 'A product name long enough to wrap on narrow paper | 1.00';
    const height = (svg: string) => Number(/height="(\d+)px"/.exec(svg)?.[1]);

    expect(height(renderSvg(long, format({ charactersPerLine: 32 })))).toBeGreaterThan(
      height(renderSvg(long, format({ charactersPerLine: 64 }))),
    );
  });
});

describe('renderEscPos', () => {
  it('starts with ESC @ and ends with a cut, then GS r 1 to confirm the job was printed', () => {
    const bytes = renderEscPos(DOCUMENT, format());

    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    const out = decodeEscPos(bytes);
    expect(out.events[0]).toEqual({ kind: 'init' });
    expect(out.events.slice(-2)).toEqual([{ kind: 'cut' }, { kind: 'status', command: 'GS r', n: 1 }]);
    expect(out.cuts).toBe(1);
    expect(out.drawerKicks).toEqual([]);
    // GS V (feed and cut), then GS r with n as receiptline writes it.
    expect(bytes.subarray(-7, -4).subarray(0, 2)).toEqual(Buffer.from([0x1d, 0x56]));
    expect([...bytes.subarray(-3, -1)]).toEqual([0x1d, 0x72]);
    expect([0x01, 0x31]).toContain(bytes.at(-1));
  });

  it('lays text out in the configured characters per line', () => {
    const wide = decodeEscPos(renderEscPos(DOCUMENT, format()));
    const narrow = decodeEscPos(renderEscPos(DOCUMENT, format({ charactersPerLine: 32 })));

    expect(wide.lines).toContain(`Coffee beans${' '.repeat(48 - 'Coffee beans'.length - '25.98'.length)}25.98`);
    expect(narrow.lines).toContain(`Coffee beans${' '.repeat(32 - 'Coffee beans'.length - '25.98'.length)}25.98`);
    expect(wide.lines).toContain('─'.repeat(48));
    expect(narrow.lines).toContain('─'.repeat(32));
  });

  it('selects cp858 and prints the euro sign and accents in it', () => {
    const bytes = renderEscPos('Café crème | € 3,50', format());

    expect(bytes.includes(Buffer.from([0x1b, 0x74, 19]))).toBe(true);
    expect(bytes.includes(Buffer.from([0xd5]))).toBe(true); // € in cp858
    const lines = decodeEscPos(bytes, { encoding: 'cp858' }).lines;
    expect(lines.some((line) => /^Café crème\s+€ 3,50$/.test(line))).toBe(true);
  });

  it('prints what cp437 cannot show as a question mark, so receipts name the currency by code', () => {
    const lines = decodeEscPos(renderEscPos('Café | € 3,50', format({ codePage: 'cp437' }))).lines;

    expect(lines.some((line) => /^Café\s+\? 3,50$/.test(line))).toBe(true);
  });

  it('speaks the configured command set', () => {
    const escpos = renderEscPos(DOCUMENT, format());
    const generic = renderEscPos(DOCUMENT, format({ commandSet: 'generic' }));

    expect(generic.equals(escpos)).toBe(false);
    for (const bytes of [escpos, generic]) {
      expect(decodeEscPos(bytes).lines.some((line) => /^Coffee beans\s+25\.98$/.test(line))).toBe(true);
    }
  });
});

describe('drawerKickBytes', () => {
  it('kicks pin 2 with m = 0 and pin 5 with m = 1, on for the pulse and off four times as long', () => {
    expect([...drawerKickBytes({ pin: 2, pulseMs: 100 })]).toEqual([0x1b, 0x70, 0, 50, 200]);
    expect([...drawerKickBytes({ pin: 5, pulseMs: 100 })]).toEqual([0x1b, 0x70, 1, 50, 200]);
    expect(decodeEscPos(drawerKickBytes({ pin: 5, pulseMs: 60 })).drawerKicks).toEqual([
      { pin: 5, onMs: 60, offMs: 240 },
    ]);
    expect(decodeEscPos(drawerKickBytes({ pin: 2, pulseMs: 200 })).drawerKicks).toEqual([
      { pin: 2, onMs: 200, offMs: 510 },
    ]);
  });

  it('keeps the pulse within what ESC p can say', () => {
    expect([...drawerKickBytes({ pin: 2, pulseMs: 510 })]).toEqual([0x1b, 0x70, 0, 255, 255]);
    expect([...drawerKickBytes({ pin: 2, pulseMs: 2_000 })]).toEqual([0x1b, 0x70, 0, 255, 255]);
    expect([...drawerKickBytes({ pin: 2, pulseMs: 2 })]).toEqual([0x1b, 0x70, 0, 1, 4]);
    expect([...drawerKickBytes({ pin: 2, pulseMs: 0 })]).toEqual([0x1b, 0x70, 0, 1, 4]);
    expect([...drawerKickBytes({ pin: 2, pulseMs: 63 })]).toEqual([0x1b, 0x70, 0, 32, 128]);
  });

  it('is a drawer kick and nothing else', () => {
    const out = decodeEscPos(drawerKickBytes({ pin: 2, pulseMs: 100 }));

    expect(out.events).toEqual([{ kind: 'drawer', pin: 2 }]);
    expect(out.lines).toEqual([]);
    expect(out.cuts).toBe(0);
  });
});
