import type { PaymentProvider } from '../../../shared/config/schema.ts';
import { adyenInvariantRig } from '../adyen/testing/invariant-rig.ts';
import { worldlineInvariantRig } from '../worldline/testing/invariant-rig.ts';
import type { InvariantRig, TillSetup } from './invariant-rig.ts';

/** Something done with a provider's invariant rig, whatever its faults and setups. */
export type WithInvariantRig<R> = <Fault, Setup extends TillSetup>(rig: InvariantRig<Fault, Setup>) => R;

/** Each registered provider's invariant rig, handed to `use`: the test-side twin of the registry's switch. */
export function withInvariantRig<R>(provider: PaymentProvider, use: WithInvariantRig<R>): R {
  switch (provider) {
    case 'adyen':
      return use(adyenInvariantRig);
    case 'worldline':
      return use(worldlineInvariantRig);
    default:
      return noRig(provider);
  }
}

function noRig(provider: never): never {
  throw new Error(`No invariant rig for payment provider ${String(provider)}`);
}
