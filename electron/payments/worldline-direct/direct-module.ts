import type { TillConfig } from '../../../shared/config/schema.ts';
import type { OnlinePaymentsConfig } from '../../../shared/config/online-schema.ts';
import type { ConnectedGateway, GatewayModule } from '../providers/gateway-module.ts';
import type { PaymentService } from '../payment-service.ts';
import { checkDirect } from './direct-check.ts';
import { directOnlinePayments } from './direct-online-payments.ts';
import { connectDirect, type DirectConnection } from './direct-connection.ts';
import { DIRECT_SIMULATOR } from './simulator-command.ts';
import { createDirectLinkProvider } from './link-provider.ts';
import { DIRECT_WEBHOOK_PATH, directIntake } from './webhook-intake.ts';

/**
 * Worldline Direct as the till's online gateway: payment links the customer
 * pays on their phone, results by signed webhook and by status questions, the
 * embedded simulator in demo mode.
 */

/** A connection as the till uses it; tests connect their own simulator through it. */
export function connectedDirectGateway(
  connection: DirectConnection,
  online: Pick<OnlinePaymentsConfig, 'linkExpiryMinutes' | 'graceSeconds' | 'askEverySeconds'>,
  config: Pick<TillConfig, 'store'>,
): ConnectedGateway {
  let handOn: Pick<PaymentService, 'handleNotification'> | undefined;
  const webhookUrl = () =>
    connection.webhookBase === undefined ? undefined : `${connection.webhookBase}${DIRECT_WEBHOOK_PATH}`;
  return {
    provider: 'worldline-direct',
    terminalId: connection.terminalId,
    target: connection.target,
    firstWords: 'Online payments',
    onlinePayments: directOnlinePayments(connection.client, connection.terminalId),
    createProvider: () =>
      createDirectLinkProvider({
        client: connection.client,
        terminalId: connection.terminalId,
        saleSystemId: connection.saleSystemId,
        linkExpiryMs: online.linkExpiryMinutes * 60_000,
        graceMs: online.graceSeconds * 1000,
        askEveryMs: online.askEverySeconds * 1000,
        webhookUrl,
        description: config.store.name,
      }),
    webhooks({ configured }) {
      // Without a public address Direct cannot reach the till: status questions alone then.
      if (configured?.publicUrl === undefined && !connection.webhookOnLoopback) return undefined;
      return {
        intakes: [
          directIntake({
            terminalId: connection.terminalId,
            saleSystemId: connection.saleSystemId,
            secrets: connection.webhookSecrets,
            deliver: (body, seq) => {
              handOn?.handleNotification(body, seq);
            },
          }),
        ],
        loopback: connection.webhookOnLoopback,
        listening(url) {
          if (connection.webhookOnLoopback) connection.webhookBase = url;
        },
      };
    },
    // No device light of its own: a link's state shows on its payment panel.
    watch: () => () => undefined,
    handOnTo(service) {
      handOn = service;
    },
    close: () => connection.close(),
  };
}

export const worldlineDirectModule: GatewayModule = {
  name: 'worldline-direct',
  async connect(config, online, context) {
    return connectedDirectGateway(await connectDirect(config, online, context), online, config);
  },
  check: (config, online, options) => checkDirect(config, online, options),
  simulator: DIRECT_SIMULATOR,
};
