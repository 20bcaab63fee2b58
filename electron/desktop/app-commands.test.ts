import { describe, expect, it } from 'vitest';
import { appCommand, refusedAppCommand } from './app-commands.ts';

describe('commands the installed app answers', () => {
  it('finds the command after the binary when packaged, and after the app path in development', () => {
    expect(appCommand(['/opt/Kassa/kassa', 'doctor', '--json'], true)).toEqual(['doctor', '--json']);
    expect(appCommand(['/x/electron', '/x/out/electron/main.js', 'support-bundle', '--out', '/tmp'], false)).toEqual([
      'support-bundle',
      '--out',
      '/tmp',
    ]);
  });

  it('looks past Chromium switches', () => {
    expect(appCommand(['C:\\Kassa\\Kassa.exe', '--no-sandbox', 'config', '--json'], true)).toEqual([
      'config',
      '--json',
    ]);
  });

  it('starts the till for anything else: no arguments, --config, or a command that runs a till or moves money', () => {
    expect(appCommand(['/opt/Kassa/kassa'], true)).toBeUndefined();
    expect(appCommand(['/opt/Kassa/kassa', '--config', '/etc/kassa/config.json'], true)).toBeUndefined();
    expect(appCommand(['/opt/Kassa/kassa', 'serve'], true)).toBeUndefined();
    expect(appCommand(['/opt/Kassa/kassa', 'pay', '12.50'], true)).toBeUndefined();
  });
});

describe('commands the installed app refuses', () => {
  it('will not open the cash drawer from a shell: that is a manager’s act at the till, audited', () => {
    expect(refusedAppCommand(['print-test', '--drawer'])).toMatch(/not available on an installed till/);
    expect(refusedAppCommand(['print-test', '--printer', 'tcp://10.0.0.9', '--drawer=true'])).toMatch(/F6/);
    expect(refusedAppCommand(['print-test', '--printer', 'tcp://10.0.0.9'])).toBeUndefined();
    expect(refusedAppCommand(['doctor', '--drawer'])).toBeUndefined();
  });
});
