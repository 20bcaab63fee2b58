import type { Logger } from '../../logging/logger.ts';
import { sameSecret } from '../http-basics.ts';
import { currencyExponent, type CurrencyCode } from '../../../shared/money.ts';
import { pageCurrency, parsePageAmount } from './amounts.ts';
import { requestHash, type CurrencyMode } from './hash.ts';
import {
  approvedPage,
  cancelledPage,
  declinedPage,
  endedPage,
  paymentPage,
  refusedPage,
  unknownOrderPage,
} from './pay-page.ts';
import { Refusal, type Paid, type Platform } from './platform.ts';
import { html, type Reply } from './replies.ts';
import { PageActionSchema, PaymentPageRequestSchema, type PaymentPageRequest } from './request-schemas.ts';

/**
 * The hosted payment page (HPP): `POST {paymentPagePath}` with the form,
 * and, unlike what Worldnet documents, `GET` with the same parameters in the
 * query. A request passes when every required field is there and well
 * formed, TERMINALID is this terminal's, CURRENCY and AMOUNT agree, the HASH
 * is right in the configured currency mode, and its ORDERID was never used
 * before (even by an identical request: whether Worldnet refuses a repeat is
 * unverified, and a till must not rely on it being let through). A failure
 * is a 400 page listing each check that failed. A good request shows the
 * amount with Pay and Cancel, which post to `{paymentPagePath}/orders/{ORDERID}`.
 */

export interface HostedPage {
  /** The page request: its parameters from the form body or the query. */
  request(method: 'GET' | 'POST', parameters: Readonly<Record<string, string>>): Reply;
  /** A button on the page: `action=pay` or `action=cancel`. */
  action(orderId: string, parameters: Readonly<Record<string, string>>): Reply;
}

export function createHostedPage(dependencies: {
  platform: Platform;
  terminalId: string;
  secret: string;
  mode: CurrencyMode;
  paymentPagePath: string;
  logger: Logger;
  /** Pays the order and sends what follows (the validation). */
  pay: (orderId: string) => Paid;
}): HostedPage {
  const { platform, terminalId, secret, mode, paymentPagePath, logger } = dependencies;

  /** Every check that fails, in the order Worldnet's page would meet them; the order's money when none does. */
  function check(
    fields: PaymentPageRequest,
  ): { problems: string[] } | { problems: []; currency: CurrencyCode; amountMinor: number } {
    const problems: string[] = [];
    if (fields.TERMINALID !== terminalId) problems.push(`TERMINALID ${fields.TERMINALID} is not this terminal`);
    const currency = pageCurrency(fields.CURRENCY);
    const amountMinor = currency === undefined ? undefined : parsePageAmount(fields.AMOUNT, currency);
    if (currency === undefined) {
      problems.push('CURRENCY must be an ISO 4217 code written with two decimals or none (EUR, GBP, JPY)');
    } else if (amountMinor === undefined) {
      const example = currencyExponent(currency) === 0 ? '1200' : '12.50';
      problems.push(`AMOUNT must be above zero and written like ${example} for ${currency}`);
    }
    if (problems.length > 0 || currency === undefined || amountMinor === undefined) return { problems };
    if (!sameSecret(fields.HASH, requestHash(fields, secret, mode))) {
      return {
        problems: [
          mode === 'multi'
            ? 'HASH does not match the request (a multi-currency terminal: CURRENCY is hashed after ORDERID)'
            : 'HASH does not match the request (a single-currency terminal: CURRENCY is not hashed)',
        ],
      };
    }
    return { problems: [], currency, amountMinor };
  }

  function refused(problems: readonly string[]): Reply {
    logger.info('worldnet_simulator.page_refused', { problems });
    return html(400, refusedPage(problems));
  }

  function resultPage(paid: Paid): Reply {
    const { order, outcome } = paid;
    if (outcome.kind === 'cancelled') return html(200, cancelledPage(order));
    if (order.status === 'PAID') return html(200, approvedPage(order));
    return html(200, declinedPage(order, outcome.responseText));
  }

  return {
    request(method, parameters) {
      const parsed = PaymentPageRequestSchema.safeParse(parameters);
      if (!parsed.success) return refused(parsed.error.issues.map((issue) => issue.message));
      const fields = parsed.data;
      const checked = check(fields);
      if (!('currency' in checked)) return refused(checked.problems);
      const { currency, amountMinor } = checked;
      try {
        const order = platform.openOrder({
          orderId: fields.ORDERID,
          currency,
          amount: fields.AMOUNT,
          amountMinor,
          dateTime: fields.DATETIME,
          receiptPageUrl: fields.RECEIPTPAGEURL,
          validationUrl: fields.VALIDATIONURL,
          method,
        });
        logger.info('worldnet_simulator.page_opened', { orderId: order.orderId, amount: order.amount, method });
        return html(200, paymentPage(order, paymentPagePath));
      } catch (error) {
        if (error instanceof Refusal) return refused([error.message]);
        throw error;
      }
    },
    action(orderId, parameters) {
      if (!platform.knowsOrder(orderId)) return html(404, unknownOrderPage());
      const order = platform.order(orderId);
      if (order.status !== 'OPEN') return html(410, endedPage(order));
      const parsed = PageActionSchema.safeParse(parameters);
      if (!parsed.success) return refused(['The page posts action=pay or action=cancel']);
      if (parsed.data.action === 'cancel') return html(200, cancelledPage(platform.abandon(orderId, 'CANCELLED')));
      return resultPage(dependencies.pay(orderId));
    },
  };
}
