import type { TillConfig } from '../../../shared/config/schema.ts';
import type { OnlinePaymentsConfig } from '../../../shared/config/online-schema.ts';
import { ConfigError } from '../../config/load-config.ts';
import { fail, pass, skip, type CheckOutcome } from '../../doctor/check.ts';
import type { Logger } from '../../logging/logger.ts';
import { connectWorldnet } from './worldnet-connection.ts';
import { WORLDNET_PAY_PATH, WORLDNET_VALIDATION_PATH } from './validation-intake.ts';

/** The doctor's names for these checks (the first is electron/doctor's ONLINE_GATEWAY). */
const ONLINE_GATEWAY = 'online gateway';
const ONLINE_WEBHOOKS = 'online webhooks';

/**
 * `kassa doctor` on Worldnet: the terminal's secret is there, the Merchant API
 * key gets a token and may search this terminal's transactions (a read that
 * moves no money), and the till's public address is one the phone and
 * Worldnet can reach over https.
 */
export async function checkWorldnet(
  config: TillConfig,
  online: OnlinePaymentsConfig,
  options: { logger: Logger; timeoutMs?: number },
): Promise<CheckOutcome[]> {
  let connection;
  try {
    connection = await connectWorldnet(config, online, { logger: options.logger });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [
      fail(ONLINE_GATEWAY, error.message, 'Put the terminal’s secret from Selfcare in online.worldnet.secret.', {
        configuration: true,
      }),
    ];
  }
  try {
    const where = connection.simulator === undefined ? connection.target : `${connection.target} (demo mode)`;
    let gateway: CheckOutcome;
    if (connection.api === undefined) {
      gateway = skip(
        ONLINE_GATEWAY,
        `No Merchant API key for terminal ${connection.worldnetTerminalId}: links work, but a link whose result never arrives goes to a manager, and Worldnet payments cannot be refunded at the till`,
      );
    } else {
      const answer = await connection.api.search(
        { orderId: `KASSADOCTOR${config.till.id.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 24) },
        AbortSignal.timeout(options.timeoutMs ?? 10_000),
      );
      if (answer.kind === 'answer') {
        gateway = pass(ONLINE_GATEWAY, `Worldnet answers for terminal ${connection.worldnetTerminalId} at ${where}`);
      } else if (answer.kind === 'refused') {
        gateway = fail(
          ONLINE_GATEWAY,
          `Worldnet refused the Merchant API key for terminal ${connection.worldnetTerminalId} (HTTP ${String(answer.status)})`,
          'Check online.worldnet.apiKey in Selfcare (Settings, API Keys): it must be allowed this terminal.',
          { configuration: true },
        );
      } else if (answer.kind === 'rejected') {
        gateway = fail(
          ONLINE_GATEWAY,
          `Worldnet refused the search for terminal ${connection.worldnetTerminalId} (HTTP ${String(answer.status)})`,
          'Check online.worldnet.terminalId and apiPath against Selfcare.',
          { configuration: true },
        );
      } else {
        gateway = fail(
          ONLINE_GATEWAY,
          `Worldnet did not answer at ${where}: ${answer.reason}`,
          'Check the network and the proxy between the till and Worldnet, then run kassa doctor again.',
        );
      }
    }
    return [gateway, addresses(config, connection.simulator !== undefined)];
  } finally {
    await connection.close();
  }
}

function addresses(config: TillConfig, simulated: boolean): CheckOutcome {
  if (simulated)
    return pass(ONLINE_WEBHOOKS, 'The embedded simulator posts its validations to the till on this machine');
  const publicUrl = config.webhooks?.publicUrl?.replace(/\/+$/, '');
  if (publicUrl === undefined) {
    return fail(
      ONLINE_WEBHOOKS,
      'No webhooks.publicUrl: the customer’s phone has nowhere to open a Worldnet link, and Worldnet nowhere to post results',
      'Give webhooks.publicUrl the https address of the store proxy that forwards to the till.',
      { configuration: true },
    );
  }
  if (!/^https:/i.test(publicUrl)) {
    return fail(
      ONLINE_WEBHOOKS,
      `${publicUrl} is not https: Worldnet posts validations only to a site with a trusted certificate`,
      'Give webhooks.publicUrl the https address of the store proxy that forwards to the till.',
      { configuration: true },
    );
  }
  return pass(
    ONLINE_WEBHOOKS,
    `Links open at ${publicUrl}${WORLDNET_PAY_PATH}…; each payment request names ${publicUrl}${WORLDNET_VALIDATION_PATH} for Worldnet's background validation (in Selfcare, switch background validation on for the terminal, and Force SHA-512 Hashing)`,
  );
}
