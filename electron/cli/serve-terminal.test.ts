import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './project.ts';

/**
 * What a newcomer sees in the terminal running the till: the friendly lines
 * on standard output, the JSON log lines in the log file, and on the terminal
 * only when asked with --verbose. Runs the real `kassa serve` as a child process.
 */
async function runServe(extra: string[]): Promise<{ stdout: string; stderr: string; logFile: string; code: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kassa-serve-'));
  const ui = mkdtempSync(path.join(tmpdir(), 'kassa-ui-'));
  writeFileSync(path.join(ui, 'index.html'), '<title>Kassa</title>');
  const child = spawn(process.execPath, ['electron/cli/kassa.ts', 'serve', '--port', '0', '--renderer', ui, ...extra], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, KASSA_DATA_DIR: dataDir, KASSA_CONFIG: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Press Ctrl+C')) resolve();
    });
    void exited.then((code) => reject(new Error(`kassa serve exited with ${String(code)}:\n${stdout}${stderr}`)));
  });
  child.kill('SIGINT');
  const code = await exited;
  return { stdout, stderr, logFile: readFileSync(path.join(dataDir, 'logs', 'kassa.log'), 'utf8'), code };
}

// A whole till starts and stops in each test: on a busy machine that takes seconds.
describe('kassa serve in a terminal', { timeout: 30_000 }, () => {
  it('prints only the friendly lines; the log lines go to the log file; Ctrl+C with no payment out stops it', async () => {
    const run = await runServe([]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/Log lines go to .+kassa\.log \(add --verbose to see them here\)/);
    expect(run.stdout).toMatch(/Open http:\/\/127\.0\.0\.1:\d+\/#token=/);
    expect(run.stdout).toMatch(/Customer display \(.+\): http:\/\/127\.0\.0\.1:\d+\/display#token=/);
    expect(run.stdout).not.toContain('{"');
    expect(run.logFile).toContain('"level":"info"');
  });

  it('shows the log lines in the terminal too with --verbose', async () => {
    const run = await runServe(['--verbose']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('"level":"info"');
    expect(run.stdout).not.toContain('Log lines go to');
    expect(run.logFile).toContain('"level":"info"');
  });
});
