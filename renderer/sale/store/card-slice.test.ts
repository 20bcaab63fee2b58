import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KassaApi } from '../../../shared/ipc/contract.ts';
import type { OpenSaleView } from '../../../shared/sale/open-sale.ts';
import type { RendererBridge } from '../../api/renderer-bridge.ts';
import { emptySaleView, useSaleStore } from '../sale-store.ts';
import { newSaleRefusal } from './receipt-slice.ts';
import { NOTHING_ON_SCREEN } from './screen-slice.ts';
import { cardAttempt } from './testing/card-attempt.ts';

/** The card on screen as main's events move it along: none of these asks main anything. */

afterEach(() => {
  useSaleStore.setState(NOTHING_ON_SCREEN);
});

describe('a card payment’s progress from main', () => {
  it('moves the card on screen along, keeping what the terminal last said', () => {
    useSaleStore.setState({ card: { view: cardAttempt('sent'), terminalMessage: 'Insert card' }, panel: 'card' });
    const progress = {
      attemptId: 'A-1',
      saleId: 'S-1',
      terminalId: 'V400m-1',
      state: 'in_progress',
      cashierMessage: 'The customer is paying',
      at: '2026-01-01T10:00:05.000Z',
    } as const;
    useSaleStore.getState().followCardProgress(progress);
    expect(useSaleStore.getState().card).toMatchObject({
      view: { state: 'in_progress', cashierMessage: 'The customer is paying', updatedAt: progress.at },
      terminalMessage: 'Insert card',
    });

    // Another payment's progress is not this one's.
    useSaleStore.getState().followCardProgress({ ...progress, attemptId: 'A-2', state: 'checking' });
    expect(useSaleStore.getState().card?.view.state).toBe('in_progress');

    // An event that left main before what the screen already knows (it came on another connection) is old news.
    useSaleStore.getState().followCardProgress({ ...progress, state: 'sent', at: '2026-01-01T10:00:04.999Z' });
    expect(useSaleStore.getState().card?.view).toMatchObject({ state: 'in_progress', updatedAt: progress.at });
  });
});

/** A main that answers the card's questions as scripted, and keeps what it was asked. */
function cardMain(answers: Partial<Record<string, (request: unknown) => unknown>>) {
  const asked: string[] = [];
  const api = new Proxy(
    {},
    {
      get: (_target, channel: string) => (request: unknown) => {
        asked.push(channel);
        const answer = answers[channel];
        if (answer === undefined) return Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'no' } });
        return Promise.resolve({ ok: true, value: answer(request) });
      },
    },
  ) as KassaApi;
  const bridge: RendererBridge = { api, onEvent: () => () => undefined, onConnection: () => () => undefined };
  return { bridge, asked };
}

describe('Cancel while the customer pays', () => {
  let detach: (() => void) | undefined;
  afterEach(() => {
    detach?.();
    detach = undefined;
  });

  it('says at once that the cancel is sent, before main has answered, and sends it only once', async () => {
    let answerAbort: (value: unknown) => void = () => undefined;
    const main = cardMain({
      'payments.abort': () => new Promise((resolve) => (answerAbort = resolve)),
    });
    detach = useSaleStore.getState().attach(main.bridge, 'EUR');
    useSaleStore.setState({ card: { view: cardAttempt('in_progress'), terminalMessage: undefined }, panel: 'card' });

    const aborting = useSaleStore.getState().abortCard();
    expect(useSaleStore.getState().card?.cancelSentAt).toEqual(expect.any(String));
    void useSaleStore.getState().abortCard();
    answerAbort(cardAttempt('in_progress'));
    await aborting;
    expect(main.asked.filter((channel) => channel === 'payments.abort')).toHaveLength(1);
  });

  it('takes the words back when main would not send the cancel', async () => {
    const main = cardMain({});
    detach = useSaleStore.getState().attach(main.bridge, 'EUR');
    useSaleStore.setState({ card: { view: cardAttempt('sent'), terminalMessage: undefined }, panel: 'card' });
    await useSaleStore.getState().abortCard();
    expect(useSaleStore.getState().card?.cancelSentAt).toBeUndefined();
    expect(useSaleStore.getState().notice).toMatchObject({ kind: 'error', text: 'no' });
  });

  it('says plainly that the payment went through when it wins the race, and goes on only when the cashier has read it', async () => {
    const main = cardMain({
      'payments.get': () => ({ ...cardAttempt('approved'), authorisedMinor: 1_250 }),
    });
    detach = useSaleStore.getState().attach(main.bridge, 'EUR');
    useSaleStore.setState({
      card: { view: cardAttempt('in_progress'), terminalMessage: undefined, cancelSentAt: '2026-01-01T10:00:03.000Z' },
      panel: 'card',
    });
    useSaleStore.getState().followCardProgress({
      attemptId: 'A-1',
      saleId: 'S-1',
      terminalId: 'V400m-1',
      state: 'approved',
      cashierMessage: 'Card payment approved.',
      at: '2026-01-01T10:00:06.000Z',
    });
    await vi.waitFor(() => expect(useSaleStore.getState().card?.wonRace).toBe(true));
    expect(useSaleStore.getState()).toMatchObject({ panel: 'card', card: { view: { state: 'approved' } } });
    expect(main.asked).not.toContain('sales.complete');

    await useSaleStore.getState().continueAfterRace();
    expect(main.asked).toContain('sales.current');
  });
});

describe('F10 away from a receipt', () => {
  const line = { lineId: 'L-1' } as OpenSaleView['lines'][number];

  it('puts a declined card away and says what is left to do with the sale’s items', () => {
    useSaleStore.setState({
      card: { view: cardAttempt('declined'), terminalMessage: undefined },
      panel: 'card',
      sale: { ...emptySaleView('EUR'), lines: [line] },
    });
    useSaleStore.getState().newSale();
    expect(useSaleStore.getState()).toMatchObject({
      card: undefined,
      panel: 'none',
      notice: { text: 'This sale still has items. Pay it, park it (F3) or clear it first.' },
    });
  });

  it('says why not while a card is going or waits for a manager, and starts afresh when nothing is left', () => {
    expect(
      newSaleRefusal({
        card: { view: cardAttempt('in_progress'), terminalMessage: undefined },
        sale: emptySaleView('EUR'),
      }),
    ).toMatch(/^A card payment is still going/);
    expect(
      newSaleRefusal({
        card: { view: cardAttempt('needs_attention'), terminalMessage: undefined },
        sale: emptySaleView('EUR'),
      }),
    ).toMatch(/needs a manager/);

    useSaleStore.setState({
      card: { view: cardAttempt('cancelled'), terminalMessage: undefined },
      panel: 'card',
      sale: emptySaleView('EUR'),
    });
    useSaleStore.getState().newSale();
    expect(useSaleStore.getState()).toMatchObject({
      card: undefined,
      panel: 'none',
      notice: { text: 'Ready for the next sale.' },
    });
  });
});
