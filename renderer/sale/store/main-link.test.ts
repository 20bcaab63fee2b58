import { describe, expect, it } from 'vitest';
import type { KassaApi } from '../../../shared/ipc/contract.ts';
import type { RendererBridge } from '../../api/renderer-bridge.ts';
import { createMainLink } from './main-link.ts';

const bridge = (): RendererBridge => ({
  api: {} as KassaApi,
  onEvent: () => () => undefined,
  onConnection: () => () => undefined,
});

describe('the sale screen’s line to main', () => {
  it('runs commands one after another, in the order asked, even after one fails', async () => {
    const link = createMainLink();
    const done: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const first = link.inTurn(async () => {
      await new Promise<void>((release) => (releaseFirst = release));
      done.push('first');
      throw new Error('refused');
    });
    const second = link.inTurn(() => {
      done.push('second');
      return Promise.resolve(2);
    });
    await Promise.resolve();
    expect(done).toEqual([]);
    releaseFirst();
    await expect(first).rejects.toThrow('refused');
    await expect(second).resolves.toBe(2);
    expect(done).toEqual(['first', 'second']);
  });

  it('moves to a new epoch when the till locks', () => {
    const link = createMainLink();
    const asked = link.epoch();
    link.lock();
    expect(link.epoch()).not.toBe(asked);
  });

  it('lets go of a bridge only while it is still the one connected', () => {
    const link = createMainLink();
    expect(() => link.api()).toThrow(/not connected/);
    const old = bridge();
    const letGoOfOld = link.connect(old);
    const current = bridge();
    link.connect(current);
    letGoOfOld();
    expect(link.api()).toBe(current.api);
  });
});
