import type { Result } from './result-codes.ts';

/**
 * An OPP answer a route gives by throwing: the HTTP status OPP sends, the
 * result, and any more of the body (`parameterErrors` on a form error, the
 * `payments: []` of an empty query). The simulator adds `buildNumber`,
 * `timestamp` and `ndc` to every answer, as OPP does.
 */
export class OppError extends Error {
  readonly status: number;
  readonly result: Result;
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(status: number, result: Result, extra: Readonly<Record<string, unknown>> = {}) {
    super(`${result.code} ${result.description}`);
    this.status = status;
    this.result = result;
    this.extra = extra;
  }
}

/** One entry of OPP's `parameterErrors`: which parameter, what was sent, what is wrong. */
export interface ParameterError {
  name: string;
  value: string;
  message: string;
}
