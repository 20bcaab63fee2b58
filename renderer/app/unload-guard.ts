import { paymentInFlight, type TillState } from '../store/till-store.ts';

/**
 * Asks before the page goes away (a reload, a closed browser tab, Electron
 * closing the window) while a card payment is out at the terminal. Main
 * guards the desktop window as well and offers a manager the override.
 */
export function guardUnloadWhilePaying(
  target: Pick<Window, 'addEventListener'>,
  state: () => Pick<TillState, 'payments'>,
) {
  target.addEventListener('beforeunload', (event) => {
    if (paymentInFlight(state())) event.preventDefault();
  });
}
