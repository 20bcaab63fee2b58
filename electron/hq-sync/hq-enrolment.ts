import { EnrolmentCodeSchema, type HqError } from '../../shared/hq/hq-contract.ts';
import type { TillConfig } from '../../shared/config/schema.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { HqClient } from './hq-client.ts';
import type { HqCredentials } from './hq-credentials.ts';
import type { HqLink, HqLinkBook } from './hq-link.ts';
import type { HqOutbox } from './hq-outbox.ts';

/**
 * Enrolling a till with HQ, for `kassa hq enrol` and for the desktop app
 * that finds `hq.enrolmentCode` in its configuration: the one-time code for
 * the till's own token, kept first (hq-credentials.ts), then the link
 * written with the till's history queued behind it (hq-link.ts).
 *
 * The token is kept before the link: a crash between the two leaves a token
 * and no link, and the till is not enrolled; the other way round it would
 * believe itself enrolled with no way to prove it. Either way the code is
 * spent, and IT asks HQ for another.
 */

export type EnrolOutcome =
  | { readonly kind: 'enrolled'; readonly link: HqLink; readonly queued: number; readonly again: boolean }
  /** Linked already (and HQ has not been seen to revoke it): nothing was asked. */
  | { readonly kind: 'already_enrolled'; readonly link: HqLink }
  /** HQ said no (a code unknown, used or expired; the till id taken), or the code cannot be one. */
  | {
      readonly kind: 'refused';
      readonly error: HqError['error'] | 'not_a_code' | 'refused';
      readonly message: string;
    }
  | { readonly kind: 'unreachable'; readonly why: string };

export interface EnrolOptions {
  config: Pick<TillConfig, 'till' | 'mode'> & { readonly hq: { readonly url: string } };
  code: string;
  /** The app's version, sent with the request. */
  version: string;
  client: HqClient;
  links: HqLinkBook;
  outbox: HqOutbox;
  credentials: HqCredentials;
  /** Enrol even though the journal holds a link: IT knows HQ revoked it. */
  again?: boolean;
  clock?: Clock;
}

export async function enrolTill(options: EnrolOptions): Promise<EnrolOutcome> {
  const { config, client, links, credentials } = options;
  const clock = options.clock ?? systemClock;
  const existing = links.link();
  // A till HQ revoked may enrol again (HQ gives it its old key and data back); any other link stands.
  if (existing !== undefined && options.again !== true && options.outbox.state().problem !== 'revoked') {
    return { kind: 'already_enrolled', link: existing };
  }
  const code = EnrolmentCodeSchema.safeParse(options.code);
  if (!code.success) {
    return { kind: 'refused', error: 'not_a_code', message: code.error.issues[0]?.message ?? 'not an enrolment code' };
  }
  const answer = await client.enrol({
    code: code.data,
    tillId: config.till.id,
    tillName: config.till.name,
    appVersion: options.version.slice(0, 40),
  });
  switch (answer.kind) {
    case 'ok': {
      credentials.store(answer.value.token);
      const link: HqLink = {
        tillKey: answer.value.tillKey,
        shopId: answer.value.shopId,
        shopName: answer.value.shopName,
        enrolledAt: clock.now().toISOString(),
        hqUrl: config.hq.url,
        mode: config.mode,
      };
      const written = links.enrol(link);
      return { kind: 'enrolled', link, queued: written.queued, again: written.again };
    }
    case 'refused':
      return { kind: 'refused', error: answer.error ?? 'refused', message: answer.message };
    case 'revoked':
      // Enrolment carries no token: a 401 here is HQ refusing the request as a whole.
      return { kind: 'refused', error: 'refused', message: answer.message };
    case 'unavailable':
      return { kind: 'unreachable', why: answer.why };
  }
}

/** What to tell IT about an enrolment that did not happen, and what to do; also logged by the desktop app. */
export function enrolmentAdvice(
  outcome: Exclude<EnrolOutcome, { kind: 'enrolled' }>,
  context: { readonly url: string; readonly tillId: string },
): string {
  switch (outcome.kind) {
    case 'already_enrolled':
      return (
        `This till is already enrolled with Kassa HQ as ${outcome.link.tillKey} (${outcome.link.shopName}), ` +
        `since ${outcome.link.enrolledAt}, at ${outcome.link.hqUrl}. Nothing was changed. If HQ has revoked it ` +
        '(kassa hq revoke), enrol it again with a new code and --again.'
      );
    case 'unreachable':
      return (
        `Kassa HQ at ${context.url} could not be reached: ${outcome.why}. Check hq.url and the network, then ` +
        'enrol again. If HQ then says the code was used, ask HQ for a new one (kassa hq code).'
      );
    case 'refused':
      switch (outcome.error) {
        case 'not_a_code':
          return `That is not an enrolment code: it ${outcome.message}.`;
        case 'code_unknown':
          return (
            'HQ does not know this code. Type it as HQ printed it (16 letters and digits; dashes and spaces ' +
            'do not matter), or ask HQ for a new one (kassa hq code).'
          );
        case 'code_used':
          return 'This code has already enrolled a till: a code works once. Ask HQ for a new one (kassa hq code).';
        case 'code_expired':
          return 'This code has expired. Ask HQ for a new one (kassa hq code).';
        case 'till_taken':
          return (
            `HQ already has an enrolled till with the id ${context.tillId} in that shop. Give this till its ` +
            'own till.id, or have HQ revoke the other one first (kassa hq revoke --till SHOP/TILL).'
          );
        case 'bad_request':
        case 'unauthorised':
        case 'revoked':
        case 'unavailable':
        case 'refused':
          return `HQ refused the enrolment: ${outcome.message}`;
      }
  }
}
