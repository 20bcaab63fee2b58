import type { TillConfig } from '../../../shared/config/schema.ts';
import type { OnlinePaymentsConfig } from '../../../shared/config/online-schema.ts';
import { IN_FLIGHT_PAYMENT_STATES } from '../../../shared/payments/payment-state.ts';
import type { PaymentService } from '../payment-service.ts';
import type { ConnectedGateway, GatewayModule } from '../providers/gateway-module.ts';
import { paymentPageFields, paymentPageHtml } from './payment-page.ts';
import { WORLDNET_SIMULATOR } from './simulator-command.ts';
import { checkWorldnet } from './worldnet-check.ts';
import { connectWorldnet, type WorldnetConnection } from './worldnet-connection.ts';
import { createWorldnetLinkProvider, isLinkPageLive, readLinkReference } from './worldnet-link-provider.ts';
import { worldnetOnlinePayments } from './worldnet-online-payments.ts';
import { WORLDNET_VALIDATION_PATH, worldnetIntake } from './validation-intake.ts';

/**
 * Worldnet as the till's online gateway: links to its hosted payment page
 * served from the till's listener, results by background validation (stored,
 * then `OK`), status and refunds through the Merchant API, the embedded
 * simulator in demo mode.
 */

const ENDED_PAGE = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Payment link ended</title></head><body><p>This payment link has ended. Ask at the till for a new one.</p></body></html>`;

/** A connection as the till uses it; tests connect their own simulator through it. */
export function connectedWorldnetGateway(
  connection: WorldnetConnection,
  online: Pick<OnlinePaymentsConfig, 'linkExpiryMinutes' | 'graceSeconds' | 'askEverySeconds'> & { currency: string },
): ConnectedGateway {
  let handOn: Pick<PaymentService, 'handleNotification'> | undefined;
  /** Where the phone and Worldnet reach this till: the configured public address, else the listener's. */
  let publicBase: string | undefined;
  const provider = createWorldnetLinkProvider({
    api: connection.api,
    terminalId: connection.terminalId,
    saleSystemId: connection.saleSystemId,
    linkExpiryMs: online.linkExpiryMinutes * 60_000,
    graceMs: online.graceSeconds * 1000,
    askEveryMs: online.askEverySeconds * 1000,
    publicBase: () => publicBase,
  });
  return {
    provider: 'worldnet',
    terminalId: connection.terminalId,
    target: connection.target,
    firstWords: 'Online payments',
    onlinePayments: worldnetOnlinePayments(connection.api, connection.terminalId),
    createProvider: () => provider,
    webhooks({ configured, attempts }) {
      publicBase = configured?.publicUrl?.replace(/\/+$/, '');
      const attemptOf = (orderId: string) =>
        attempts.attemptByRequest(connection.terminalId, connection.saleSystemId, orderId);
      return {
        intakes: [
          worldnetIntake({
            terminalId: connection.worldnetTerminalId,
            gatewayId: connection.terminalId,
            saleSystemId: connection.saleSystemId,
            secret: connection.secret,
            currencyMode: connection.currencyMode,
            currency: online.currency,
            // An order this till never made is refused, so Worldnet tries again and nothing lands on another sale.
            knowsOrder: (orderId) => attemptOf(orderId) !== undefined,
            payPage(orderId) {
              const attempt = attemptOf(orderId);
              if (attempt === undefined) return undefined;
              const signed = attempt.link === undefined ? undefined : readLinkReference(attempt.link.reference);
              if (signed === undefined || !isLinkPageLive(attempt, IN_FLIGHT_PAYMENT_STATES, new Date())) {
                return { status: 410, html: ENDED_PAGE };
              }
              const base = publicBase;
              const fields = paymentPageFields(
                {
                  terminalId: connection.worldnetTerminalId,
                  orderId,
                  amountMinor: attempt.amountMinor,
                  currency: attempt.currency,
                  dateTime: signed.dateTime,
                  receiptPageUrl: connection.receiptPageUrl,
                  validationUrl: base === undefined ? undefined : `${base}${WORLDNET_VALIDATION_PATH}`,
                },
                connection.secret,
                connection.currencyMode,
              );
              return {
                status: 200,
                html: paymentPageHtml(fields, connection.paymentPageUrl, { title: 'Pay', pay: 'Pay' }),
              };
            },
            deliver: (body, seq) => {
              handOn?.handleNotification(body, seq);
            },
          }),
        ],
        loopback: connection.webhookOnLoopback,
        listening(url) {
          publicBase ??= url;
        },
      };
    },
    watch: () => () => undefined,
    handOnTo(service) {
      handOn = service;
    },
    close: () => connection.close(),
  };
}

export const worldnetModule: GatewayModule = {
  name: 'worldnet',
  async connect(config: TillConfig, online, context) {
    const connection = await connectWorldnet(config, online, context);
    return connectedWorldnetGateway(connection, { ...online, currency: config.currency });
  },
  check: (config, online, options) => checkWorldnet(config, online, options),
  simulator: WORLDNET_SIMULATOR,
};
