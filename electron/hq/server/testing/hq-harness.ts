import { onTestFinished } from 'vitest';
import type { EnrolResponse, PushRequest, SyncItem } from '../../../../shared/hq/hq-contract.ts';
import type { ServingHqConfig } from '../../../../shared/hq/hq-config.ts';
import { createMemoryLogger } from '../../../logging/logger.ts';
import type { HqStore } from '../../hq-store.ts';
import { issueEnrolmentCode } from '../hq-admin.ts';
import { startHqServer, type HqServerOptions } from '../hq-server.ts';
import { manualTime } from './manual-time.ts';
import { tillStatus } from './hq-fixtures.ts';

/**
 * One HQ instance on loopback over a real store, with time that moves only
 * when the test says, and the calls a till and a browser make.
 */

export const ADYEN_USER = 'adyen-hq-events';
export const ADYEN_PASSWORD = 'hq-webhook-secret-123';

export interface CallOptions {
  token?: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

export async function startHarness(
  store: HqStore,
  config: Partial<ServingHqConfig> = {},
  options: Pick<HqServerOptions, 'pushGate'> = {},
) {
  const time = manualTime();
  const logger = createMemoryLogger();
  const server = await startHqServer({
    store,
    logger,
    clock: time,
    timers: time,
    config: {
      listen: '127.0.0.1:0',
      timeZone: 'UTC',
      enrolmentCodeDays: 7,
      sessionSecret: 'test-session-secret-of-32-characters-or-more',
      webhooks: { adyen: { username: ADYEN_USER, password: ADYEN_PASSWORD } },
      ...config,
    },
    ...options,
  });
  onTestFinished(() => server.close());

  async function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
    return fetch(`${server.url}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
        ...(options.json === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
      ...(options.body === undefined ? {} : { body: options.body }),
    });
  }

  /** Makes a code for the shop and enrols a till with it, as `kassa hq code` and `kassa hq enrol` would. */
  async function enrol(tillId = 'T-1', shopId = 'AMS-01'): Promise<EnrolResponse> {
    const { code } = await issueEnrolmentCode(store, {
      shopId,
      shopName: 'Amsterdam Centraal',
      days: 7,
      now: time.now(),
    });
    const response = await call('POST', '/api/enrol', {
      json: { code, tillId, tillName: `Till ${tillId}`, appVersion: '0.1.0' },
    });
    if (response.status !== 200) throw new Error(`enrol answered ${String(response.status)}: ${await response.text()}`);
    return (await response.json()) as EnrolResponse;
  }

  function push(token: string, items: SyncItem[], status: Partial<PushRequest['status']> = {}): Promise<Response> {
    return call('POST', '/api/sync', { token, json: { items, status: tillStatus(status) } });
  }

  function postWebhook(
    body: unknown,
    auth = basic(ADYEN_USER, ADYEN_PASSWORD),
    path = '/webhooks/adyen',
  ): Promise<Response> {
    return call('POST', path, {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { authorization: auth },
    });
  }

  return { server, time, logger, store, call, enrol, push, postWebhook };
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
