import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STOP_WORDS, untilStopAsked } from './stop-signals.ts';

describe('stopping a till run from a terminal', () => {
  let signals: EventEmitter;
  let said: string[];
  let inFlight: number;
  let overrides: number[];
  let stopped: boolean;

  const run = () => {
    void untilStopAsked({
      signals,
      inFlight: () => inFlight,
      say: (text) => said.push(text),
      onOverride: (count) => overrides.push(count),
    }).then(() => (stopped = true));
  };

  beforeEach(() => {
    vi.useFakeTimers();
    signals = new EventEmitter();
    said = [];
    inFlight = 0;
    overrides = [];
    stopped = false;
  });
  afterEach(() => vi.useRealTimers());

  it('stops at the first Ctrl+C when no card payment is out', async () => {
    run();
    signals.emit('SIGINT');
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(true);
    expect(said).toEqual([]);
  });

  it('warns and waits while a card payment is out, then stops once it has finished', async () => {
    inFlight = 1;
    run();
    signals.emit('SIGINT');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(stopped).toBe(false);
    expect(said).toEqual([STOP_WORDS.waiting(1)]);

    inFlight = 0;
    await vi.advanceTimersByTimeAsync(250);
    expect(stopped).toBe(true);
    expect(said).toEqual([STOP_WORDS.waiting(1), STOP_WORDS.finished]);
    expect(overrides).toEqual([]);
  });

  it('stops at a second Ctrl+C and reports the override', async () => {
    inFlight = 2;
    run();
    signals.emit('SIGINT');
    signals.emit('SIGINT');
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(true);
    expect(overrides).toEqual([2]);
    expect(said).toEqual([STOP_WORDS.waiting(2), STOP_WORDS.overridden]);
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });

  it('stops at once on SIGTERM, the service manager’s decision', async () => {
    inFlight = 1;
    run();
    signals.emit('SIGTERM');
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(true);
    expect(said).toEqual([]);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });
});
