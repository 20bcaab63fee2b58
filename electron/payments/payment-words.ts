/** Main's words about card payments a manager settles by hand: what the screen shows when main refuses. */
export const paymentWords = {
  nameTheManager: 'Type the name of the manager who settles this payment.',
  managerMustSettle:
    'Only a manager can settle a card payment by hand. Ask a manager to pick their name and type their PIN.',
} as const;
