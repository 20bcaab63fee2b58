import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/temp-dir.ts';
import { drawerKickBytes, paperFormat, renderEscPos } from '../render-receipt.ts';
import { decodeEscPos } from '../testing/escpos-decoder.ts';
import { createCupsTransport } from './cups-transport.ts';
import { PrintProblem, type PrintPayload } from './transport.ts';

const RECEIPT = renderEscPos(['^^Kassa Koffie', '---', 'Coffee beans | 25.98'].join('\n'), paperFormat(undefined));

function payload(bytes: Buffer): PrintPayload {
  return {
    escpos: () => bytes,
    svg: () => {
      throw new Error('a raw CUPS queue is sent ESC/POS, never the picture');
    },
  };
}

async function problemOf(promise: Promise<unknown>): Promise<PrintProblem> {
  const error: unknown = await promise.then(
    () => new Error('expected the job to be refused, but it printed'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PrintProblem);
  return error as PrintProblem;
}

/** Writes an executable shell script standing in for `lp`. */
function script(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** An `lp` that spools: it keeps each job's bytes and arguments, as `job-N` and `args-N`. */
function spoolingLp(dir: string): { command: string; job: (n: number) => Buffer; args: (n: number) => string } {
  const spool = path.join(dir, 'spool');
  const command = script(
    dir,
    'lp',
    [
      `n=$(ls "${spool}" 2>/dev/null | grep -c '^job-')`,
      `mkdir -p "${spool}"`,
      'n=$((n + 1))',
      `echo "$@" > "${spool}/args-$n"`,
      `cat > "${spool}/job-$n"`,
      'echo "request id is Kitchen-$n (1 file(s))"',
    ].join('\n'),
  );
  return {
    command,
    job: (n) => readFileSync(path.join(spool, `job-${String(n)}`)),
    args: (n) => readFileSync(path.join(spool, `args-${String(n)}`), 'utf8').trim(),
  };
}

describe('printing through a CUPS queue', () => {
  it('hands the job to lp -d QUEUE -o raw on its standard input, byte for byte', async () => {
    const lp = spoolingLp(tempDir());
    const transport = createCupsTransport({ queue: 'Kitchen', writeTimeoutMs: 5_000, command: lp.command });

    await transport.print(payload(RECEIPT));

    expect(lp.args(1)).toBe('-d Kitchen -o raw');
    expect(lp.job(1)).toEqual(RECEIPT);
    expect(decodeEscPos(lp.job(1)).lines.some((line) => /^Coffee beans\s+25\.98$/.test(line))).toBe(true);
  });

  it('sends each job as its own lp run', async () => {
    const lp = spoolingLp(tempDir());
    const transport = createCupsTransport({ queue: 'Front_Desk.2', writeTimeoutMs: 5_000, command: lp.command });

    await transport.print(payload(RECEIPT));
    await transport.sendRaw(drawerKickBytes({ pin: 2, pulseMs: 100 }));

    expect(lp.job(1)).toEqual(RECEIPT);
    expect(lp.args(2)).toBe('-d Front_Desk.2 -o raw');
    expect(decodeEscPos(lp.job(2)).drawerKicks).toEqual([{ pin: 2, onMs: 100, offMs: 400 }]);
  });

  it('refuses the job with what lp said when the spooler will not take it', async () => {
    const dir = tempDir();
    const command = script(dir, 'lp', 'echo "lp: The printer or class does not exist." >&2\nexit 1');
    const transport = createCupsTransport({ queue: 'Nowhere', writeTimeoutMs: 5_000, command });

    const problem = await problemOf(transport.print(payload(RECEIPT)));

    expect(problem.condition).toBe('offline');
    expect(problem.message).toBe(`${command} refused the job: lp: The printer or class does not exist.`);
  });

  it('says the exit code when lp fails without a word', async () => {
    const command = script(tempDir(), 'lp', 'cat > /dev/null\nexit 3');
    const transport = createCupsTransport({ queue: 'Kitchen', writeTimeoutMs: 5_000, command });

    const problem = await problemOf(transport.print(payload(RECEIPT)));

    expect(problem.condition).toBe('offline');
    expect(problem.message).toMatch(/refused the job: exit code 3$/);
  });

  it('copes with an lp that quits without reading a large job', async () => {
    const command = script(tempDir(), 'lp', 'echo "lp: Unable to connect to the scheduler" >&2\nexit 1');
    const transport = createCupsTransport({ queue: 'Kitchen', writeTimeoutMs: 5_000, command });

    const problem = await problemOf(transport.print(payload(Buffer.alloc(4 << 20, 0x41))));

    expect(problem.condition).toBe('offline');
    expect(problem.message).toMatch(/Unable to connect to the scheduler/);
  });

  it('is unreachable when there is no lp to run', async () => {
    const command = path.join(tempDir(), 'no-such-lp');
    const transport = createCupsTransport({ queue: 'Kitchen', writeTimeoutMs: 5_000, command });

    const problem = await problemOf(transport.print(payload(RECEIPT)));

    expect(problem.condition).toBe('unreachable');
    expect(problem.message).toContain(`cannot run ${command}`);
  });

  it('gives up on a spooler that does not take the job within the write timeout', async () => {
    // Reads the job, then hangs.
    const command = script(tempDir(), 'lp', 'cat > /dev/null\nexec tail -f /dev/null');
    const transport = createCupsTransport({ queue: 'Kitchen', writeTimeoutMs: 300, command });

    const problem = await problemOf(transport.print(payload(RECEIPT)));

    expect(problem.condition).toBe('offline');
    expect(problem.message).toBe('the print spooler did not take the job within 300 ms');
  });

  it('says what it is and that it cannot read the status', async () => {
    const transport = createCupsTransport({ queue: 'Kitchen', writeTimeoutMs: 5_000 });

    expect(transport.description).toBe('CUPS queue Kitchen');
    expect(transport.hasStatus).toBe(false);
    expect(transport.speaksEscPos).toBe(true);
    expect(await transport.status()).toEqual({ condition: 'unknown', paperLow: false });
  });
});
