import { afterEach, describe, expect, it } from 'vitest';
import { useSaleStore } from '../sale-store.ts';
import { NOTHING_ON_SCREEN } from './screen-slice.ts';
import { cardAttempt } from './testing/card-attempt.ts';

/** The screen's own rules, on the store alone: none of these asks main anything. */

afterEach(() => {
  useSaleStore.setState(NOTHING_ON_SCREEN);
});

describe('opening a panel', () => {
  it('opens the panel asked for when nothing holds the screen', () => {
    useSaleStore.getState().openPanel('cash');
    expect(useSaleStore.getState().panel).toBe('cash');
  });

  it('keeps a card out at the terminal and a finished sale’s receipt on screen', () => {
    useSaleStore.setState({ card: { view: cardAttempt('in_progress'), terminalMessage: undefined }, panel: 'card' });
    useSaleStore.getState().openPanel('cash');
    expect(useSaleStore.getState().panel).toBe('card');

    useSaleStore.setState({ card: undefined, panel: 'receipt' });
    useSaleStore.getState().openPanel('journal');
    expect(useSaleStore.getState().panel).toBe('receipt');
  });

  it('goes back to a card that ended until the cashier dismisses it', () => {
    useSaleStore.setState({ card: { view: cardAttempt('declined'), terminalMessage: undefined }, panel: 'none' });
    useSaleStore.getState().openPanel('cash');
    expect(useSaleStore.getState().panel).toBe('card');
    useSaleStore.getState().dismissCard();
    useSaleStore.getState().openPanel('cash');
    expect(useSaleStore.getState().panel).toBe('cash');
  });
});

describe('telling the cashier', () => {
  it('flashes the same words twice as two notices', () => {
    useSaleStore.getState().say('error', 'Not in the catalogue');
    const first = useSaleStore.getState().notice;
    useSaleStore.getState().say('error', 'Not in the catalogue');
    expect(useSaleStore.getState().notice?.text).toBe(first?.text);
    expect(useSaleStore.getState().notice?.serial).toBeGreaterThan(first?.serial ?? Infinity);
  });
});
