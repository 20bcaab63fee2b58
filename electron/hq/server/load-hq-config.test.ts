import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/load-config.ts';
import { tempDir } from '../../testing/temp-dir.ts';
import { loadHqConfig, sessionSecretInDataDir } from './load-hq-config.ts';

describe('HQ’s configuration', () => {
  it('has a default for everything but the secrets, so HQ runs on a fresh machine', () => {
    expect(loadHqConfig({ env: {} })).toEqual({
      listen: '127.0.0.1:4320',
      timeZone: 'UTC',
      enrolmentCodeDays: 7,
      webhooks: {},
    });
  });

  it('takes secrets and the database from the environment over the file', () => {
    const file = path.join(tempDir(), 'hq.json');
    writeFileSync(
      file,
      JSON.stringify({
        publicUrl: 'https://hq.example/',
        database: 'postgres://file@db/kassa',
        timeZone: 'Europe/Amsterdam',
        webhooks: { adyen: { username: 'adyen', password: 'from-the-file-1' } },
      }),
    );
    const config = loadHqConfig({
      configFile: file,
      env: {
        KASSA_HQ_DATABASE: 'postgres://env@db/kassa',
        KASSA_HQ_SESSION_SECRET: 's'.repeat(40),
        KASSA_HQ_ADYEN_PASSWORD: 'from-the-environment',
      },
    });
    expect(config).toMatchObject({
      publicUrl: 'https://hq.example',
      database: 'postgres://env@db/kassa',
      sessionSecret: 's'.repeat(40),
      timeZone: 'Europe/Amsterdam',
      webhooks: { adyen: { username: 'adyen', password: 'from-the-environment' } },
    });
  });

  it.each([
    [{ sessionSecret: 'too short' }, 'sessionSecret: must be at least 32 characters'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone: must be an IANA time zone'],
    [{ webhooks: { adyen: { username: 'a', password: 'short' } } }, 'webhooks.adyen.password'],
    [{ listen: 'everywhere' }, 'listen: must be host:port'],
    [{ pushesAtOnce: 0 }, 'pushesAtOnce'],
    [{ surprise: true }, 'surprise'],
  ])('refuses %j, naming the key and never the secret', (values, words) => {
    const file = path.join(tempDir(), 'hq.json');
    writeFileSync(file, JSON.stringify(values));
    expect(() => loadHqConfig({ configFile: file, env: {} })).toThrow(ConfigError);
    expect(() => loadHqConfig({ configFile: file, env: {} })).toThrow(words);
    expect(() => loadHqConfig({ configFile: file, env: {} })).not.toThrow(/too short|short"/);
  });

  it('makes a session secret once in the embedded database’s folder, readable by its owner only', () => {
    const dir = path.join(tempDir(), 'hq');
    const secret = sessionSecretInDataDir(dir);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(sessionSecretInDataDir(dir)).toBe(secret);
    expect(readFileSync(path.join(dir, 'session-secret'), 'utf8').trim()).toBe(secret);
    if (process.platform !== 'win32') expect(statSync(path.join(dir, 'session-secret')).mode & 0o777).toBe(0o600);
  });
});
