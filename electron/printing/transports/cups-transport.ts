import { spawn } from 'node:child_process';
import { PrintProblem, type PrinterTransport } from './transport.ts';

/**
 * A printer behind a CUPS queue. The job goes to `lp -d QUEUE -o raw` on its
 * standard input, so the queue passes the ESC/POS bytes through untouched.
 * The spooler answers for the job once it has it: whether paper came out is
 * the spooler's business, and it gives no status back.
 */

export interface CupsPrinterOptions {
  readonly queue: string;
  readonly writeTimeoutMs: number;
  /** The `lp` program; tests put their own on the path. */
  readonly command?: string;
}

export function createCupsTransport(options: CupsPrinterOptions): PrinterTransport {
  const command = options.command ?? 'lp';

  function send(bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, ['-d', options.queue, '-o', 'raw'], { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      const timer = setTimeout(() => {
        child.kill();
        reject(
          new PrintProblem(
            'offline',
            `the print spooler did not take the job within ${String(options.writeTimeoutMs)} ms`,
          ),
        );
      }, options.writeTimeoutMs);
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-500);
      });
      child.stdin.on('error', () => {
        // The exit code says what went wrong.
      });
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new PrintProblem('unreachable', `cannot run ${command}: ${error.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else
          reject(
            new PrintProblem('offline', `${command} refused the job: ${stderr.trim() || `exit code ${String(code)}`}`),
          );
      });
      child.stdin.end(bytes);
    });
  }

  return {
    description: `CUPS queue ${options.queue}`,
    hasStatus: false,
    speaksEscPos: true,
    status: () => Promise.resolve({ condition: 'unknown', paperLow: false }),
    print: (payload) => send(payload.escpos()),
    sendRaw: send,
  };
}
