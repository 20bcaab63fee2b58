import type { PaymentProvider } from '../../../shared/config/schema.ts';
import { adyenScenarioRig } from '../adyen/testing/scenario-rig.ts';
import { worldlineScenarioRig } from '../worldline/testing/scenario-rig.ts';
import type { ScenarioRig } from './scenario-rig.ts';

/** Each registered provider's scenario rig: the test-side twin of the registry's switch. */
export function scenarioRig(provider: PaymentProvider): ScenarioRig {
  switch (provider) {
    case 'adyen':
      return adyenScenarioRig;
    case 'worldline':
      return worldlineScenarioRig;
    default:
      return noRig(provider);
  }
}

function noRig(provider: never): never {
  throw new Error(`No scenario rig for payment provider ${String(provider)}`);
}
