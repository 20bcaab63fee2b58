import type { AdyenPaymentConfig, AdyenRegion, TillMode } from '../../../shared/config/schema.ts';

/**
 * Where a till's Terminal API requests go. Adyen has two endpoint families
 * with the same message bodies: the legacy `terminal-api-*` hosts (`/sync`,
 * `/async`) and the Cloud device API on `device-api-*` hosts
 * (`/v1/merchants/{merchantAccount}/devices/{deviceId}/sync|async|status`).
 * Hosts from Adyen's `TerminalAPI-v1.yaml` and `CloudDeviceService-v1.yaml`.
 */

export interface AdyenEndpoints {
  /** Base of the legacy `/sync` and `/async`. */
  legacy: string;
  /** Base of the Cloud device API, ending in `/v1`. */
  device: string;
}

const LIVE_SUFFIX: Readonly<Record<AdyenRegion, string>> = {
  eu: 'live',
  us: 'live-us',
  au: 'live-au',
  apse: 'live-apse',
};

/** Adyen's own hosts in its test or live environment. */
export function adyenHostedEndpoints(environment: 'test' | 'live', region: AdyenRegion): AdyenEndpoints {
  const host = environment === 'test' ? 'test' : LIVE_SUFFIX[region];
  return {
    legacy: `https://terminal-api-${host}.adyen.com`,
    device: `https://device-api-${host}.adyen.com/v1`,
  };
}

/** A single base URL serving both families the way the simulator does: `/sync` and `/v1/…`. */
export function endpointsAt(baseUrl: string): AdyenEndpoints {
  const base = baseUrl.replace(/\/+$/, '');
  return { legacy: base, device: `${base}/v1` };
}

/**
 * The endpoints a till in `mode` uses, or `simulator` when it should start
 * the embedded one (demo mode without a `baseUrl`).
 */
export function endpointsFor(mode: TillMode, adyen: AdyenPaymentConfig): AdyenEndpoints | 'simulator' {
  if (adyen.baseUrl !== undefined) return endpointsAt(adyen.baseUrl);
  if (mode === 'demo') return 'simulator';
  return adyenHostedEndpoints(adyen.environment ?? (mode === 'live' ? 'live' : 'test'), adyen.region);
}
