import {
  PAYMENT_PROVIDERS,
  type PaymentConfig,
  type PaymentProvider,
  type TillConfig,
} from '../../../shared/config/schema.ts';
import { adyenModule } from '../adyen/adyen-module.ts';
import { worldlineModule } from '../worldline/worldline-module.ts';
import type { ConnectedTerminal, ModuleContext, TerminalModule } from './terminal-module.ts';

/**
 * The card terminal providers this till speaks, one line each. Adding one is
 * a folder with its module, an entry in the configuration schema's
 * `payment` union, and a line here; the switch below stops the build until
 * the line is written.
 */
export function terminalModule(provider: PaymentProvider): TerminalModule {
  switch (provider) {
    case 'adyen':
      return adyenModule;
    case 'worldline':
      return worldlineModule;
    default:
      return unknownProvider(provider);
  }
}

/** Every provider, in the order people are told about them (`kassa simulator --provider`). */
export const TERMINAL_MODULES: readonly TerminalModule[] = PAYMENT_PROVIDERS.map(terminalModule);

function unknownProvider(provider: never): never {
  throw new Error(`No terminal module for payment provider ${String(provider)}`);
}

/** Connects the configured terminal through its provider's module. */
export function connectTerminal(
  config: TillConfig,
  payment: PaymentConfig,
  context: ModuleContext,
): Promise<ConnectedTerminal> {
  return terminalModule(payment.provider).connect(config, payment, context);
}
