import { afterEach, describe, expect, it } from 'vitest';
import { useSaleStore } from '../sale-store.ts';
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
  });
});
