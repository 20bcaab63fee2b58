import { parseArgs } from 'node:util';
import type { CheckResult } from '../doctor/check.ts';
import { runDoctor, type DoctorOptions, type DoctorReport } from '../doctor/run-doctor.ts';
import type { Logger } from '../logging/logger.ts';

/**
 * `kassa doctor`: IT's one run at a till to learn whether it is ready to
 * trade. Every check says what it found and, when it fails, what to do. It
 * only looks: it prints no page, takes no payment and writes no journal.
 */

export const DOCTOR_USAGE = `kassa doctor [--config FILE] [--json]

Checks whether this till is ready to trade: its configuration, the payment
journal and the disk it is on, the card terminal, the printer (no page is
printed), the webhook listener's port, the mail server for receipts by
e-mail (a login, nothing sent) and Kassa HQ (enrolled, reachable, what
waits to be sent). Each check prints what it found
and, when it fails, what to do. Exits 0 when no check fails, 1 when one
does, 2 when the configuration is wrong.

  --config FILE  the till's configuration (default: $KASSA_CONFIG)
  --json         print { ok, checks: [{ name, status, detail, fix }] } as JSON`;

const LABEL = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;
const NAME_WIDTH = 15;

function describeCheck(check: CheckResult): string {
  const indent = ' '.repeat(6 + NAME_WIDTH);
  const [first = '', ...more] = check.detail.split('\n');
  return [
    `${LABEL[check.status]}  ${check.name.padEnd(NAME_WIDTH)}${first}`,
    ...more.map((line) => `${indent}${line}`),
    ...(check.fix === undefined ? [] : [`${indent}Fix: ${check.fix}`]),
  ].join('\n');
}

export function describeReport(report: DoctorReport): string {
  const failed = report.checks.filter((check) => check.status === 'fail').length;
  const summary = report.ok
    ? 'The till is ready to trade.'
    : `The till is not ready to trade: ${String(failed)} of ${String(report.checks.length)} checks failed.`;
  return [...report.checks.map(describeCheck), '', summary].join('\n');
}

export async function doctor(
  argv: readonly string[],
  logger: Logger,
  settings: Omit<DoctorOptions, 'logger'> = {},
): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { config: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false,
  });
  const { report, misconfigured } = await runDoctor(values.config, { ...settings, logger });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${describeReport(report)}\n`);
  if (misconfigured) return 2;
  return report.ok ? 0 : 1;
}
