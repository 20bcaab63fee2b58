import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../testing/temp-dir.ts';
import { runKassa } from './run-kassa.ts';

let stdout = '';
let stderr = '';

beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});

describe('kassa command line', () => {
  it('prints its commands for help, and a command’s options for help <command>', async () => {
    await expect(runKassa(['help'])).resolves.toBe(0);
    expect(stdout).toContain('serve');
    stdout = '';
    await expect(runKassa(['help', 'serve'])).resolves.toBe(0);
    expect(stdout).toContain('--port N');
  });

  it('exits with 2 and the usage for an unknown command', async () => {
    await expect(runKassa(['refund-everything'])).resolves.toBe(2);
    expect(stderr).toContain('unknown command "refund-everything"');
    expect(stderr).toContain('Usage: kassa');
  });

  it.each([
    [['--port', 'eighty']],
    [['--port', '70000']],
    [['--colour', 'blue']],
    [['--config']],
    [['--renderer', '/nonexistent/kassa-ui']],
  ])('exits with 2 and says what is wrong for serve %j', async (args) => {
    await expect(runKassa(['serve', ...args])).resolves.toBe(2);
    expect(stderr).toMatch(/^kassa serve: .+/);
  });

  it('explains a missing UI build in words that say what to run', async () => {
    await runKassa(['serve', '--renderer', '/nonexistent/kassa-ui']);
    expect(stderr).toContain('Run `npm run build` first');
  });

  it('exits with 2 and names the key and file of a bad configuration', async () => {
    const ui = tempDir();
    writeFileSync(path.join(ui, 'index.html'), '<title>Kassa</title>');
    const config = path.join(tempDir(), 'till.json');
    writeFileSync(config, JSON.stringify({ mode: 'party' }));
    await expect(runKassa(['serve', '--renderer', ui, '--config', config, '--port', '0'])).resolves.toBe(2);
    expect(stderr).toContain(`mode: `);
    expect(stderr).toContain(config);
  });

  it.each([
    [['--time-scale', '0']],
    [['--time-scale', 'fast']],
    [['--event-url', 'ftp://events.example/']],
    [['--event-url', 'not a url']],
    [['--poiid', 'no serial']],
    [['--api-key', ' ']],
    [['--port', '-1']],
  ])('exits with 2 and says what is wrong for simulator %j', async (args) => {
    await expect(runKassa(['simulator', '--port', '0', ...args])).resolves.toBe(2);
    expect(stderr).toMatch(/^kassa simulator: .+/);
    expect(stderr).toContain('kassa simulator [--port N]');
  });
});
