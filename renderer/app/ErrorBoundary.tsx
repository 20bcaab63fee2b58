import { Component, type ReactNode } from 'react';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { reportRendererError } from './report-errors.ts';
import { t } from '../i18n/words.ts';

interface Props {
  bridge: RendererBridge;
  children: ReactNode;
}

/** A broken screen is reported and replaced by a way out; main keeps the till's state. */
export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error): void {
    reportRendererError(this.props.bridge, 'render', error);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="blocked" role="alert">
        <h1>{t.app.stopped}</h1>
        <p>{t.app.stoppedDetail}</p>
        <button type="button" className="button primary" onClick={() => window.location.reload()}>
          {t.app.reload}
        </button>
      </div>
    );
  }
}
