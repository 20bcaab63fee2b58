import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-dir.ts';
import { checkDiskSpace } from './disk-space-check.ts';
import { checkJournal } from './journal-check.ts';
import { openTestPaymentBook } from '../testing/test-books.ts';

describe('the journal check', () => {
  it('passes a sound journal', async () => {
    const file = path.join(tempDir(), 'journal.sqlite');
    openTestPaymentBook(file).close();
    const result = await checkJournal(file);
    expect(result).toMatchObject({ name: 'journal', status: 'pass' });
    expect(result.detail).toMatch(new RegExp(`^${file.replaceAll('.', '\\.')} is sound \\(\\d+ KB\\)\\.$`));
  });

  it('fails a damaged journal and says not to delete it', async () => {
    const file = path.join(tempDir(), 'journal.sqlite');
    writeFileSync(file, 'this is not a database, whatever its name says'.repeat(200));
    const result = await checkJournal(file);
    expect(result.status).toBe('fail');
    expect(result.detail).toContain(`The till's database at ${file} is damaged`);
    expect(result.fix).toContain('restore the journal from the last backup');
  });

  it('passes a journal not made yet when its folder can be created', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'Kassa', 'data', 'journal.sqlite');
    expect(await checkJournal(file)).toMatchObject({
      status: 'pass',
      detail: `No journal at ${file} yet: it will be created on first start (${dir} is writable).`,
    });
  });

  it('fails when the journal cannot be created, or names a folder', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'not-a-folder'), '');
    const underFile = await checkJournal(path.join(dir, 'not-a-folder', 'journal.sqlite'));
    expect(underFile).toMatchObject({ status: 'fail' });
    expect(underFile.detail).toContain('is a file, not a folder');

    mkdirSync(path.join(dir, 'journal.sqlite'));
    expect(await checkJournal(path.join(dir, 'journal.sqlite'))).toMatchObject({
      status: 'fail',
      detail: `${path.join(dir, 'journal.sqlite')} is a folder, not a journal file.`,
    });
  });
});

describe('the disk space check', () => {
  it('says how much is free on the journal’s disk', async () => {
    const dir = tempDir();
    const result = await checkDiskSpace(path.join(dir, 'not', 'yet', 'journal.sqlite'), { minFreeBytes: 1 });
    expect(result).toMatchObject({ name: 'disk space', status: 'pass' });
    expect(result.detail).toMatch(new RegExp(`^[\\d.]+ [KMG]B free on the disk holding ${dir}\\.$`));
  });

  it('fails under the minimum, saying how much is free and how much is wanted', async () => {
    const dir = tempDir();
    const result = await checkDiskSpace(path.join(dir, 'journal.sqlite'), { minFreeBytes: Number.MAX_SAFE_INTEGER });
    expect(result.status).toBe('fail');
    expect(result.detail).toMatch(
      /^Only [\d.]+ [KMG]B free on the disk holding .+; the till wants at least [\d.]+ GB\.$/,
    );
    expect(result.fix).toContain('Free up space');
  });
});
