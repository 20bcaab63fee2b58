import {
  CustomerDisplayStateSchema,
  DISPLAY_LINES,
  type CustomerDisplayState,
  type DisplayPrompt,
} from '../../shared/customer-display/display-state.ts';
import type { Language } from '../../shared/config/schema.ts';
import type { MainEvent } from '../../shared/ipc/events.ts';
import type { CurrencyCode } from '../../shared/money.ts';
import type { AttemptKind, PaymentProgress, PaymentState } from '../../shared/payments/payment-state.ts';
import { lineAmounts } from '../../shared/sale/cart.ts';
import type { CompletedSale } from '../../shared/sale/completed-sale.ts';
import type { OpenSaleView } from '../../shared/sale/open-sale.ts';
import { describeIssues } from '../../shared/zod-issues.ts';
import type { Logger } from '../logging/logger.ts';

/**
 * What the customer display shows, kept in main. It is fed, never asked:
 * the sale service tells it the sale after every change (`saleChanged`), and
 * the event hub's `payment.progress` tells it a card or a payment link is
 * running. It keeps one state and hands each new one to its subscribers
 * (browser mode's display stream, the Electron display window), checked
 * against the schema first, so nothing else ever leaves for that screen.
 *
 * After a completed sale it says thank you, and goes back to the welcome
 * after `thanksMs`, or at once when the next sale's first line is rung up.
 */

export interface CustomerDisplay {
  /** The state now: what a display that connects first shows. */
  current(): CustomerDisplayState;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (state: CustomerDisplayState) => void): () => void;
  /** The sale on the till changed; `finished` when it was just recorded. Never throws. */
  saleChanged(sale: OpenSaleView, finished?: CompletedSale): void;
  /** A `payment.progress` from the event hub. Never throws. */
  paymentProgress(progress: PaymentProgress): void;
  close(): void;
}

export interface CustomerDisplayOptions {
  language: Language;
  locale: string;
  currency: CurrencyCode;
  /** The sale on the till now, read again when a payment moves (a card paid part of it). */
  currentSale: () => OpenSaleView | undefined;
  /** What the payment service knows of an attempt: only payments are shown, with their amount. */
  attempt: (attemptId: string) => { kind: AttemptKind; amountMinor: number } | undefined;
  logger: Logger;
  /** How long "thank you" stays before the welcome; 20 s unless a test says otherwise. */
  thanksMs?: number;
}

const THANKS_MS = 20_000;

/** The payment may still be taken: the customer has something to do. */
const LIVE: ReadonlySet<PaymentState> = new Set(['created', 'sent', 'in_progress', 'checking']);

export function createCustomerDisplay(options: CustomerDisplayOptions): CustomerDisplay {
  const { language, locale, logger } = options;
  const listeners = new Set<(state: CustomerDisplayState) => void>();
  let state: CustomerDisplayState = { kind: 'idle', language, locale };
  /** The payment running on the sale on the till, and what the customer is asked to do for it. */
  let running: { attemptId: string; saleId: string; prompt: DisplayPrompt } | undefined;
  let thanksTimer: ReturnType<typeof setTimeout> | undefined;

  const stopThanks = () => {
    if (thanksTimer !== undefined) clearTimeout(thanksTimer);
    thanksTimer = undefined;
  };

  function show(next: CustomerDisplayState): void {
    const checked = CustomerDisplayStateSchema.safeParse(next);
    if (!checked.success) {
      logger.error('customer_display.invalid', { kind: next.kind, issues: describeIssues(checked.error) });
      return;
    }
    state = checked.data;
    for (const listener of [...listeners]) {
      try {
        listener(state);
      } catch (error) {
        logger.warn('customer_display.subscriber_failed', { error });
      }
    }
  }

  function saleState(sale: OpenSaleView): CustomerDisplayState {
    const shown = sale.lines.slice(-DISPLAY_LINES);
    const prompt = running?.saleId === sale.saleId ? running.prompt : undefined;
    return {
      kind: 'sale',
      language,
      locale,
      lines: shown.map((line) => ({
        name: line.name,
        quantity: line.quantity,
        totalMinor: lineAmounts(line).totalMinor,
      })),
      moreLines: sale.lines.length - shown.length,
      totalMinor: sale.totals.totalMinor,
      dueMinor: sale.dueMinor,
      currency: sale.currency,
      ...(prompt === undefined ? {} : { prompt }),
    };
  }

  function followSale(sale: OpenSaleView, finished?: CompletedSale): void {
    if (finished !== undefined) {
      running = undefined;
      stopThanks();
      show({
        kind: 'thanks',
        language,
        locale,
        totalMinor: finished.totalMinor,
        ...(finished.changeMinor > 0 ? { changeMinor: finished.changeMinor } : {}),
        currency: finished.currency,
      });
      thanksTimer = setTimeout(() => {
        thanksTimer = undefined;
        show({ kind: 'idle', language, locale });
      }, options.thanksMs ?? THANKS_MS);
      thanksTimer.unref();
      return;
    }
    if (sale.lines.length === 0) {
      // A fresh sale after "thank you" waits for its first line; one given up or parked leaves a welcome.
      if (state.kind !== 'thanks') show({ kind: 'idle', language, locale });
      return;
    }
    stopThanks();
    show(saleState(sale));
  }

  function followPayment(progress: PaymentProgress): void {
    const attempt = options.attempt(progress.attemptId);
    if (attempt !== undefined && attempt.kind !== 'payment') return;
    if (LIVE.has(progress.state)) {
      const link = progress.link;
      running = {
        attemptId: progress.attemptId,
        saleId: progress.saleId,
        prompt:
          link === undefined
            ? { kind: 'card' }
            : {
                kind: 'link',
                url: link.url,
                expiresAt: link.expiresAt,
                amountMinor: attempt?.amountMinor ?? options.currentSale()?.dueMinor ?? 0,
              },
      };
    } else if (running?.attemptId === progress.attemptId) {
      running = undefined;
    }
    const sale = options.currentSale();
    // A sale the approval just finished has already said thank you.
    if (sale?.saleId !== progress.saleId || sale.lines.length === 0) return;
    stopThanks();
    show(saleState(sale));
  }

  /** The display is a side show: nothing it does may break a sale or a payment. */
  const guarded =
    <A extends unknown[]>(what: string, work: (...args: A) => void) =>
    (...args: A): void => {
      try {
        work(...args);
      } catch (error) {
        logger.error('customer_display.failed', { what, error });
      }
    };

  return {
    current: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    saleChanged: guarded('sale', followSale),
    paymentProgress: guarded('payment', followPayment),
    close() {
      stopThanks();
      listeners.clear();
    },
  };
}

/** Feeds the display from the event hub's payment progress; returns the function that stops. */
export function followPaymentEvents(
  display: CustomerDisplay,
  events: { subscribe(listener: (event: MainEvent) => void): () => void },
): () => void {
  return events.subscribe((event) => {
    if (event.type === 'payment.progress') display.paymentProgress(event.progress);
  });
}
