import { performance } from 'node:perf_hooks';

/** Timing helpers for `npm run bench`: figures, not pass/fail tests. */

export interface Sample {
  count: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

export function summarise(durationsMs: number[], totalMs: number): Sample {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    perSecond: (sorted.length / totalMs) * 1000,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
  };
}

/** Runs `task` `count` times one after another, after `warmup` unmeasured runs. */
export async function timeEach(count: number, task: () => unknown, warmup = Math.ceil(count / 10)): Promise<Sample> {
  for (let i = 0; i < warmup; i += 1) await task();
  const durations: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const before = performance.now();
    await task();
    durations.push(performance.now() - before);
  }
  return summarise(durations, performance.now() - started);
}

export function heapUsedMb(): number {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}
