import { useRef, type ReactNode } from 'react';
import { useModal } from './use-modal.ts';

/**
 * The dimmed layer a panel opens on, as a modal (see use-modal.ts). `content`
 * names the panel inside, so a new panel gets the focus; `onEscape` is
 * undefined while the panel may not be closed. A panel that is a region, not
 * a dialog of its own (the journal, the till day), names its heading in
 * `labelledBy`, and the layer is the modal dialog around it.
 */
export function ModalOverlay({
  children,
  content,
  onEscape,
  labelledBy,
  className,
}: {
  children: ReactNode;
  /** A class besides `overlay`, for a layer styled its own way. */
  className?: string;
  content?: unknown;
  onEscape: (() => void) | undefined;
  labelledBy?: string | undefined;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useModal(ref, { onEscape, content });
  return (
    <div
      ref={ref}
      className={className === undefined ? 'overlay' : `overlay ${className}`}
      {...(labelledBy === undefined
        ? { role: 'presentation' }
        : { role: 'dialog', 'aria-modal': true, 'aria-labelledby': labelledBy })}
    >
      {children}
    </div>
  );
}
