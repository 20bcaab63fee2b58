import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { Logger } from '../../logging/logger.ts';
import { decodePathSegment, HttpProblem, readBody, sameSecret } from '../http-basics.ts';
import type { SimTime } from '../sim-time.ts';
import { minorOfMajor } from './amounts.ts';
import { ApiError, apiError, compactView, paymentView, refundView, type ErrorDetail } from './api-views.ts';
import type { CallLog } from './call-log.ts';
import type { FaultQueue } from './faults.ts';
import { Refusal, type Platform } from './platform.ts';
import { json, sendReply, type Reply } from './replies.ts';
import { RefundRequestSchema, TransactionSearchSchema } from './request-schemas.ts';
import type { TokenStore } from './tokens.ts';

/**
 * Worldnet's REST Merchant API under `/merchant/api/v1` (docs/WORLDNET.md):
 *
 *   GET  /account/authenticate                          Authorization: Basic <API key> → a token
 *   GET  /transaction/payments/{uniqueReference}        a Payment
 *   POST /transaction/payments/{uniqueReference}/refunds {refundAmount, refundReason, operator?} → 201 Refund
 *   GET  /transaction/refunds/{uniqueReference}         a Refund
 *   GET  /transaction/transactions?terminal=&…          {data: [TransactionCompact], next?}
 *
 * Every call but authenticate carries `Authorization: Bearer <token>`; an
 * expired one answers 401 with `WWW-Authenticate`. JSON only; every answer
 * has an `X-Request-Id`; errors are `{debugIdentifier, details}`. Scripted
 * call faults apply to Bearer calls that get past the token check.
 */

export const API_PATH = '/merchant/api/v1';
const MAX_BODY_BYTES = 64 * 1024;
const TOO_LARGE = 'The body is larger than 64 KiB';
const PAYMENT_PATH = /^\/transaction\/payments\/([^/]+)$/;
const REFUNDS_PATH = /^\/transaction\/payments\/([^/]+)\/refunds$/;
const REFUND_PATH = /^\/transaction\/refunds\/([^/]+)$/;
const SEARCH_PATH = '/transaction/transactions';
const AUTHENTICATE_PATH = '/account/authenticate';

export interface MerchantApi {
  /** One call whose path starts with API_PATH; `subpath` is the rest. */
  handle(request: IncomingMessage, response: ServerResponse, target: URL, subpath: string): Promise<void>;
}

/** A zod failure as the API's error details, each naming its parameter. */
function invalid(error: z.ZodError, location: 'query' | 'body', given: Readonly<Record<string, unknown>>): ApiError {
  const details: ErrorDetail[] = error.issues.map((issue) => {
    const property = issue.path.map(String).join('.');
    const value = given[property];
    return {
      errorCode: 'INVALID_REQUEST',
      errorMessage: `${property === '' ? 'The body' : property}: ${issue.message}`,
      source: {
        location,
        ...(property === '' ? {} : { property }),
        ...(typeof value === 'string' || typeof value === 'number' ? { value: String(value) } : {}),
        expected: issue.message,
      },
    };
  });
  return new ApiError(400, details);
}

function parseIn<T>(schema: z.ZodType<T>, given: Readonly<Record<string, unknown>>, location: 'query' | 'body'): T {
  const parsed = schema.safeParse(given);
  if (!parsed.success) throw invalid(parsed.error, location, given);
  return parsed.data;
}

const jsonContent = (request: IncomingMessage) =>
  /^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '');

/** An Accept header that allows JSON, or none. */
function acceptsJson(request: IncomingMessage): boolean {
  const accept = request.headers.accept;
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => /^\s*(application\/json|application\/\*|\*\/\*)\s*(;|$)/i.test(range));
}

