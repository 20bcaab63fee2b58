import type { TillConfig } from '../../../shared/config/schema.ts';
import type { OnlinePaymentsConfig } from '../../../shared/config/online-schema.ts';
import type { ConnectedGateway, GatewayModule } from '../providers/gateway-module.ts';
import type { PaymentService } from '../payment-service.ts';
import { checkOpp } from './opp-check.ts';
import { connectOpp, type OppConnection } from './opp-connection.ts';
import { createOppLinkProvider, OPP_STATUS_LIMIT } from './opp-link-provider.ts';

const OPP_LIMIT = { questions: OPP_STATUS_LIMIT.questions, perSeconds: OPP_STATUS_LIMIT.perMs / 1000 };
import { oppOnlinePayments } from './opp-online-payments.ts';
import { createQuestionPacer } from './question-pacer.ts';
import { OPP_SIMULATOR } from './simulator-command.ts';
import { OPP_WEBHOOK_PATH, oppIntake } from './webhook-intake.ts';

/**
 * ACI's Open Payment Platform as the till's online gateway: payment links
 * (debit, or a deposit's pre-authorisation), captures, releases and refunds by
 * payment id, results by encrypted webhook and by status questions at OPP's
 * pace, the embedded simulator in demo mode.
 */

/** A connection as the till uses it; tests connect their own simulator through it. */
export function connectedOppGateway(
  connection: OppConnection,
  online: Pick<OnlinePaymentsConfig, 'linkExpiryMinutes' | 'graceSeconds' | 'askEverySeconds'>,
  statusLimit: { questions: number; perSeconds: number },
): ConnectedGateway {
  let handOn: Pick<PaymentService, 'handleNotification'> | undefined;
  const limit = { questions: statusLimit.questions, perMs: statusLimit.perSeconds * 1000 };
  // One pacer for the gateway: a refund lookup and a status question about the same payment share OPP's limit.
  const pacer = createQuestionPacer(limit);
  return {
    provider: 'opp',
    terminalId: connection.terminalId,
    target: connection.target,
    firstWords: 'Online payments',
    onlinePayments: oppOnlinePayments(connection.client, connection.terminalId, pacer),
    createProvider: () =>
      createOppLinkProvider({
        client: connection.client,
        terminalId: connection.terminalId,
        saleSystemId: connection.saleSystemId,
        linkExpiryMs: online.linkExpiryMinutes * 60_000,
        graceMs: online.graceSeconds * 1000,
        askEveryMs: online.askEverySeconds * 1000,
        statusLimit: limit,
        pacer,
      }),
    webhooks({ configured }) {
      // OPP posts to the address set for the listener in its back office: without one, status questions alone.
      if (configured?.publicUrl === undefined && !connection.webhookOnLoopback) return undefined;
      return {
        intakes: [
          oppIntake({
            terminalId: connection.terminalId,
            saleSystemId: connection.saleSystemId,
            webhookSecret: connection.webhookSecret,
            deliver: (body, seq) => {
              handOn?.handleNotification(body, seq);
            },
          }),
        ],
        loopback: connection.webhookOnLoopback,
        listening(url) {
          connection.simulator?.control.setWebhookUrl(`${url}${OPP_WEBHOOK_PATH}`);
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

export const oppModule: GatewayModule = {
  name: 'opp',
  async connect(config: TillConfig, online, context) {
    const connection = await connectOpp(config, online, context);
    return connectedOppGateway(connection, online, online.provider === 'opp' ? online.opp.statusLimit : OPP_LIMIT);
  },
  check: (config, online, options) => checkOpp(config, online, options),
  simulator: OPP_SIMULATOR,
};
