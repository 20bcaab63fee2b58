// Only test code may import the simulators.
import { FAULT_STATUSES, type FaultStatus } from '../../../simulators/worldline/faults.ts';
import {
  startTestWorldlineSimulator,
  WORLDLINE_UTID,
  type TestWorldlineSimulator,
} from '../../../simulators/worldline/testing/harness.ts';
import type { RiggedTerminal, ScenarioRig } from '../../testing/scenario-rig.ts';
import { createTerminalReadings } from '../terminal-readings.ts';
import { connectedWorldlineTerminal } from '../worldline-module.ts';

/**
 * The scenario table's Worldline: the Worldline simulator on loopback,
 * connected as the module connects the embedded one (results posted to the
 * till's own listener), with the real backoff's shape at test-sized waits.
 */

/** The till's InitiatingParty: Worldline's name for the sale system. */
export const WORLDLINE_SALE_SYSTEM_ID = 'KassaTill1';

function worldlineStatus(status: number): FaultStatus {
  const known = FAULT_STATUSES.find((candidate) => candidate === status);
  if (known === undefined) throw new Error(`The Worldline simulator cannot answer HTTP ${status}`);
  return known;
}

export const worldlineScenarioRig: ScenarioRig = {
  name: 'worldline',
  deliveries: ['sync', 'async'],
  // A 429 was rate-limited, so never processed: sent again. A 404 says the terminal is not connected.
  traits: { onThrottle: 'resend', onNotFound: 'terminal-absent' },
  async connect({ timeScale }) {
    return rigWorldlineSimulator(await startTestWorldlineSimulator({ timeScale }));
  },
};

/** A running Worldline simulator's terminal WORLDLINE_UTID, connected as the module connects the embedded one. */
export function rigWorldlineSimulator({ simulator, client }: TestWorldlineSimulator): RiggedTerminal {
  const terminal = connectedWorldlineTerminal({
    provider: 'worldline',
    terminalId: WORLDLINE_UTID,
    merchantId: simulator.merchantId,
    initiatingPartyId: WORLDLINE_SALE_SYSTEM_ID,
    baseUrl: simulator.url,
    apiKey: simulator.apiKey,
    target: simulator.url,
    webhookRetries: 3,
    webhookBase: undefined,
    webhookOnLoopback: true,
    readings: createTerminalReadings(),
    // No test sleeps for a retry.
    retry: { tries: 4, baseDelayMs: 1, maxDelayMs: 4 },
    close: () => Promise.resolve(),
  });
  const names = { 'lose-result': 'lose-webhook', 'duplicate-result': 'duplicate-webhook' } as const;
  return {
    terminal,
    controls: {
      async fault(fault) {
        if (fault.kind === 'http-error') {
          await client.addFault(WORLDLINE_UTID, {
            fault: 'http-error',
            status: worldlineStatus(fault.status),
            beforeTerminal: fault.beforeTerminal,
            times: fault.times ?? 1,
          });
        } else if (fault.kind === 'lose-result' || fault.kind === 'duplicate-result') {
          await client.addFault(WORLDLINE_UTID, { fault: names[fault.kind] });
        } else {
          await client.addFault(WORLDLINE_UTID, { fault: fault.kind });
        }
      },
      setOnline: (online) => client.setOnline(WORLDLINE_UTID, online),
      moneyAtTerminal: async () => (await client.transactions(WORLDLINE_UTID)).transactions.length,
      deliveriesDone: () => simulator.notificationsIdle(),
    },
    close: () => simulator.close(),
  };
}
