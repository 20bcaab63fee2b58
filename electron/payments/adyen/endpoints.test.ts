import { describe, expect, it } from 'vitest';
import { AdyenPaymentConfigSchema } from '../../../shared/config/schema.ts';
import { adyenHostedEndpoints, endpointsAt, endpointsFor } from './endpoints.ts';

const terminal = AdyenPaymentConfigSchema.parse({
  poiId: 'P400Plus-123456789',
  merchantAccount: 'ShopNL',
});

describe('Adyen endpoints', () => {
  it('sends the test environment to Adyen’s test hosts, whatever the region', () => {
    expect(adyenHostedEndpoints('test', 'us')).toEqual({
      legacy: 'https://terminal-api-test.adyen.com',
      device: 'https://device-api-test.adyen.com/v1',
    });
  });

  it.each([
    ['eu', 'live'],
    ['us', 'live-us'],
    ['au', 'live-au'],
    ['apse', 'live-apse'],
  ] as const)('sends the live environment in region %s to the %s hosts', (region, suffix) => {
    expect(adyenHostedEndpoints('live', region)).toEqual({
      legacy: `https://terminal-api-${suffix}.adyen.com`,
      device: `https://device-api-${suffix}.adyen.com/v1`,
    });
  });

  it('starts the embedded simulator for a demo till unless a base URL is given', () => {
    expect(endpointsFor('demo', terminal)).toBe('simulator');
    expect(endpointsFor('demo', { ...terminal, baseUrl: 'http://127.0.0.1:4320/' })).toEqual({
      legacy: 'http://127.0.0.1:4320',
      device: 'http://127.0.0.1:4320/v1',
    });
  });

  it('lets a base URL override Adyen’s hosts in every mode', () => {
    expect(endpointsFor('live', { ...terminal, baseUrl: 'https://proxy.shop.example/adyen' })).toEqual(
      endpointsAt('https://proxy.shop.example/adyen'),
    );
    expect(endpointsFor('training', terminal)).toEqual(adyenHostedEndpoints('test', 'eu'));
  });
});
