import { describe, expect, it } from 'vitest';
import { hashPassword, UNKNOWN_ACCOUNT_HASH, verifyPassword } from './password-hash.ts';

describe('head-office password hashes', () => {
  it('are scrypt with a random salt, and check the right password only', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.toContain('correct horse');
    expect(await hashPassword('correct horse battery')).not.toBe(hash);
    await expect(verifyPassword('correct horse battery', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', hash)).resolves.toBe(false);
  });

  it('match nothing when malformed, too cheap or too dear', async () => {
    const hash = await hashPassword('correct horse battery');
    const [, , r, p, salt, key] = hash.split('$');
    await expect(verifyPassword('correct horse battery', 'not a hash')).resolves.toBe(false);
    await expect(verifyPassword('correct horse battery', ['scrypt', 1024, r, p, salt, key].join('$'))).resolves.toBe(
      false,
    );
    await expect(verifyPassword('correct horse battery', ['scrypt', 2 ** 30, r, p, salt, key].join('$'))).resolves.toBe(
      false,
    );
    await expect(verifyPassword('', UNKNOWN_ACCOUNT_HASH)).resolves.toBe(false);
  });
});
