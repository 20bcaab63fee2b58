import { TERMINAL_MODULES } from './providers/registry.ts';
import { scenarioRig } from './testing/scenario-rigs.ts';
import { runPaymentScenarios } from './testing/payment-scenarios.ts';

/**
 * The payment scenario table against every provider the registry lists,
 * each through its own rig: a provider added to the registry without a rig
 * does not compile here.
 */
for (const module of TERMINAL_MODULES) runPaymentScenarios(scenarioRig(module.name));
