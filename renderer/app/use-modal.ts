import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * A panel over the screen as a real modal dialog: the rest of the page is
 * `inert` (no clicks, no focus, hidden from screen readers), focus moves to
 * the panel's first field, Tab and Shift+Tab go round inside it, Esc closes
 * it from anywhere in it (text fields too) when it may be closed, and focus
 * goes back to what had it before. Applied once, to the overlay that holds
 * the panels, so a panel itself only says `role="dialog" aria-modal="true"`.
 */

/** What Tab can reach, in order. */
const FOCUSABLE = [
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'button:not([disabled])',
  'a[href]',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** Fields first: a panel opened to be typed in gets its first box, not its first button. */
const FIELDS = 'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled])';

/** Where Tab goes from `index` among `count` stops: round from the last to the first and back. */
export function nextStop(count: number, index: number, backwards: boolean): number {
  if (count === 0) return -1;
  if (index < 0) return backwards ? count - 1 : 0;
  return (index + (backwards ? count - 1 : 1)) % count;
}

const shown = (element: HTMLElement) => element.getClientRects().length > 0;

function stopsIn(container: HTMLElement, selector: string): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(selector)).filter(shown);
}

/** The modals open now, the newest last: only the newest answers Tab and Esc. */
const open: HTMLElement[] = [];

/** Makes everything on the page except `keep` (and what holds it) inert; answers how to undo exactly that. */
function inertAround(keep: HTMLElement): () => void {
  const made: HTMLElement[] = [];
  for (let node: HTMLElement | null = keep; node !== null && node !== document.body; node = node.parentElement) {
    const parent: HTMLElement | null = node.parentElement;
    if (parent === null) break;
    for (const sibling of Array.from(parent.children)) {
      if (sibling === node || !(sibling instanceof HTMLElement) || sibling.inert) continue;
      if (sibling instanceof HTMLScriptElement || sibling instanceof HTMLStyleElement) continue;
      sibling.inert = true;
      made.push(sibling);
    }
  }
  return () => {
    for (const element of made) element.inert = false;
  };
}

export interface ModalOptions {
  /** Esc closes: undefined while the panel must stay (a card payment in flight). */
  onEscape: (() => void) | undefined;
  /** Changes when the panel inside changes (the overlay stays): focus moves to the new panel's first field. */
  content?: unknown;
}

export function useModal(ref: RefObject<HTMLElement | null>, { onEscape, content }: ModalOptions): void {
  // What had the focus before the modal: read while it first renders, before a field inside autofocuses.
  const [before] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : undefined));
  const escape = useRef(onEscape);
  useEffect(() => {
    escape.current = onEscape;
  });

  // For as long as the modal is open: the page inert, Tab kept in, Esc, and focus back at the end.
  useEffect(() => {
    const container = ref.current;
    if (container === null) return undefined;
    const undoInert = inertAround(container);
    open.push(container);

    const onKeyDown = (event: KeyboardEvent) => {
      if (open.at(-1) !== container || event.defaultPrevented) return;
      if (event.key === 'Escape') {
        const close = escape.current;
        if (close === undefined) return;
        event.preventDefault();
        close();
      } else if (event.key === 'Tab') {
        const stops = stopsIn(container, FOCUSABLE);
        const at = stops.indexOf(document.activeElement as HTMLElement);
        const next = stops[nextStop(stops.length, at, event.shiftKey)];
        if (next === undefined) return;
        event.preventDefault();
        next.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown);

    return () => {
      document.removeEventListener('keydown', onKeyDown);
      open.splice(open.indexOf(container), 1);
      undoInert();
      if (before?.isConnected === true && !before.closest('[inert]')) before.focus();
    };
  }, [ref, before]);

  // Each panel shown: focus in, on its first field (a field the panel focused itself keeps it).
  useEffect(() => {
    const container = ref.current;
    if (container === null || container.contains(document.activeElement)) return;
    const first = stopsIn(container, FIELDS)[0] ?? stopsIn(container, FOCUSABLE)[0];
    first?.focus();
  }, [ref, content]);
}
