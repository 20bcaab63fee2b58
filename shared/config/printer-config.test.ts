import { describe, expect, it } from 'vitest';
import { PrinterConfigSchema, TillConfigSchema } from './schema.ts';

const issues = (input: unknown) => {
  const result = PrinterConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
};

describe('PrinterConfigSchema', () => {
  it('fills in 80 mm paper, cp858, ESC/POS and the timeouts, and no drawer', () => {
    expect(PrinterConfigSchema.parse({ url: 'tcp://192.168.1.20' })).toStrictEqual({
      url: 'tcp://192.168.1.20',
      paperWidth: 80,
      codePage: 'cp858',
      commandSet: 'escpos',
      connectTimeoutMs: 3_000,
      writeTimeoutMs: 10_000,
    });
  });

  it('fills in pin 2 and a 100 ms pulse for a drawer', () => {
    expect(PrinterConfigSchema.parse({ url: 'tcp://192.168.1.20', drawer: {} }).drawer).toStrictEqual({
      pin: 2,
      pulseMs: 100,
    });
  });

  it.each([
    'none',
    'tcp://192.168.1.20',
    'tcp://192.168.1.20:9100',
    'tcp://192.168.1.20:9100/',
    'tcp://receipt-printer.local:9101',
    'tcp://[fe80::1]:9100',
    'tcp://[::1]',
    'tcp://host:1',
    'tcp://host:65535',
    'file:///dev/usb/lp0',
    'file:///dev/ttyS0',
    'file:///home/kassa/My%20Printer.bin',
    'cups://Kitchen',
    'cups://Front_Desk.2-a',
    'html://',
    'html://Receipt%20Printer',
  ])('takes %s', (url) => {
    expect(issues({ url })).toEqual([]);
  });

  it('trims the URL', () => {
    expect(PrinterConfigSchema.parse({ url: '  tcp://192.168.1.20:9100\n' }).url).toBe('tcp://192.168.1.20:9100');
  });

  it.each([
    '',
    'usb',
    'lp0',
    '/dev/usb/lp0',
    'http://192.168.1.20:9100',
    'tcp://',
    'tcp://192.168.1.20:',
    'tcp://fe80::1:9100',
    'tcp://user@host:9100',
    'file://dev/usb/lp0',
    'file:///',
    'cups://',
    'cups://Kitchen Printer',
    'cups://Kitchen/raw',
    'NONE',
  ])('refuses %j, saying which forms it takes', (url) => {
    expect(issues({ url })).toEqual([
      {
        path: ['url'],
        message: 'must be tcp://host:9100, file:///dev/usb/lp0, cups://QUEUE, html://[printer name] or none',
      },
    ]);
  });

  it('refuses a six-digit port as not a port at all', () => {
    expect(issues({ url: 'tcp://host:123456' })).toContainEqual({
      path: ['url'],
      message: 'must be tcp://host:9100, file:///dev/usb/lp0, cups://QUEUE, html://[printer name] or none',
    });
  });

  it.each(['tcp://host:0', 'tcp://host:65536', 'tcp://host:99999', 'tcp://[::1]:70000/'])(
    'refuses the port of %s',
    (url) => {
      expect(issues({ url })).toEqual([{ path: ['url'], message: 'port must be between 1 and 65535' }]);
    },
  );

  it.each(['tcp://192.168.1.20', 'file:///dev/usb/lp0', 'cups://Kitchen'])(
    'takes a drawer on %s, which speaks ESC/POS',
    (url) => {
      expect(issues({ url, drawer: { pin: 5, pulseMs: 120 } })).toEqual([]);
    },
  );

  it.each(['none', 'html://', 'html://Receipt%20Printer'])('refuses a drawer on %s', (url) => {
    expect(issues({ url, drawer: {} })).toEqual([
      {
        path: ['drawer'],
        message: 'a cash drawer is kicked by an ESC/POS printer: use a tcp://, file:// or cups:// printer',
      },
    ]);
  });

  it.each([
    [{ drawer: { pin: 3 } }, ['drawer', 'pin']],
    [{ drawer: { pulseMs: 1 } }, ['drawer', 'pulseMs']],
    [{ drawer: { pulseMs: 511 } }, ['drawer', 'pulseMs']],
    [{ drawer: { pulseMs: 100.5 } }, ['drawer', 'pulseMs']],
    [{ drawer: { pin: 2, open: true } }, ['drawer']],
    [{ paperWidth: 76 }, ['paperWidth']],
    [{ charactersPerLine: 23 }, ['charactersPerLine']],
    [{ charactersPerLine: 65 }, ['charactersPerLine']],
    [{ codePage: 'utf8' }, ['codePage']],
    [{ commandSet: 'starsbcs' }, ['commandSet']],
    [{ connectTimeoutMs: 199 }, ['connectTimeoutMs']],
    [{ connectTimeoutMs: 30_001 }, ['connectTimeoutMs']],
    [{ writeTimeoutMs: 499 }, ['writeTimeoutMs']],
    [{ writeTimeoutMs: 120_001 }, ['writeTimeoutMs']],
    [{ port: 9100 }, []],
  ])('refuses %j', (patch, path) => {
    const found = issues({ url: 'tcp://192.168.1.20', ...patch });

    expect(found).toHaveLength(1);
    expect(found[0]?.path).toEqual(path);
  });

  it('takes every setting at its limits', () => {
    expect(
      PrinterConfigSchema.parse({
        url: 'cups://Kitchen',
        paperWidth: 58,
        charactersPerLine: 24,
        codePage: 'multilingual',
        commandSet: 'sii',
        drawer: { pin: 5, pulseMs: 510 },
        connectTimeoutMs: 200,
        writeTimeoutMs: 120_000,
      }),
    ).toMatchObject({ paperWidth: 58, charactersPerLine: 24, drawer: { pin: 5, pulseMs: 510 } });
  });
});

describe('the printer in the till config', () => {
  const till = {
    store: { name: 'Kassa Koffie', addressLines: ['Keizersgracht 1'] },
    till: { id: 'TILL-1', name: 'Till 1' },
    locale: 'nl-NL',
    currency: 'EUR',
    mode: 'demo',
  };

  it('is optional', () => {
    expect(TillConfigSchema.parse(till).printer).toBeUndefined();
  });

  it('is read with its defaults', () => {
    expect(
      TillConfigSchema.parse({ ...till, printer: { url: 'file:///dev/usb/lp0', drawer: { pin: 5 } } }).printer,
    ).toEqual({
      url: 'file:///dev/usb/lp0',
      paperWidth: 80,
      codePage: 'cp858',
      commandSet: 'escpos',
      connectTimeoutMs: 3_000,
      writeTimeoutMs: 10_000,
      drawer: { pin: 5, pulseMs: 100 },
    });
  });

  it('reports a wrong printer setting at its path in the file', () => {
    const result = TillConfigSchema.safeParse({ ...till, printer: { url: 'html://', drawer: {} } });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['printer', 'drawer']]);
  });
});