export function createMerchantApi(dependencies: {
  platform: Platform;
  tokens: TokenStore;
  faults: FaultQueue;
  calls: CallLog;
  time: SimTime;
  logger: Logger;
  apiKey: string;
  terminalId: string;
  /** The key's alias: `boundTo`, and the operator of a refund sent without one. */
  keyAlias: string;
}): MerchantApi {
  const { platform, tokens, faults, calls, time, logger, apiKey, terminalId, keyAlias } = dependencies;

  function authenticate(request: IncomingMessage, method: string): Reply {
    if (method !== 'GET') throw apiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
    // The key exactly as Selfcare shows it, not base64 of user:password (docs/WORLDNET.md).
    const given = /^Basic (\S+)$/.exec((request.headers.authorization ?? '').trim())?.[1];
    if (!sameSecret(given, apiKey)) {
      logger.warn('worldnet_simulator.authenticate_refused');
      throw apiError(401, 'UNAUTHORIZED', 'The Merchant API key is not valid', {
        'www-authenticate': 'Basic realm="Merchant API"',
      });
    }
    const { token, expiresIn } = tokens.issue();
    return json(200, {
      audience: 'kassa-worldnet-simulator',
      boundTo: keyAlias,
      tokenType: 'Bearer',
      token,
      expiresIn,
      enableReceipts: false,
      enableHypermedia: false,
      roles: ['transaction-api:read-write'],
      allowedTerminals: [terminalId],
    });
  }

  const rejectedToken = (why: string) =>
    apiError(401, 'UNAUTHORIZED', why, {
      'www-authenticate': `Bearer error="invalid_token", error_description="${why}"`,
    });

  function refund(paymentReference: string, request: IncomingMessage, raw: string): Reply {
    if (!jsonContent(request)) {
      throw apiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be application/json');
    }
    let body: unknown;
    try {
      body = JSON.parse(raw) as unknown;
    } catch {
      throw apiError(400, 'INVALID_REQUEST', 'The body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw apiError(400, 'INVALID_REQUEST', 'The body must be a JSON object');
    }
    const given = body as Record<string, unknown>;
    // The contract has a missing reason refused as a business rule, not a malformed request.
    if (given.refundReason === undefined) throw apiError(422, 'BUSINESS_RULE', 'refundReason is required');
    const parsed = parseIn(RefundRequestSchema, given, 'body');
    const payment = platform.payment(paymentReference);
    const amountMinor = minorOfMajor(parsed.refundAmount, payment.currency);
    if (amountMinor === undefined) {
      throw new ApiError(400, [
        {
          errorCode: 'INVALID_REQUEST',
          errorMessage: `refundAmount has more decimals than ${payment.currency} has`,
          source: { location: 'body', property: 'refundAmount', value: String(parsed.refundAmount) },
        },
      ]);
    }
    const made = platform.refund(paymentReference, {
      amountMinor,
      reason: parsed.refundReason,
      operator: parsed.operator ?? keyAlias,
    });
    logger.info('worldnet_simulator.refund', {
      payment: paymentReference,
      refund: made.refund.uniqueReference,
      resultCode: made.refund.resultCode,
    });
    return json(201, refundView(made.refund));
  }

  function search(query: Readonly<Record<string, string>>): Reply {
    const parsed = parseIn(TransactionSearchSchema, query, 'query');
    if (parsed.terminal !== terminalId) {
      throw apiError(403, 'FORBIDDEN', `The key may not operate terminal ${parsed.terminal}`);
    }
    const found = platform.search({
      terminal: parsed.terminal,
      afterMs: parsed.afterDate === undefined ? undefined : Date.parse(parsed.afterDate),
      beforeMs: parsed.beforeDate === undefined ? undefined : Date.parse(parsed.beforeDate),
      batchType: parsed.batchType,
      resourceType: parsed.resourceType,
      orderId: parsed.orderId,
      uniqueReference: parsed.uniqueReference,
      operator: parsed.operator,
      statusGroup: parsed.statusGroup,
    });
    const from = parsed.next ?? 0;
    const until = from + parsed.pageSize;
    return json(200, {
      data: found.slice(from, until).map(compactView),
      ...(until < found.length ? { next: String(until) } : {}),
    });
  }

  function route(method: string, subpath: string, request: IncomingMessage, target: URL, raw: string): Reply {
    const wrongMethod = () => apiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${subpath}`);
    const refundsOf = REFUNDS_PATH.exec(subpath);
    if (refundsOf !== null) {
      if (method !== 'POST') throw wrongMethod();
      return refund(decodePathSegment(refundsOf[1] ?? ''), request, raw);
    }
    const payment = PAYMENT_PATH.exec(subpath);
    if (payment !== null) {
      if (method !== 'GET') throw wrongMethod();
      return json(200, paymentView(platform.payment(decodePathSegment(payment[1] ?? ''))));
    }
    const refundPath = REFUND_PATH.exec(subpath);
    if (refundPath !== null) {
      if (method !== 'GET') throw wrongMethod();
      return json(200, refundView(platform.refundOf(decodePathSegment(refundPath[1] ?? ''))));
    }
    if (subpath === SEARCH_PATH) {
      if (method !== 'GET') throw wrongMethod();
      return search(Object.fromEntries(target.searchParams));
    }
    throw apiError(404, 'NOT_FOUND', `No resource at ${API_PATH}${subpath}`);
  }

  /** A thrown refusal as the API answers it. */
  function answerOf(error: unknown): Reply {
    if (error instanceof ApiError) {
      return json(error.status, { debugIdentifier: randomUUID(), details: error.details }, error.headers);
    }
    if (error instanceof Refusal) {
      const status = error.kind === 'not-found' ? 404 : 422;
      return answerOf(apiError(status, status === 404 ? 'NOT_FOUND' : 'BUSINESS_RULE', error.message));
    }
    if (error instanceof HttpProblem) return answerOf(apiError(error.status, 'INVALID_REQUEST', error.message));
    throw error;
  }

  return {
    async handle(request, response, target, subpath) {
      const method = request.method ?? 'GET';
      const call = calls.start({ method, path: target.pathname, query: target.search.slice(1) }, time.now());
      const requestId = randomUUID();
      const finish = (reply: Reply) => {
        call.status = reply.status;
        const withId: Reply =
          reply.kind === 'json' ? { ...reply, headers: { ...reply.headers, 'x-request-id': requestId } } : reply;
        sendReply(response, withId);
      };
      const cut = () => {
        call.fault = 'drop-connection';
        request.socket.destroy();
      };
      try {
        if (!acceptsJson(request)) throw apiError(406, 'NOT_ACCEPTABLE', 'The API answers application/json only');
        if (subpath === AUTHENTICATE_PATH) return finish(authenticate(request, method));
        const bearer = /^Bearer (\S+)$/.exec((request.headers.authorization ?? '').trim())?.[1];
        const verdict = tokens.check(bearer);
        if (verdict === 'unknown') throw rejectedToken('The access token is not valid');
        if (verdict === 'expired') throw rejectedToken('The access token expired');
        const raw = await readBody(request, MAX_BODY_BYTES, TOO_LARGE);

        const fault = faults.takeCallFault(method);
        if (fault !== undefined) {
          call.fault = fault.fault;
          logger.info('worldnet_simulator.fault_taken', { fault: fault.fault });
        }
        if (fault?.fault === 'token-rejected') throw rejectedToken('The access token expired');
        const failed = (status: number) =>
          answerOf(apiError(status, 'SERVER_ERROR', 'The gateway could not complete the request'));
        // Turned away before anything was done: nothing happened.
        if (fault?.fault === 'http-error' && !fault.applied) return finish(failed(fault.status));
        if (fault?.fault === 'drop-connection' && !fault.applied) return cut();
        let reply: Reply;
        try {
          reply = route(method, subpath, request, target, raw);
        } catch (error) {
          reply = answerOf(error);
        }
        if (fault?.fault === 'slow-answer') await time.wait(fault.delayMs);
        if (fault?.fault === 'http-error') return finish(failed(fault.status));
        if (fault?.fault === 'drop-connection') return cut();
        finish(reply);
      } catch (error) {
        finish(answerOf(error));
      }
    },
  };
}
