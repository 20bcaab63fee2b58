import type { RendererBridge } from '../api/renderer-bridge.ts';

/**
 * Tells main that someone is using the till, so its idle lock starts counting
 * again. Main decides when to lock (never during a payment); the page only
 * reports a touch or a key, at most once per `everyMs`.
 */
export function reportActivity(bridge: RendererBridge, target: Window, everyMs = 15_000): () => void {
  let last = Number.NEGATIVE_INFINITY;
  const touched = (event: Event) => {
    if (event.timeStamp - last < everyMs) return;
    last = event.timeStamp;
    void bridge.api['staff.activity']({});
  };
  const options = { capture: true, passive: true } as const;
  target.addEventListener('pointerdown', touched, options);
  target.addEventListener('keydown', touched, options);
  return () => {
    target.removeEventListener('pointerdown', touched, options);
    target.removeEventListener('keydown', touched, options);
  };
}
