/**
 * What an OPP `result.code` means to the till. OPP decides every answer by
 * this code, never by the HTTP status (a declined payment may come with 400
 * or with 200), so this reads the code alone.
 *
 * The groups are ACI's published regexes, verbatim (reference
 * worldline-opp-worldnet.md §3.3): success in ACI's current form (with
 * `000.400.[1][12]0`), success to review, pending short-lived and
 * long-lived, then the reject families of the ppro copy. Before the groups
 * come the till's own rules (docs/OPP.md):
 * - a code that is not `ddd.ddd.ddd` is `unreadable`;
 * - `800.120.100` "Too many requests" is `throttled`: ask later, not a failure;
 * - `800.110.100` is `duplicate` (OPP has no idempotency key);
 * - communication errors `900.[1234]00` and `000.400.030` are `uncertain`:
 *   the outcome is unknown, not a decline, and the till asks;
 * - `700.400.580` "cannot find transaction" is `not_found`.
 * Anything else is a `reject`, with the family whose regex matches it. The
 * families overlap (`100\.38` holds `100.380.4`, which 3-D Secure names);
 * the longest match wins, and on a tie the family listed first, so each
 * published family can be told apart. A code in no group is a reject of the
 * family `unlisted`: ACI says everything outside success and pending is one.
 */

export type ResultVerdict =
  'success' | 'review' | 'pending' | 'throttled' | 'duplicate' | 'uncertain' | 'not_found' | 'reject' | 'unreadable';

export interface ResultReading {
  readonly verdict: ResultVerdict;
  /** For `pending`: `short` settles within half an hour, `long` may take days. */
  readonly pending?: 'short' | 'long';
  /** For `reject` (and `uncertain`): which of ACI's groups the code is in. */
  readonly family?: string;
}

const FORMAT = /^\d{3}\.\d{3}\.\d{3}$/;

const SUCCESS = /^(000\.000\.|000\.100\.1|000\.[36]|000\.400\.[1][12]0)/;
const REVIEW = /^(000\.400\.0[^3]|000\.400\.100)/;
const PENDING_SHORT = /^(000\.200)/;
const PENDING_LONG = /^(800\.400\.5|100\.400\.500)/;
const COMMUNICATION = /^(900\.[1234]00|000\.400\.030)/;

/** ACI's reject groups, in published order; two groups share the name address_validation. */
const REJECT_GROUPS: readonly (readonly [family: string, regex: RegExp])[] = [
  ['3ds_intercard_risk', /^(000\.400\.[1][0-9][1-9]|000\.400\.2)/],
  ['bank_decline', /^(800\.[17]00|800\.800\.[123])/],
  ['system_error', /^(800\.[56]|999\.|600\.1|800\.800\.8)/],
  ['async_workflow', /^(100\.39[765])/],
  ['soft_decline', /^(300\.100\.100)/],
  ['external_risk', /^(100\.400|100\.38|100\.370\.100|100\.370\.11)/],
  ['address_validation', /^(800\.400\.1)/],
  ['3ds', /^(800\.400\.2|100\.380\.4|100\.390)/],
  ['blacklist', /^(100\.100\.701|800\.[32])/],
  ['risk_validation', /^(800\.1[123456]0)/],
  ['configuration_validation', /^(600\.[23]|500\.[12]|800\.121)/],
  ['registration_validation', /^(100\.[13]50)/],
  ['job_validation', /^(100\.250|100\.360)/],
  ['reference_validation', /^(700\.[1345][05]0)/],
  ['format_validation', /^(200\.[123]|100\.[53][07]|800\.900|100\.[69]00\.500)/],
  ['address_validation', /^(100\.800)/],
  ['contact_validation', /^(100\.[97]00)/],
  // As published, with the one dot ACI left unescaped (harmless: the code is checked as ddd.ddd.ddd first).
  ['account_validation', /^(100\.100|100.2[01])/],
  ['amount_validation', /^(100\.55)/],
  ['risk_management', /^(100\.380\.[23]|100\.380\.101)/],
  ['chargeback', /^(000\.100\.2)/],
];

/** The family names, each once, in published order. */
export const REJECT_FAMILIES: readonly string[] = [...new Set(REJECT_GROUPS.map(([family]) => family))];

/** `^(a|b)` → the alternatives `a`, `b`, each anchored: JS alternation stops at the first that matches, not the longest. */
function alternatives(regex: RegExp): readonly RegExp[] {
  const inner = /^\^\((.*)\)$/.exec(regex.source)?.[1];
  if (inner === undefined) throw new Error(`result-code group ${regex.source} is not of the form ^(…)`);
  return inner.split('|').map((part) => new RegExp(`^(?:${part})`));
}

const FAMILY_MATCHERS = REJECT_GROUPS.map(([family, regex]) => ({ family, parts: alternatives(regex) }));

function rejectFamily(code: string): string {
  let best = { family: 'unlisted', length: 0 };
  for (const { family, parts } of FAMILY_MATCHERS)
    for (const part of parts) {
      const length = part.exec(code)?.[0].length ?? 0;
      if (length > best.length) best = { family, length };
    }
  return best.family;
}

export function readResultCode(code: string): ResultReading {
  if (!FORMAT.test(code)) return { verdict: 'unreadable' };
  if (code === '800.120.100') return { verdict: 'throttled' };
  if (code === '800.110.100') return { verdict: 'duplicate' };
  if (COMMUNICATION.test(code)) return { verdict: 'uncertain', family: 'communication_error' };
  if (code === '700.400.580') return { verdict: 'not_found' };
  if (SUCCESS.test(code)) return { verdict: 'success' };
  if (REVIEW.test(code)) return { verdict: 'review' };
  if (PENDING_SHORT.test(code)) return { verdict: 'pending', pending: 'short' };
  if (PENDING_LONG.test(code)) return { verdict: 'pending', pending: 'long' };
  return { verdict: 'reject', family: rejectFamily(code) };
}
