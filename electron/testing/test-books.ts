import type { Clock } from '../clock.ts';
import type { PaymentBook } from '../payments/payment-book.ts';
import { openTillBooks, type TillBooks, type TillBooksOptions } from '../till-books.ts';

/**
 * The till's books on a real file, for tests: every book on one connection,
 * as the till opens them. `close` closes the file, as a stopping till does.
 */
export function openTestBooks(file: string, options: Partial<TillBooksOptions> = {}): TillBooks {
  return openTillBooks(file, { tillId: 'T-1', currency: 'EUR', ...options });
}

/** The payment book alone, with `close` for the file: what most payment tests need. */
export function openTestPaymentBook(
  file: string,
  options: { clock?: Clock; check?: 'now' | 'later' } = {},
): PaymentBook & { close(): void } {
  const books = openTestBooks(file, options);
  return { ...books.payments, close: () => books.close() };
}
