import { BrowserWindow } from 'electron';
import type { SystemPrinter } from '../printing/transports/html-transport.ts';
import { printPage } from '../printing/transports/print-page.ts';

/**
 * Prints receipt pictures on a system printer through Chromium's printing,
 * for printers that do not speak ESC/POS. Each job gets a hidden window of
 * its own, with no script and no preload, so printing never blocks or
 * touches the till's UI; it is destroyed when the job is done.
 */
export function createSystemPrinter(): SystemPrinter {
  return {
    async printSvg(svg, { deviceName, paperWidthMm }) {
      const page = printPage(svg, paperWidthMm);
      const window = new BrowserWindow({
        show: false,
        webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
      });
      try {
        await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(page.html)}`);
        await new Promise<void>((resolve, reject) => {
          window.webContents.print(
            {
              silent: true,
              deviceName,
              printBackground: false,
              margins: { marginType: 'none' },
              pageSize: page.pageSize,
            },
            (success, failureReason) => {
              if (success) resolve();
              else reject(new Error(failureReason || 'the printer did not take the job'));
            },
          );
        });
      } finally {
        window.destroy();
      }
    },
  };
}
