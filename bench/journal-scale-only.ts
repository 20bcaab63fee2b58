import { loadTillConfig } from '../electron/config/load-config.ts';
import { createLogger } from '../electron/logging/logger.ts';
import { measureJournalScale } from './journal-scale.ts';

/**
 * The journal-at-scale figures alone, without the rest of `npm run bench`:
 * `node --expose-gc bench/journal-scale-only.ts [days] [sales per day]`
 * (1 000 × 1 000 unless told). Exits with 1 when a target is missed.
 */

const [days, salesPerDay] = process.argv.slice(2).map(Number);
const rows: { figure: string; value: number; unit: string; target?: number }[] = [];
await measureJournalScale(
  loadTillConfig({}),
  createLogger({ level: 'error' }),
  (figure, value, unit, target) =>
    rows.push(target === undefined ? { figure, value, unit } : { figure, value, unit, target }),
  { ...(days === undefined ? {} : { days }), ...(salesPerDay === undefined ? {} : { salesPerDay }) },
);

const width = Math.max(...rows.map((row) => row.figure.length));
const format = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toFixed(4));
let missed = 0;
for (const row of rows) {
  const over = row.target !== undefined && row.value > row.target;
  if (over) missed += 1;
  const verdict = row.target === undefined ? '' : `  ${over ? 'MISSED' : 'ok'} (target < ${row.target})`;
  process.stdout.write(
    `${row.figure.padEnd(width)}  ${format(row.value).padStart(10)} ${row.unit.padEnd(2)}${verdict}\n`,
  );
}
process.stdout.write(missed === 0 ? '\nAll targets met.\n' : `\n${missed} target(s) missed.\n`);
process.exitCode = missed === 0 ? 0 : 1;
