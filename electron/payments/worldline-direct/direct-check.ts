import type { TillConfig } from '../../../shared/config/schema.ts';
import type { OnlinePaymentsConfig } from '../../../shared/config/online-schema.ts';
import { ConfigError } from '../../config/load-config.ts';
import { fail, pass, skip, type CheckOutcome } from '../../doctor/check.ts';
import type { Logger } from '../../logging/logger.ts';
import { connectDirect } from './direct-connection.ts';
import { DIRECT_WEBHOOK_PATH } from './webhook-intake.ts';

/** The doctor's names for these checks (the first is electron/doctor's ONLINE_GATEWAY). */
const ONLINE_GATEWAY = 'online gateway';
const ONLINE_WEBHOOKS = 'online webhooks';

/**
 * `kassa doctor` on Worldline Direct: the credentials are there, the gateway's
 * own test connection answers with them (a signed GET that moves no money), and
 * the address Direct will post webhooks to is one it can reach.
 */
export async function checkDirect(
  config: TillConfig,
  online: OnlinePaymentsConfig,
  options: { logger: Logger; timeoutMs?: number },
): Promise<CheckOutcome[]> {
  let connection;
  try {
    connection = await connectDirect(config, online, { logger: options.logger });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [
      fail(
        ONLINE_GATEWAY,
        error.message,
        'Put the API key secret and the webhook secret from the Worldline Merchant Portal in online.worldlineDirect.',
        { configuration: true },
      ),
    ];
  }
  try {
    const answer = await connection.client.testConnection(AbortSignal.timeout(options.timeoutMs ?? 10_000));
    const where = connection.simulator === undefined ? connection.target : `${connection.target} (demo mode)`;
    const gateway =
      answer.kind === 'ok'
        ? pass(
            ONLINE_GATEWAY,
            `Worldline Direct answers the test connection for merchant ${connection.merchantId} at ${where}`,
          )
        : answer.kind === 'refused'
          ? fail(
              ONLINE_GATEWAY,
              `Worldline Direct refused the API key (HTTP ${String(answer.status)}) for merchant ${connection.merchantId}`,
              'Check online.worldlineDirect.merchantId, apiKeyId and secretApiKey against the Merchant Portal, and the till clock (the Date header is signed).',
              { configuration: true },
            )
          : fail(
              ONLINE_GATEWAY,
              `Worldline Direct did not answer the test connection at ${where}: ${answer.kind === 'unknown' ? answer.reason : `HTTP ${String(answer.status)}`}`,
              'Check the network and the proxy between the till and Worldline, then run kassa doctor again.',
            );
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
      'No webhooks.publicUrl: link results come from status questions alone (every online.askEverySeconds)',
    );
  }
  if (!/^https:/i.test(publicUrl)) {
    return fail(
      ONLINE_WEBHOOKS,
      `Worldline Direct would post to ${publicUrl}${DIRECT_WEBHOOK_PATH}, which is not https`,
      'Give webhooks.publicUrl the https address of the store proxy that forwards to the till.',
      { configuration: true },
    );
  }
  return pass(
    ONLINE_WEBHOOKS,
    `Worldline Direct posts link results to ${publicUrl.replace(/\/+$/, '')}${DIRECT_WEBHOOK_PATH}`,
  );
}
