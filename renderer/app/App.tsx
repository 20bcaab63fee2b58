import type { TillLink } from '../api/connect.ts';
import { TillShell } from '../shell/TillShell.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';

export function App({ link }: { link: TillLink }) {
  if ('problem' in link) {
    return (
      <div className="blocked" role="alert">
        <h1>Kassa cannot open here</h1>
        <p>{link.problem}</p>
      </div>
    );
  }
  return (
    <ErrorBoundary bridge={link.bridge}>
      <TillShell bridge={link.bridge} />
    </ErrorBoundary>
  );
}
