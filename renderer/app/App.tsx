import { useMemo } from 'react';
import type { TillLink } from '../api/connect.ts';
import { TillShell } from '../shell/TillShell.tsx';
import { ManagerApprovalDialog } from '../staff/ManagerApprovalDialog.tsx';
import { withManagerApproval } from '../staff/manager-approval.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { t } from '../i18n/words.ts';

export function App({ link }: { link: TillLink }) {
  // Whatever a screen asks that needs a manager, a manager may approve on the spot.
  const bridge = useMemo(() => ('bridge' in link ? withManagerApproval(link.bridge) : undefined), [link]);
  if ('problem' in link) {
    return (
      <div className="blocked" role="alert">
        <h1>{t.app.cannotOpen}</h1>
        <p>{link.problem}</p>
      </div>
    );
  }
  if (bridge === undefined) return null;
  return (
    <ErrorBoundary bridge={bridge}>
      <TillShell bridge={bridge} />
      <ManagerApprovalDialog />
    </ErrorBoundary>
  );
}
