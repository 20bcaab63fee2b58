import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { Language } from '../../../shared/config/schema.ts';
import type { Clock } from '../../clock.ts';
import { createMemoryLogger } from '../../logging/logger.ts';
import { createPaymentService } from '../../payments/payment-service.ts';
import { createFakeGateway } from '../../payments/testing/fake-gateway.ts';
import { openTestBooks } from '../../testing/test-books.ts';
import { tempDir } from '../../testing/temp-dir.ts';
import { createDepositService } from '../deposit-service.ts';
import { depositWordsFor } from '../deposit-words.ts';

/** A clock that runs with real time, and jumps forward when a test says (days, for a hold's expiry). */
export function jumpingClock(): Clock & { jump(ms: number): void } {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    jump(ms) {
      offset += ms;
    },
  };
}

/**
 * Deposits as the till wires them, on the till's books in a real file in a temp dir, with the payment
 * service over a fake gateway that holds (electron/payments/testing/fake-gateway.ts).
 */
export function startDepositRig(options: { holdValidDays?: number; language?: Language; file?: string } = {}) {
  const file = options.file ?? path.join(tempDir(), 'journal.sqlite');
  const clock = jumpingClock();
  const books = openTestBooks(file, { clock });
  const gateway = createFakeGateway({ clock });
  const logger = createMemoryLogger();
  const payments = createPaymentService({
    book: books.payments,
    provider: gateway,
    currency: 'EUR',
    logger,
    clock,
    // Short, as the payment harness's: a lost answer is asked about within milliseconds.
    timing: {
      resultTimeoutMs: 400,
      statusRetryDelaysMs: [5, 10, 20],
      inProgressPollMs: 5,
      statusGiveUpAfterMs: 1_500,
      unansweredGiveUpAfterMs: 1_500,
    },
  });
  const deposits = createDepositService({
    books,
    payments,
    currency: 'EUR',
    locale: 'en-GB',
    ...(options.holdValidDays === undefined ? {} : { holdValidDays: options.holdValidDays }),
    clock,
    logger,
    words: depositWordsFor(options.language ?? 'en'),
  });
  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    await payments.close();
    books.close();
  }
  onTestFinished(stop);
  return { file, clock, books, gateway, logger, payments, deposits, stop };
}
