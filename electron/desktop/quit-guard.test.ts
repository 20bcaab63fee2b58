import { describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../logging/logger.ts';
import { guardWindowWhilePaying, QUIT_WORDS, quitWordsFor, type GuardedWindow } from './quit-guard.ts';

function fakeWindow() {
  const handlers: { close?: (event: { preventDefault(): void }) => void } = {};
  let closed = false;
  const window: GuardedWindow = {
    on: (_event, handler) => {
      handlers.close = handler;
    },
    close: () => {
      tryClose();
    },
  };
  /** What Electron does when the cashier clicks the window's close button. */
  function tryClose(): boolean {
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    if (handlers.close === undefined) throw new Error('the guard did not listen for close');
    handlers.close(event);
    if (!event.prevented) closed = true;
    return !event.prevented;
  }
  return { window, tryClose, isClosed: () => closed };
}

describe('the window guard while a card payment is in flight', () => {
  it('closes at once when no payment is out at the terminal, without asking', () => {
    const { window, tryClose } = fakeWindow();
    const ask = vi.fn(() => 1);
    guardWindowWhilePaying({ window, inFlight: () => 0, ask, logger: createMemoryLogger() });
    expect(tryClose()).toBe(true);
    expect(ask).not.toHaveBeenCalled();
  });

  it('keeps the window open while a payment is in flight unless a manager overrides, and logs both', () => {
    const { window, tryClose, isClosed } = fakeWindow();
    const logger = createMemoryLogger();
    const answers = [0, 1];
    const ask = vi.fn(() => answers.shift() ?? 0);
    const onOverride = vi.fn();
    guardWindowWhilePaying({ window, inFlight: () => 1, ask, logger, onOverride });

    expect(tryClose()).toBe(false);
    expect(onOverride).not.toHaveBeenCalled();
    expect(ask).toHaveBeenLastCalledWith(expect.objectContaining({ message: QUIT_WORDS.message }));
    expect(logger.lines).toContainEqual(expect.objectContaining({ msg: 'app.close_refused', paymentsInFlight: 1 }));
    expect(isClosed()).toBe(false);

    tryClose();
    expect(isClosed()).toBe(true);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ msg: 'app.close_overridden', level: 'warn', paymentsInFlight: 1 }),
    );
    // The till writes the override to its audit log.
    expect(onOverride).toHaveBeenCalledExactlyOnceWith(1);
  });
});

describe('the window guard on a Dutch till', () => {
  it('asks in Dutch, with Dutch buttons, whether to close during a card payment', () => {
    const { window, tryClose } = fakeWindow();
    const ask = vi.fn(() => 0);
    guardWindowWhilePaying({
      window,
      inFlight: () => 1,
      ask,
      logger: createMemoryLogger(),
      words: quitWordsFor('nl'),
    });

    expect(tryClose()).toBe(false);
    expect(ask).toHaveBeenCalledExactlyOnceWith({
      message: 'Er loopt een pinbetaling.',
      detail:
        'Als je Kassa nu sluit, is niet bekend of de klant heeft betaald tot Kassa weer start. Wacht tot de pinautomaat klaar is.',
      buttons: ['Kassa open laten', 'Toch sluiten (manager)'],
    });
  });
});
