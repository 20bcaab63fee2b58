import { useEffect } from 'react';
import { t } from '../i18n/words.ts';
import { useTillStore } from '../store/till-store.ts';
import { ManagerApprovalForm } from './ManagerApprovalForm.tsx';
import { useManagerApproval } from './manager-approval.ts';

/**
 * The manager's name and PIN for a call main refused until a manager approves
 * it (see manager-approval.ts), over whatever screen asked. A till that locks
 * meanwhile cancels it: the person who asked is gone.
 */
export function ManagerApprovalDialog() {
  const asked = useManagerApproval((state) => state.asked);
  const locked = useTillStore((state) => state.staff?.loginRequired === true && state.staff.operator === null);
  useEffect(() => {
    if (locked) asked?.cancel();
  }, [locked, asked]);
  if (asked === undefined || locked) return null;
  return (
    <div className="overlay" role="presentation">
      <section
        className="panel approval-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="manager-approval-title"
      >
        <h2 id="manager-approval-title">{t.approval.title}</h2>
        <ManagerApprovalForm
          message={asked.message}
          approve={asked.approve}
          onCancel={asked.cancel}
          cancelLabel={t.approval.cancelAsk}
        />
      </section>
    </div>
  );
}
