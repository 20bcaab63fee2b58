import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodePathSegment, HttpProblem, readBody } from '../http-basics.ts';
import { FaultSchema } from './faults.ts';
import { MAGIC_AMOUNTS } from './magic-amounts.ts';
import { Refusal } from './platform.ts';
import { json, sendReply } from './replies.ts';
import { ControlPaySchema, ControlRetryScheduleSchema, ControlValidationUrlSchema } from './request-schemas.ts';
import type { WorldnetControl } from './simulator.ts';

/**
 * The control API under `/_simulator`, for tests and demos, without auth
 * (the simulator listens on loopback): the same verbs as `WorldnetControl`,
 * over HTTP with JSON bodies.
 *
 *   GET  /_simulator                          settings and the magic amounts
 *   GET  /_simulator/orders                   every accepted page request
 *   POST /_simulator/orders/{ORDERID}/pay     {responseCode?, responseText?}; else the amount decides
 *   POST /_simulator/orders/{ORDERID}/abandon the customer leaves the page
 *   GET  /_simulator/transactions             payments and refunds
 *   GET  /_simulator/validations              every validation with each try's status and body
 *   GET  /_simulator/emails                   the merchant's e-mails
 *   POST /_simulator/validation-url           {url: string | null}: the terminal's Selfcare setting
 *   POST /_simulator/retry-schedule           {delaysMs: number[]} (simulated)
 *   POST|GET /_simulator/faults               add one / list those pending
 *   GET  /_simulator/calls                    every Merchant API call
 *   POST /_simulator/reset                    forgets everything but the settings
 */

const ORDER_ACTION = /^\/_simulator\/orders\/([^/]+)\/(pay|abandon)$/;
const MAX_BODY_BYTES = 64 * 1024;

export interface ControlSettings {
  terminalId: string;
  currencyMode: string;
  timeScale: number;
  paymentPagePath: string;
  apiPath: string;
  /** The API key's alias (`boundTo`): a refund's operator when it names none. */
  keyAlias: string;
  validationUrl: () => string | undefined;
  retrySchedule: () => readonly number[];
}

export function createControlRoutes(control: WorldnetControl, settings: ControlSettings) {
  async function handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const method = request.method ?? 'GET';
    const raw = await readBody(request, MAX_BODY_BYTES, 'The body is larger than 64 KiB');
    const body = (): unknown => {
      try {
        return raw.trim() === '' ? {} : (JSON.parse(raw) as unknown);
      } catch {
        throw new HttpProblem(400, 'The body is not valid JSON');
      }
    };
    const send = (body: unknown) => sendReply(response, json(200, body));
    const action = ORDER_ACTION.exec(path);
    if (action !== null && method === 'POST') {
      const orderId = decodePathSegment(action[1] ?? '');
      if (action[2] === 'pay') return send(control.pay(orderId, ControlPaySchema.parse(body())));
      return send({ order: control.abandon(orderId) });
    }
    switch (`${method} ${path}`) {
      case 'GET /_simulator':
        return send({
          terminalId: settings.terminalId,
          currencyMode: settings.currencyMode,
          timeScale: settings.timeScale,
          paymentPagePath: settings.paymentPagePath,
          apiPath: settings.apiPath,
          keyAlias: settings.keyAlias,
          validationUrl: settings.validationUrl() ?? null,
          retryScheduleMs: settings.retrySchedule(),
          magicAmounts: MAGIC_AMOUNTS.map(({ ending, description }) => ({ ending, description })),
        });
      case 'GET /_simulator/orders':
        return send({ orders: control.orders() });
      case 'GET /_simulator/transactions':
        return send({ transactions: control.transactions() });
      case 'GET /_simulator/validations':
        return send({ validations: control.validations() });
      case 'GET /_simulator/emails':
        return send({ emails: control.emails() });
      case 'POST /_simulator/validation-url':
        control.setValidationUrl(ControlValidationUrlSchema.parse(body()).url ?? undefined);
        return send({ validationUrl: settings.validationUrl() ?? null });
      case 'POST /_simulator/retry-schedule':
        control.setRetrySchedule(ControlRetryScheduleSchema.parse(body()).delaysMs);
        return send({ retryScheduleMs: settings.retrySchedule() });
      case 'POST /_simulator/faults':
        control.addFault(FaultSchema.parse(body()));
        return send({ pendingFaults: control.pendingFaults() });
      case 'GET /_simulator/faults':
        return send({ pendingFaults: control.pendingFaults() });
      case 'GET /_simulator/calls':
        return send({ calls: control.calls() });
      case 'POST /_simulator/reset':
        control.reset();
        return send({});
    }
    throw new HttpProblem(404, 'No such simulator control endpoint');
  }

  return {
    async handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
      try {
        await handle(request, response, path);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        const status = error.kind === 'not-found' ? 404 : error.kind === 'conflict' ? 409 : 422;
        sendReply(response, json(status, { message: error.message }));
      }
    },
  };
}
