import type { ErrorCode } from '../shared/result.ts';

/**
 * An expected failure a service reports to its caller: the code says what kind
 * it is, the message says in plain words what the person should do next. The
 * IPC router turns it into `{ ok: false, error }`; anything else a handler
 * throws is treated as a bug.
 */
export class TillError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'TillError';
    this.code = code;
  }
}
