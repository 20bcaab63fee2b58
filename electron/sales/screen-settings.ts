import { DEFAULT_CASH_CONFIRM, type TillConfig } from '../../shared/config/schema.ts';
import type { ScreenSettings } from '../../shared/ipc/contract.ts';
import { decimalStringToMinor } from '../../shared/money.ts';

/** What the cashier's screen needs of the configuration: sounds on or off, and when to confirm cash. */
export function screenSettings(config: TillConfig): ScreenSettings {
  const confirm = config.selling?.cashConfirm ?? DEFAULT_CASH_CONFIRM;
  return {
    sounds: config.display?.sounds ?? true,
    cashConfirm: {
      timesDue: confirm.timesDue,
      changeAboveMinor: decimalStringToMinor(confirm.changeAbove, config.currency),
    },
  };
}
