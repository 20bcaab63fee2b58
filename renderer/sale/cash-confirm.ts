import type { ScreenSettings } from '../../shared/ipc/contract.ts';

/**
 * Whether cash typed for a sale is so far above what is due that the cashier
 * is asked first: a scanned barcode or a few zeros too many. A safety net on
 * the screen only; main takes whatever cash it is sent.
 */
export function needsCashConfirm(
  tenderedMinor: number,
  dueMinor: number,
  { timesDue, changeAboveMinor }: ScreenSettings['cashConfirm'],
): boolean {
  if (tenderedMinor <= dueMinor) return false;
  return tenderedMinor > dueMinor * timesDue || tenderedMinor - dueMinor > changeAboveMinor;
}
