import { DEMO_TERMINALS, type PaymentConfig, type TillConfig } from '../../../shared/config/schema.ts';

/** The card setup a demo till gets when its configuration names none: one Adyen terminal on the embedded simulator. */
export const DEMO_PAYMENT: PaymentConfig = {
  provider: 'adyen',
  mode: 'sync',
  resultTimeoutSeconds: 150,
  adyen: { ...DEMO_TERMINALS.adyen, api: 'cloud-device', region: 'eu' },
};

/**
 * The card setup a till uses: the one configured; none when set to null; for a
 * demo till that names none, the simulated one. Never a made-up terminal for
 * a training or live till.
 */
export function chosenPayment(config: TillConfig): PaymentConfig | undefined {
  if (config.payment === null) return undefined;
  return config.payment ?? (config.mode === 'demo' ? DEMO_PAYMENT : undefined);
}
