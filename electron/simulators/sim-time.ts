/**
 * The simulator's sense of time. Every delay it models (a shopper tapping a
 * card, the 120-second card wait, the 150-second cloud timeout, webhook
 * retries) is written in real-world milliseconds and multiplied by `scale`,
 * so tests run the 150-second rules in about a second with the same code
 * path a demo runs at full length.
 */

export interface SimTime {
  /** 1 runs at real speed; 0.01 makes 150 s take 1.5 s. */
  readonly scale: number;
  /**
   * Resolves after `simulatedMs` of simulated time, or at once with `false`
   * if `signal` aborts first. Never rejects.
   */
  wait(simulatedMs: number, signal?: AbortSignal): Promise<boolean>;
  now(): Date;
  /** Ends every wait at once (with `false`), now and later: nothing the simulator started outlives it. */
  stop(): void;
}

export function createSimTime(scale: number, now: () => Date = () => new Date()): SimTime {
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(`The time scale must be a positive number (got ${String(scale)}).`);
  }
  const stopped = new AbortController();
  return {
    scale,
    now,
    wait(simulatedMs, signal) {
      const stop = signal === undefined ? stopped.signal : AbortSignal.any([signal, stopped.signal]);
      if (stop.aborted) return Promise.resolve(false);
      const realMs = simulatedMs * scale;
      return new Promise((resolve) => {
        const done = () => {
          stop.removeEventListener('abort', onAbort);
          resolve(true);
        };
        // Timers round up to a whole millisecond; a shorter wait only needs to yield once.
        const timer = realMs < 1 ? setImmediate(done) : setTimeout(done, realMs);
        const onAbort = () => {
          if (realMs < 1) clearImmediate(timer as NodeJS.Immediate);
          else clearTimeout(timer as NodeJS.Timeout);
          resolve(false);
        };
        stop.addEventListener('abort', onAbort, { once: true });
      });
    },
    stop() {
      stopped.abort();
    },
  };
}
