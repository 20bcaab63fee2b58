import { useEffect, useState } from 'react';
import type { CustomerDisplayState, DisplayPrompt } from '../../shared/customer-display/display-state.ts';
import { formatMoney } from '../../shared/money.ts';
import { chooseCatalogue } from '../i18n/catalogues.ts';
import type { DisplayWords } from '../i18n/en-areas.ts';
import { QrCode } from '../qr/QrCode.tsx';
import type { DisplayConnection, DisplayFeed } from './display-feed.ts';

/**
 * The customer display: what main says it shows, in the till's language
 * (each state carries it), large and plain. It holds nothing of its own
 * but the clock for a payment link's countdown.
 */

export function CustomerDisplayPage({ feed }: { feed: DisplayFeed | undefined }) {
  const [state, setState] = useState<CustomerDisplayState | undefined>(undefined);
  const [connection, setConnection] = useState<DisplayConnection>(feed === undefined ? 'no-link' : 'connecting');
  useEffect(() => feed?.listen(setState, setConnection), [feed]);

  const words = chooseCatalogue(state?.language).display;
  useEffect(() => {
    document.documentElement.lang = state?.language ?? 'en';
  }, [state?.language]);

  if (connection === 'no-link' || connection === 'refused') {
    return (
      <main className="customer-display">
        <p className="display-notice" role="alert">
          {connection === 'no-link' ? words.needsLink : words.refused}
        </p>
      </main>
    );
  }
  if (state === undefined) {
    return (
      <main className="customer-display">
        <p className="display-notice" role="status">
          {words.connecting}
        </p>
      </main>
    );
  }
  return <CustomerDisplay state={state} words={words} />;
}

export function CustomerDisplay({ state, words }: { state: CustomerDisplayState; words: DisplayWords }) {
  switch (state.kind) {
    case 'idle':
      return (
        <main className="customer-display display-idle">
          <h1>{words.welcome}</h1>
          <p>{words.welcomeDetail}</p>
        </main>
      );
    case 'thanks': {
      const money = (minor: number) => formatMoney(minor, state.currency, state.locale);
      return (
        <main className="customer-display display-thanks">
          <h1>{words.thanks}</h1>
          <dl className="display-sums">
            <div>
              <dt>{words.paid}</dt>
              <dd>{money(state.totalMinor)}</dd>
            </div>
            {state.changeMinor === undefined ? null : (
              <div className="display-change">
                <dt>{words.change}</dt>
                <dd>{money(state.changeMinor)}</dd>
              </div>
            )}
          </dl>
          <p>{words.goodbye}</p>
        </main>
      );
    }
    case 'sale': {
      const money = (minor: number) => formatMoney(minor, state.currency, state.locale);
      return (
        <main className={`customer-display display-sale${state.prompt === undefined ? '' : ' display-with-prompt'}`}>
          <section className="display-lines" aria-labelledby="display-items">
            <h1 id="display-items">{words.items}</h1>
            {state.moreLines > 0 ? <p className="display-more">{words.moreAbove(state.moreLines)}</p> : null}
            <ul aria-label={words.items}>
              {state.lines.map((line, index) => (
                // Lines only come and go at the end, so their place is who they are.
                <li key={index + state.moreLines}>
                  <span className="display-quantity">{words.quantity(line.quantity)}</span>
                  <span className="display-name">{line.name}</span>
                  <span className="display-amount">{money(line.totalMinor)}</span>
                </li>
              ))}
            </ul>
          </section>
          <dl className="display-sums" aria-label={words.total}>
            <div>
              <dt>{words.total}</dt>
              <dd>{money(state.totalMinor)}</dd>
            </div>
            {state.dueMinor === state.totalMinor ? null : (
              <div className="display-due">
                <dt>{words.due}</dt>
                <dd>{money(state.dueMinor)}</dd>
              </div>
            )}
          </dl>
          {state.prompt === undefined ? null : <Prompt prompt={state.prompt} words={words} money={money} />}
        </main>
      );
    }
  }
}

function Prompt({
  prompt,
  words,
  money,
}: {
  prompt: DisplayPrompt;
  words: DisplayWords;
  money: (minor: number) => string;
}) {
  if (prompt.kind === 'card') {
    return (
      <section className="display-prompt" role="status" aria-live="polite">
        <p className="display-prompt-words">{words.payOnTerminal}</p>
      </section>
    );
  }
  return <LinkPrompt prompt={prompt} words={words} money={money} />;
}

function LinkPrompt({
  prompt,
  words,
  money,
}: {
  prompt: Extract<DisplayPrompt, { kind: 'link' }>;
  words: DisplayWords;
  money: (minor: number) => string;
}) {
  const left = useSecondsLeft(prompt.expiresAt);
  const amount = money(prompt.amountMinor);
  return (
    <section className="display-prompt display-link" aria-label={words.scanToPay}>
      <p className="display-prompt-words">{words.scanToPay}</p>
      {left > 0 ? (
        <QrCode url={prompt.url} label={words.qrLabel(amount)} size="min(42vh, 36vw)" />
      ) : (
        <p role="alert">{words.expired}</p>
      )}
      <p className="display-link-amount">
        {words.amount}: <strong>{amount}</strong>
      </p>
      {left > 0 ? <p className="display-countdown">{words.expiresIn(clockTime(left))}</p> : null}
    </section>
  );
}

/** 125 → "2:05". */
function clockTime(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${String(minutes)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Whole seconds until `expiresAt`, on a clock that ticks every second; 0 once it has passed. */
function useSecondsLeft(expiresAt: string): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - now) / 1000));
}
