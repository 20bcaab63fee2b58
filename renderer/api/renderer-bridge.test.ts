import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../shared/ipc/channels.ts';
import type { KassaApi, KassaBridge } from '../../shared/ipc/contract.ts';
import { speak } from '../i18n/words.ts';
import { fromPreload } from './renderer-bridge.ts';

/** A preload bridge whose every call IPC could not carry: Electron's invoke rejects. */
function uncarried(): KassaBridge {
  const api = Object.fromEntries(
    CHANNELS.map((channel) => [channel, () => Promise.reject(new Error('An object could not be cloned.'))]),
  ) as unknown as KassaApi;
  return { api, onEvent: () => () => undefined };
}

afterEach(() => speak(undefined));

describe('fromPreload', () => {
  it('passes main’s answers through unchanged', async () => {
    const answer = { ok: true, value: { devices: [] } };
    const api = Object.fromEntries(CHANNELS.map((channel) => [channel, vi.fn(() => Promise.resolve(answer))]));
    const bridge = fromPreload({ api: api as unknown as KassaApi, onEvent: () => () => undefined });
    expect(await bridge.api['devices.list']({})).toBe(answer);
    expect(api['devices.list']).toHaveBeenCalledWith({});
  });

  it('answers a call IPC could not carry with a Result in the till’s language, never a rejection', async () => {
    const bridge = fromPreload(uncarried());
    expect(await bridge.api['till.getInfo']({})).toEqual({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message: 'The till did not take this request. Try again; if it keeps happening, restart Kassa.',
      },
    });
    speak('nl');
    expect(await bridge.api['sales.current']({})).toEqual({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message:
          'De kassa heeft dit verzoek niet aangenomen. Probeer het opnieuw; gebeurt het steeds, start Kassa dan opnieuw.',
      },
    });
  });
});
