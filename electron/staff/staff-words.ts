/**
 * What main says to the person at the till about who may do what, in one
 * place. `what` is a few words from the caller ("open the cash drawer
 * without a sale").
 */
export const staffWords = {
  locked: 'The till is locked. Log in with your PIN first.',
  onlyManager: (what: string) => `Only a manager can ${what}. Ask a manager to log in.`,
  needsApproval: (what: string) => `Only a manager can ${what}. Ask a manager to approve it with their PIN.`,
  notAManager: (name: string) => `${name} is not a manager. A manager must approve this.`,
  changedWhileApproving: 'The sale changed while the manager was approving. Check it and ask again.',
  lockWithMoney:
    'Money has been taken on this sale, so it cannot be put aside. Finish the sale (or void it and give the money back) before locking the till.',
  lockAfterCard:
    'A card payment was started on this sale, so it cannot be put aside. Finish the sale (or void it) before locking the till.',
} as const;
