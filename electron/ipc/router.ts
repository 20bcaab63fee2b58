import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { ChannelSchemas } from '../../shared/ipc/contract.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { describeIssues } from '../../shared/zod-issues.ts';
import type { Logger } from '../logging/logger.ts';
import { TillError } from '../till-error.ts';
import { ipcWords, type IpcWords } from './ipc-words.ts';

/**
 * The one router every transport goes through (Electron IPC, browser-mode
 * HTTP, tests): it checks the request against the contract, runs the handler,
 * checks the response, and always answers with a Result. A handler can trust
 * its input; a bug in a handler becomes a typed INTERNAL error with a reference
 * in the log, never a crash and never a stack trace in the UI.
 */

export interface CallContext {
  /** How the call arrived; handlers rarely care, the log does. */
  transport: 'ipc' | 'http' | 'in-process';
}

export type ChannelHandler<S extends ChannelSchemas> = (
  request: z.output<S['request']>,
  context: CallContext,
) => z.input<S['response']> | Promise<z.input<S['response']>>;

export type Handlers<K extends Record<string, ChannelSchemas>> = {
  [C in keyof K]: ChannelHandler<K[C]>;
};

export interface Router {
  readonly channels: readonly string[];
  call(channel: string, payload: unknown, context: CallContext): Promise<Result<unknown>>;
}

export function createRouter<K extends Record<string, ChannelSchemas>>(
  contract: K,
  handlers: Handlers<K>,
  logger: Logger,
  /** What the cashier reads when a call fails here, in the till's language; English when absent. */
  words: IpcWords = ipcWords,
): Router {
  const failedInside = (channel: string, what: string, details: Record<string, unknown>) => {
    const reference = randomUUID().slice(0, 8);
    logger.error(what, { channel, reference, ...details });
    return fail('INTERNAL', words.internal(reference));
  };

  // One table of (schemas, handler) per channel. The handler's parameter type is
  // erased here because the request is parsed with that same channel's schema first.
  const table = new Map<
    string,
    { schemas: ChannelSchemas; handle: (request: unknown, context: CallContext) => unknown }
  >();
  for (const [name, schemas] of Object.entries(contract)) {
    const handle = handlers[name as keyof K] as (request: unknown, context: CallContext) => unknown;
    table.set(name, { schemas, handle });
  }

  return {
    channels: [...table.keys()],

    async call(channel, payload, context) {
      const entry = table.get(channel);
      if (entry === undefined) {
        // The name goes to the log, not to the cashier: it is the screen's mistake, not theirs.
        const reference = randomUUID().slice(0, 8);
        logger.warn('ipc.unknown_channel', { channel: channel.slice(0, 100), transport: context.transport, reference });
        return fail('NOT_FOUND', words.unknownCall(reference));
      }

      const request = entry.schemas.request.safeParse(payload);
      if (!request.success) {
        // The issues name paths and expectations, never the values: a request may hold a PIN.
        // The cashier reads what happened and what to do; the channel and the details go to the log under a reference.
        const issues = describeIssues(request.error, '(request)');
        const reference = randomUUID().slice(0, 8);
        logger.warn('ipc.bad_request', { channel, transport: context.transport, issues, reference });
        return fail('BAD_REQUEST', words.badRequest(reference));
      }

      let value: unknown;
      try {
        value = await entry.handle(request.data, context);
      } catch (error) {
        if (error instanceof TillError) return fail(error.code, error.message);
        return failedInside(channel, 'ipc.handler_failed', { error });
      }

      const response = entry.schemas.response.safeParse(value);
      if (!response.success) {
        return failedInside(channel, 'ipc.bad_response', { issues: describeIssues(response.error) });
      }
      return ok(response.data);
    },
  };
}
