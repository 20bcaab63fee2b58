/**
 * OPP's limit on questions about one transaction, kept by the till whoever
 * asks: the status loop, the wait for a link, a webhook's poke, a manager's
 * "check now" and the refund screen's lookups all go through one pacer per
 * gateway, so none of them together asks about one transaction more than
 * `questions` times in `perMs`. A question over the limit is not sent: the
 * caller answers "not known yet" and asks again later. Keys name the
 * endpoint and the transaction (`payments <id>`, `query <id>`,
 * `query-reference <merchantTransactionId>`): OPP counts each on its own.
 *
 * The window is kept a twentieth longer than OPP's: OPP counts a question
 * when it arrives and the till when it leaves, so two questions a window
 * apart can reach OPP closer together than that (a slow first, a quick
 * second) and be refused. Three seconds a minute is the price of never
 * being told "too many requests".
 */

/** How much longer than the gateway's window the till waits, for the network's jitter. */
export const JITTER_MARGIN = 0.05;

export interface QuestionPacer {
  /** Whether a question about `key` may be sent now; if so it is counted. */
  mayAsk(key: string): boolean;
}

export function createQuestionPacer(
  limit: { readonly questions: number; readonly perMs: number },
  now: () => Date = () => new Date(),
): QuestionPacer {
  const asked = new Map<string, number[]>();
  const windowMs = limit.perMs * (1 + JITTER_MARGIN);
  return {
    mayAsk(key) {
      const at = now().getTime();
      const recent = (asked.get(key) ?? []).filter((then) => at - then < windowMs);
      if (recent.length >= limit.questions) {
        asked.set(key, recent);
        return false;
      }
      asked.set(key, [...recent, at]);
      return true;
    },
  };
}
