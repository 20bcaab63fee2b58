// Only test code may import the simulators.
import { API_KEY, startTestSimulator, type TestSimulator } from '../../../simulators/adyen/testing/harness.ts';
import { POIID } from '../../../simulators/adyen/testing/requests.ts';
import type { RiggedTerminal, ScenarioRig } from '../../testing/scenario-rig.ts';
import { connectedAdyenTerminal } from '../adyen-module.ts';
import { endpointsAt } from '../endpoints.ts';
import type { AdyenTerminalConnection } from '../terminal-connection.ts';
import { SALE_SYSTEM_ID } from '../../testing/payment-harness.ts';

/**
 * The scenario table's Adyen: the Adyen simulator on loopback, connected as
 * the module connects the embedded one (its event notifications pointed at
 * the till's listener once it listens).
 */
export const adyenScenarioRig: ScenarioRig = {
  name: 'adyen',
  deliveries: ['sync', 'async'],
  // Adyen's client asks the terminal after a 429; a 404 is a wrong path or account.
  traits: { onThrottle: 'ask', onNotFound: 'wrong-address' },
  async connect({ timeScale }) {
    return rigAdyenSimulator(await startTestSimulator({ timeScale }), 'cloud-device');
  },
};

/** A running Adyen simulator's terminal POIID, connected as the module connects the embedded one, over `api`. */
export function rigAdyenSimulator(
  { simulator, client }: TestSimulator,
  api: AdyenTerminalConnection['api'],
): RiggedTerminal {
  const terminal = connectedAdyenTerminal({
    provider: 'adyen',
    poiId: POIID,
    merchantAccount: simulator.merchantAccount,
    saleId: SALE_SYSTEM_ID,
    api,
    endpoints: endpointsAt(simulator.url),
    apiKey: API_KEY,
    target: simulator.url,
    useEventUrl: (target) => simulator.setEventUrls([target]),
    close: () => Promise.resolve(),
  });
  const names = { 'lose-result': 'lose-notification', 'duplicate-result': 'duplicate-notification' } as const;
  return {
    terminal,
    controls: {
      async fault(fault) {
        if (fault.kind === 'http-error') {
          for (let time = 0; time < (fault.times ?? 1); time += 1) {
            await client.addFault(POIID, {
              fault: 'http-error',
              status: fault.status,
              beforeTerminal: fault.beforeTerminal,
            });
          }
        } else if (fault.kind === 'lose-result' || fault.kind === 'duplicate-result') {
          await client.addFault(POIID, { fault: names[fault.kind] });
        } else {
          await client.addFault(POIID, { fault: fault.kind });
        }
      },
      setOnline: (online) => client.setOnline(POIID, online),
      moneyAtTerminal: async () => (await client.transactions(POIID)).length,
      deliveriesDone: () => simulator.notificationsIdle(),
    },
    close: () => simulator.close(),
  };
}
