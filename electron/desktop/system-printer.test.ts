import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderSvg, paperFormat } from '../printing/render-receipt.ts';

/**
 * The system printer runs against a mocked `electron` (no Electron binary
 * here): what matters is what it asks Chromium to do — a hidden window with
 * no script, the receipt as one picture, and a page the size of the receipt.
 */

const electron = vi.hoisted(() => {
  const windows: {
    options: Record<string, unknown>;
    loaded: string | undefined;
    printed: Record<string, unknown> | undefined;
    destroyed: boolean;
  }[] = [];
  let answer: { success: boolean; reason: string } = { success: true, reason: '' };
  class BrowserWindow {
    readonly record: (typeof windows)[number];
    readonly webContents = {
      print: (options: Record<string, unknown>, callback: (success: boolean, reason: string) => void) => {
        this.record.printed = options;
        callback(answer.success, answer.reason);
      },
    };
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: undefined, printed: undefined, destroyed: false };
      windows.push(this.record);
    }
    loadURL(url: string) {
      this.record.loaded = url;
      return Promise.resolve();
    }
    destroy() {
      this.record.destroyed = true;
    }
  }
  return {
    windows,
    answer: (next: typeof answer) => {
      answer = next;
    },
    module: { BrowserWindow },
  };
});

vi.mock('electron', () => electron.module);

const { createSystemPrinter } = await import('./system-printer.ts');

const svg = renderSvg('Corner Bakery\n---\nWhite bread | 3.78\n', paperFormat(undefined));

beforeEach(() => {
  electron.windows.length = 0;
  electron.answer({ success: true, reason: '' });
});

describe('printing a receipt on a system printer', () => {
  it('prints the picture silently on the named printer, on a page as wide as the roll and as tall as the receipt', async () => {
    await createSystemPrinter().printSvg(svg, { deviceName: 'EPSON_TM_T20', paperWidthMm: 80 });

    const [window] = electron.windows;
    expect(window?.options).toMatchObject({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
    });
    const html = decodeURIComponent(window?.loaded?.replace(/^data:text\/html;charset=utf-8,/, '') ?? '');
    expect(html).toContain("default-src 'none'; img-src data:");
    expect(html).toContain('<img src="data:image/svg+xml;base64,');
    const [, width, height] = /<svg width="(\d+)px" height="(\d+)px"/.exec(svg) ?? [];
    expect(window?.printed).toEqual({
      silent: true,
      deviceName: 'EPSON_TM_T20',
      printBackground: false,
      margins: { marginType: 'none' },
      pageSize: { width: 80_000, height: Math.ceil((Number(height) / Number(width)) * 80_000) },
    });
    expect(window?.destroyed).toBe(true);
  });

  it('rejects with the reason Chromium gives, and still closes the hidden window', async () => {
    electron.answer({ success: false, reason: 'Printer is out of paper' });

    await expect(createSystemPrinter().printSvg(svg, { deviceName: '', paperWidthMm: 58 })).rejects.toThrow(
      'Printer is out of paper',
    );
    expect(electron.windows[0]?.destroyed).toBe(true);
  });
});
