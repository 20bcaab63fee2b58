/**
 * One attempt's run as the payment loop holds it, and the few moves every
 * part of the loop makes on it: sleep unless woken, and a request that stops
 * when the run stops. No decisions here: those are the table's.
 */

export interface Run {
  readonly attemptId: string;
  /** Stops the run for good (service closing). */
  readonly stop: AbortController;
  /** Cancels the request in flight, when a result arrives another way or the deadline passes. */
  request: AbortController;
  /** Wakes a waiting run: a notification arrived. */
  poke: () => void;
  /** A Reject or a timeout result came by webhook: go and ask. */
  checkNow: string | undefined;
  done: Promise<void>;
}

// Functions, not inline reads: these change while the run awaits, behind the compiler's back.
export const stopped = (run: Run) => run.stop.signal.aborted;
export const checkAsked = (run: Run) => run.checkNow !== undefined;

/** Sleeps `ms` unless poked or stopped first. */
export function pause(run: Run, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(finish, ms);
    const onStop = () => finish();
    run.stop.signal.addEventListener('abort', onStop, { once: true });
    run.poke = finish;
    function finish() {
      clearTimeout(timer);
      run.stop.signal.removeEventListener('abort', onStop);
      run.poke = () => undefined;
      resolve();
    }
  });
}

/**
 * A controller for one request that also stops when the run stops. Cheaper
 * than AbortSignal.any, which a till would call on every request.
 */
export function requestUnder(stop: AbortController): AbortController {
  const request = new AbortController();
  if (stop.signal.aborted) request.abort();
  else stop.signal.addEventListener('abort', () => request.abort(), { once: true, signal: request.signal });
  return request;
}
