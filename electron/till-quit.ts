import type { Till } from './till.ts';

/**
 * What every way of stopping the till (the desktop window, Ctrl+C in a
 * terminal) asks of it: how many card payments are out at the terminal, and
 * where to record that someone stopped it anyway.
 */

export function paymentsInFlight(till: Till): number {
  return till.payments?.service.inFlight().length ?? 0;
}

/** A stop with payments still out is an audit event: who was logged in, how many were out. */
export function auditQuitOverride(till: Till, count: number, at: Date = new Date()): void {
  const actor = till.staff.session().operator?.staffId;
  till.books?.audit.record(
    { action: 'quit.overridden', ...(actor === undefined ? {} : { actor }), detail: { paymentsInFlight: count } },
    at.toISOString(),
  );
}
