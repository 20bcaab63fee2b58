import type { TillConfig } from '../../../shared/config/schema.ts';
import type { OnlinePaymentsConfig } from '../../../shared/config/online-schema.ts';
import { ConfigError } from '../../config/load-config.ts';
import { fail, pass, skip, type CheckOutcome } from '../../doctor/check.ts';
import type { Logger } from '../../logging/logger.ts';
import { connectOpp } from './opp-connection.ts';
import { OPP_WEBHOOK_PATH } from './webhook-intake.ts';

/** The doctor's names for these checks (the first is electron/doctor's ONLINE_GATEWAY). */
const ONLINE_GATEWAY = 'online gateway';
const ONLINE_WEBHOOKS = 'online webhooks';

/**
 * `kassa doctor` on OPP: the credentials are there, and OPP answers a read with
 * them. OPP has no test-connection call, so the doctor asks the transaction
 * report for a merchantTransactionId no payment has: "cannot find transaction"
 * proves the token and entity are good and moves no money.
 */
export async function checkOpp(
  config: TillConfig,
  online: OnlinePaymentsConfig,
  options: { logger: Logger; timeoutMs?: number },
): Promise<CheckOutcome[]> {
  let connection;
  try {
    connection = await connectOpp(config, online, { logger: options.logger });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [
      fail(
        ONLINE_GATEWAY,
        error.message,
        "Put the access token and the webhook listener's secret from ACI's back office in online.opp.",
        {
          configuration: true,
        },
      ),
    ];
  }
  try {
    const answer = await connection.client.queryByMerchantTransactionId(
      `kassa-doctor-${config.till.id}`.slice(0, 64),
      AbortSignal.timeout(options.timeoutMs ?? 10_000),
    );
    const where = connection.simulator === undefined ? connection.target : `${connection.target} (demo mode)`;
    let gateway: CheckOutcome;
    if (answer.kind === 'refused') {
      gateway = fail(
        ONLINE_GATEWAY,
        `OPP refused the access token for entity ${connection.entityId} (HTTP ${String(answer.status)})`,
        'Check online.opp.entityId and accessToken against the back office.',
        { configuration: true },
      );
    } else if (answer.kind === 'unknown') {
      gateway = fail(
        ONLINE_GATEWAY,
        `OPP did not answer at ${where}: ${answer.reason}`,
        'Check the network and the proxy between the till and ACI, then run kassa doctor again.',
      );
    } else if (answer.reading.verdict === 'reject') {
      gateway = fail(
        ONLINE_GATEWAY,
        `OPP answered ${answer.result.code} for entity ${connection.entityId} at ${where}`,
        'Check online.opp.entityId and accessToken against the back office.',
        { configuration: true },
      );
    } else {
      gateway = pass(ONLINE_GATEWAY, `OPP answers for entity ${connection.entityId} at ${where}`);
    }
    return [gateway, webhookAddress(config, connection.simulator !== undefined)];
  } finally {
    await connection.close();
  }
}

function webhookAddress(config: TillConfig, simulated: boolean): CheckOutcome {
  if (simulated) return pass(ONLINE_WEBHOOKS, 'The embedded simulator posts to the till on this machine');
  const publicUrl = config.webhooks?.publicUrl;
  if (publicUrl === undefined) {
    return skip(
      ONLINE_WEBHOOKS,
      'No webhooks.publicUrl: link results come from status questions alone, two a minute at most',
    );
  }
  if (!/^https:/i.test(publicUrl)) {
    return fail(
      ONLINE_WEBHOOKS,
      `OPP would post to ${publicUrl}${OPP_WEBHOOK_PATH}, which is not https (OPP requires https in live)`,
      'Give webhooks.publicUrl the https address of the store proxy that forwards to the till.',
      { configuration: true },
    );
  }
  return pass(
    ONLINE_WEBHOOKS,
    `Set the webhook listener in ACI's back office to ${publicUrl.replace(/\/+$/, '')}${OPP_WEBHOOK_PATH} (port 443)`,
  );
}
