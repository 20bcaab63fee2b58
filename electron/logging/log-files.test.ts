import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-dir.ts';
import { createLogger } from './logger.ts';
import { logFilesIn, openLogFiles } from './log-files.ts';

/** The rotating log files: real files in a temp dir, sizes small enough to rotate in a test. */

describe('log files', () => {
  it('writes each line, moves a full file aside, and keeps only as many old files as asked', () => {
    const dir = tempDir();
    const files = openLogFiles({ dir, maxBytes: 100, keep: 2 });
    const line = (n: number) => `${JSON.stringify({ n, pad: 'x'.repeat(20) })}\n`; // 39–40 bytes
    for (let n = 1; n <= 10; n += 1) files.write(line(n));

    // Two lines fit in 100 bytes; the third starts a new file. 10 lines: files of 9–10, 7–8, 5–6; 1–4 are gone.
    expect(logFilesIn(dir).map((file) => path.basename(file))).toEqual(['kassa.log', 'kassa.1.log', 'kassa.2.log']);
    const numbers = (file: string) =>
      readFileSync(path.join(dir, file), 'utf8')
        .trim()
        .split('\n')
        .map((text) => (JSON.parse(text) as { n: number }).n);
    expect(numbers('kassa.log')).toEqual([9, 10]);
    expect(numbers('kassa.1.log')).toEqual([7, 8]);
    expect(numbers('kassa.2.log')).toEqual([5, 6]);
  });

  it('carries on from the size of a file left by the last run', () => {
    const dir = tempDir();
    openLogFiles({ dir, maxBytes: 100 }).write(`${'a'.repeat(80)}\n`);
    openLogFiles({ dir, maxBytes: 100 }).write(`${'b'.repeat(80)}\n`);
    expect(logFilesIn(dir).map((file) => path.basename(file))).toEqual(['kassa.log', 'kassa.1.log']);
  });

  it('holds the logger’s lines with secrets already redacted', () => {
    const dir = tempDir();
    const files = openLogFiles({ dir });
    createLogger({ write: (text) => files.write(text) }).info('payments.created', { apiKey: 'AQE-secret', amount: 5 });
    const written = readFileSync(path.join(dir, 'kassa.log'), 'utf8');
    expect(JSON.parse(written)).toMatchObject({ msg: 'payments.created', apiKey: '[redacted]', amount: 5 });
    expect(written).not.toContain('AQE-secret');
  });
});
