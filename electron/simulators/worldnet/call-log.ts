/**
 * Every Merchant API call the simulator was asked, in order, with the
 * simulated time it came in: a till's test asserts its pace with it ("at
 * most one status question per askEverySeconds"), and sees which calls were
 * faulted or refused.
 */

export interface CallRecord {
  method: string;
  /** The path without the query. */
  path: string;
  /** The query string, "" when none. */
  query: string;
  /** Simulated time the call came in. */
  at: string;
  atMs: number;
  /** The HTTP status answered; undefined while in progress or when the connection was cut. */
  status?: number;
  fault?: string;
}

export interface CallLog {
  start(call: Pick<CallRecord, 'method' | 'path' | 'query'>, at: Date): CallRecord;
  readonly records: readonly CallRecord[];
  reset(): void;
}

export function createCallLog(): CallLog {
  let records: CallRecord[] = [];
  return {
    start(call, at) {
      const made: CallRecord = { ...call, at: at.toISOString(), atMs: at.getTime() };
      records.push(made);
      return made;
    },
    get records() {
      return records;
    },
    reset() {
      records = [];
    },
  };
}
