import type { StoredWebhook, WaitingAttempt } from '../../hq-store.ts';
import { html, type Html } from './html.ts';
import { dateTime, money, since } from './page-format.ts';

/** What only a manager is shown: payments that wait for one, and webhooks no till claims. */

const ATTENTION_WORDS: Readonly<Record<string, string>> = {
  unconfirmed: 'The till could not confirm whether the customer paid.',
  conflicting_result: 'The provider reported a result that contradicts what the till recorded.',
};

function why(attempt: WaitingAttempt): string {
  const words = attempt.attention === null ? undefined : (ATTENTION_WORDS[attempt.attention] ?? attempt.attention);
  return [words, attempt.reason].filter((part) => part !== undefined && part !== null && part !== '').join(' ');
}

export function waitingSection(
  attempts: readonly WaitingAttempt[],
  options: { now: Date; timeZone: string; shopNames: ReadonlyMap<string, string> },
): Html {
  const { now, timeZone, shopNames } = options;
  return html`<section aria-labelledby="waiting">
    <h2 id="waiting">Waiting for a manager</h2>
    <p class="muted">
      Card and online payments whose outcome the till could not settle. Check each with the provider before the customer
      is charged again or refunded.
    </p>
    <table>
      <thead>
        <tr>
          <th>Shop</th>
          <th>Till</th>
          <th class="amount">Amount</th>
          <th>Waiting since</th>
          <th>Why</th>
          <th>Payment</th>
        </tr>
      </thead>
      <tbody>
        ${
          attempts.length === 0
            ? html`<tr>
                <td colspan="6" class="muted">Nothing waits for a manager.</td>
              </tr>`
            : attempts.map(
                (attempt) =>
                  html`<tr class="alert">
                    <td>${shopNames.get(attempt.shopId) ?? attempt.shopId}</td>
                    <td>${attempt.tillKey}</td>
                    <td class="amount">${money(attempt.amountMinor, attempt.currency)}</td>
                    <td>
                      ${dateTime(attempt.updatedAt, timeZone)}<br /><span class="muted"
                        >${since(attempt.updatedAt, now)}</span
                      >
                    </td>
                    <td>${why(attempt) || 'Not given'}</td>
                    <td>
                      ${attempt.provider}
                      ${attempt.kind}${attempt.terminalId !== '' && html` on ${attempt.terminalId}`}<br /><span
                        class="muted"
                        >sale ${attempt.saleId}, attempt ${attempt.attemptId}</span
                      >
                    </td>
                  </tr>`,
              )
        }
      </tbody>
    </table>
  </section>`;
}

export function unroutedSection(
  webhooks: readonly (StoredWebhook & { id: number })[],
  options: { timeZone: string },
): Html {
  return html`<section aria-labelledby="unrouted">
    <h2 id="unrouted">Webhooks no till claims</h2>
    <p class="muted">
      Kept, never dropped: no till's status names the terminal they are for. Check which till uses that terminal and its
      Adyen settings.
    </p>
    <table>
      <thead>
        <tr>
          <th>Received</th>
          <th>Provider</th>
          <th>Terminal (POIID)</th>
          <th>Path</th>
          <th class="amount">Size</th>
        </tr>
      </thead>
      <tbody>
        ${
          webhooks.length === 0
            ? html`<tr>
                <td colspan="5" class="muted">Every webhook has found its till.</td>
              </tr>`
            : webhooks.map(
                (webhook) =>
                  html`<tr>
                    <td>${dateTime(webhook.receivedAt, options.timeZone)}</td>
                    <td>${webhook.provider}</td>
                    <td>${webhook.poiId ?? html`<span class="muted">Not named</span>`}</td>
                    <td>${webhook.path}</td>
                    <td class="amount">${webhook.body.length} characters</td>
                  </tr>`,
              )
        }
      </tbody>
    </table>
  </section>`;
}
