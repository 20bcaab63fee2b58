import { t } from '../i18n/words.ts';
import { ManagerApprovalForm } from '../staff/ManagerApprovalForm.tsx';
import { useSaleStore } from './sale-store.ts';

/**
 * A change to the sale above the cashier's limits (a discount, a price, giving
 * up a sale a card paid for), approved on the spot: the manager picks their
 * name and types their PIN; the cashier stays logged in. Main checks the PIN,
 * records who approved what, and only then makes the change.
 */
export function ApprovalPanel() {
  const approval = useSaleStore((state) => state.approval);
  if (approval === undefined) return null;
  const close = () => useSaleStore.setState({ approval: undefined, panel: 'none' });
  return (
    <section className="panel approval-panel" role="dialog" aria-modal="true" aria-labelledby="approval-title">
      <h2 id="approval-title">{t.approval.title}</h2>
      <ManagerApprovalForm message={approval.message} approve={(given) => approval.approve(given)} onCancel={close} />
    </section>
  );
}
