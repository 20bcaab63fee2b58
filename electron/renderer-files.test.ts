import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRendererFile, rendererFilePath } from './renderer-files.ts';
import { tempDir } from './testing/temp-dir.ts';

describe('renderer files', () => {
  it('maps / to index.html and keeps other paths inside the folder', () => {
    expect(rendererFilePath('/srv/ui', '/')).toBe(path.resolve('/srv/ui/index.html'));
    expect(rendererFilePath('/srv/ui', '/assets/a.js')).toBe(path.resolve('/srv/ui/assets/a.js'));
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00index.html', '/%E0%A4%A'])(
    'refuses %s',
    (urlPath) => {
      expect(rendererFilePath('/srv/ui', urlPath)).toBeUndefined();
    },
  );

  it('reads a file with its content type, caching assets but never the page', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'index.html'), '<p>till</p>');
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'assets', 'a.css'), 'p{}');
    const page = await readRendererFile(dir, '/');
    expect(page?.headers['cache-control']).toBe('no-store');
    expect(page?.headers['content-security-policy']).toBeDefined();
    const css = await readRendererFile(dir, '/assets/a.css');
    expect(css?.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css?.headers['cache-control']).toContain('immutable');
  });

  it('never serves a real file outside the folder, however the path is spelled', async () => {
    const root = tempDir();
    const ui = path.join(root, 'ui');
    mkdirSync(ui);
    writeFileSync(path.join(root, 'outside.js'), 'secret()');
    for (const attempt of ['/../outside.js', '/..%2foutside.js', '/%2e%2e%2foutside.js', '/..\\outside.js']) {
      await expect(readRendererFile(ui, attempt)).resolves.toBeUndefined();
    }
  });

  it('does not serve files of unknown types or files that do not exist', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'private');
    await expect(readRendererFile(dir, '/notes.txt')).resolves.toBeUndefined();
    await expect(readRendererFile(dir, '/missing.js')).resolves.toBeUndefined();
  });
});
