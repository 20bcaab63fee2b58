import { Component, type ReactNode } from 'react';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { reportRendererError } from './report-errors.ts';

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
        <h1>This screen stopped working</h1>
        <p>The till itself is still running and has kept everything. Press Reload to get the screen back.</p>
        <button type="button" className="button primary" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
