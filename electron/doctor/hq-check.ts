import type { TillConfig } from '../../shared/config/schema.ts';
import { createHqClient } from '../hq-sync/hq-client.ts';
import { readHqStatus } from '../hq-sync/hq-status.ts';
import { tillDatabasePath } from '../till-database/till-database.ts';
import { fail, pass, skip, type CheckOutcome } from './check.ts';

/**
 * Kassa HQ, from this till: whether it is enrolled (the journal's link),
 * whether HQ answers (`GET /api/health`, no token), when it last took the
 * till's records and how many wait, and whether webhooks come through HQ.
 * Reads the journal on a read-only connection and sends HQ nothing of the
 * till's: no push, no token.
 */

export const HQ = 'hq';
const HQ_TIMEOUT_MS = 5_000;

export async function checkHq(
  config: TillConfig,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<CheckOutcome> {
  const hq = config.hq;
  if (hq === undefined) return skip(HQ, 'No Kassa HQ is set up (hq): the till keeps its records to itself.');
  const client = createHqClient({
    url: hq.url,
    token: () => undefined,
    timeoutMs: options.timeoutMs ?? HQ_TIMEOUT_MS,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const read = readHqStatus(tillDatabasePath(config, options.env));
  const health = await client.health();
  const relay = hq.relayWebhooks
    ? 'Adyen’s notifications come through HQ (hq.relayWebhooks).'
    : 'Webhooks are not relayed through HQ.';
  const answers =
    health.kind === 'ok'
      ? `HQ at ${hq.url} answers.`
      : `HQ at ${hq.url} does not answer: ${health.kind === 'unavailable' ? health.why : health.message}.`;
  const unreachableFix = `Check hq.url and that this till may reach ${hq.url} (firewall, proxy, DNS).`;

  // No journal yet, or one this version has not opened: nobody can have enrolled it (enrolling opens it).
  const report = read.kind === 'read' ? read.report : undefined;
  const link = report?.link;
  if (report === undefined || link === undefined) {
    const enrolFix =
      hq.enrolmentCode === undefined
        ? 'Enrol the till: kassa hq enrol --code CODE, with a code from kassa hq code at HQ.'
        : 'The desktop app enrols the till by itself at its next start with hq.enrolmentCode; or run kassa hq enrol.';
    return fail(
      HQ,
      ['Not enrolled with HQ.', answers, relay].join('\n'),
      health.kind === 'ok' ? enrolFix : unreachableFix,
    );
  }
  const { sync, view } = report;
  const lastSync = sync.lastSyncAt === undefined ? 'Nothing synced yet' : `Last synced ${sync.lastSyncAt}`;
  const waiting = `${lastSync}; ${String(view.waiting)} ${view.waiting === 1 ? 'record waits' : 'records wait'}${
    view.oldestWaitingAt === undefined ? '' : ` (oldest from ${view.oldestWaitingAt})`
  }.`;
  const detail = [`Enrolled as ${link.tillKey} (${link.shopName}) since ${link.enrolledAt}.`, answers, waiting];
  if (sync.problem !== undefined) {
    detail.push(
      `The last push failed (${sync.problem}, ${sync.problemAt ?? 'time unknown'}): ${sync.problemDetail ?? ''}`,
    );
  }
  detail.push(relay);
  const text = detail.join('\n');
  if (sync.problem === 'revoked') {
    return fail(
      HQ,
      text,
      'HQ revoked this till. Ask HQ for a new code (kassa hq code) and run kassa hq enrol --code CODE --again.',
    );
  }
  if (sync.problem === 'refused') {
    return fail(HQ, text, 'HQ refuses what the till sends: look at HQ’s log for this till and the error above.');
  }
  if (health.kind !== 'ok') return fail(HQ, text, unreachableFix);
  return pass(HQ, text);
}
