import path from 'node:path';
import { parseArgs } from 'node:util';
import { chosenConfigFile, ConfigError, loadTillConfig } from '../config/load-config.ts';
import { createHqClient } from '../hq-sync/hq-client.ts';
import { hqCredentials } from '../hq-sync/hq-credentials.ts';
import { enrolmentAdvice, enrolTill } from '../hq-sync/hq-enrolment.ts';
import { createHqLinkBook } from '../hq-sync/hq-link.ts';
import { createHqOutbox } from '../hq-sync/hq-outbox.ts';
import type { Logger } from '../logging/logger.ts';
import { openTillDatabase, tillDatabasePath } from '../till-database/till-database.ts';
import { UsageError } from './arguments.ts';
import { projectVersion } from './project.ts';

/**
 * `kassa hq enrol`: links this till to Kassa HQ with the one-time code IT
 * got from HQ (`kassa hq code`). The till keeps the token HQ gives it (in a
 * file only its user may read; the desktop app seals it into its vault at
 * the next start), writes the link into its journal and queues what it
 * already holds, so HQ gets the till's history with its first pushes.
 */

export const HQ_ENROL_USAGE = `kassa hq enrol [--code CODE] [--again] [--config FILE]

Enrols this till with Kassa HQ (the till's hq.url), once: HQ gives the till
its own token, and the till queues the sales, refunds, Z reports and cash
moves it already holds, and the card payments waiting for a manager, for HQ.
The till running meanwhile starts sending within seconds.

  --code CODE    the one-time code from \`kassa hq code\` at HQ, e.g.
                 ABCD-EFGH-JKLM-NPQR (default: hq.enrolmentCode)
  --again        enrol again although the till is enrolled: after HQ revoked it
  --config FILE  the till's configuration (default: $KASSA_CONFIG)`;

export async function hqEnrol(argv: readonly string[], logger: Logger): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      code: { type: 'string' },
      again: { type: 'boolean', default: false },
      config: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const config = loadTillConfig({ configFile: chosenConfigFile(values.config) });
  const hq = config.hq;
  if (hq === undefined) {
    throw new ConfigError(
      'hq: this till has no hq section. Add hq.url (the address of Kassa HQ) to its configuration, then enrol it.',
    );
  }
  const code = values.code ?? hq.enrolmentCode;
  if (code === undefined) {
    throw new UsageError('give the code from `kassa hq code` with --code, or put it in hq.enrolmentCode');
  }
  const file = tillDatabasePath(config);
  const database = openTillDatabase(file);
  try {
    const credentials = hqCredentials({ dataDir: path.dirname(file), logger });
    const outcome = await enrolTill({
      config: { ...config, hq },
      code,
      version: projectVersion(),
      client: createHqClient({ url: hq.url, token: () => undefined }),
      links: createHqLinkBook(database),
      outbox: createHqOutbox(database),
      credentials,
      again: values.again,
    });
    if (outcome.kind !== 'enrolled') {
      logger.warn('hq.enrol_failed', { outcome: outcome.kind, url: hq.url });
      process.stderr.write(`${enrolmentAdvice(outcome, { url: hq.url, tillId: config.till.id })}\n`);
      return 1;
    }
    logger.info('hq.enrolled', { tillKey: outcome.link.tillKey, queued: outcome.queued, again: outcome.again });
    const history = outcome.again
      ? 'What HQ has not had yet is still queued for it.'
      : `${String(outcome.queued)} ${outcome.queued === 1 ? 'record' : 'records'} this till already held ` +
        `${outcome.queued === 1 ? 'is' : 'are'} queued for HQ.`;
    process.stdout.write(
      `This till is enrolled with Kassa HQ as ${outcome.link.tillKey} (${outcome.link.shopName}).\n` +
        `${history}\n` +
        `Its token is kept in ${credentials.where}; it is never shown.\n` +
        'The till sends its records while it runs; kassa doctor shows how far it got.\n',
    );
    return 0;
  } finally {
    database.close();
  }
}
