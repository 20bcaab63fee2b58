import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { describeIssues } from '../../../shared/zod-issues.ts';
import { BodyTooLarge, parseJson, readBody, sendHqError } from './http-io.ts';

/**
 * A request's JSON body checked against its schema, or undefined once a 400
 * (not JSON, not the contract) or 413 (too large) has been answered. Zod's
 * messages name the field and what was expected, never the value, so the
 * answer cannot echo a secret back.
 */
export async function readJsonRequest<Schema extends z.ZodType>(
  request: IncomingMessage,
  response: ServerResponse,
  schema: Schema,
  maxBytes: number,
): Promise<z.infer<Schema> | undefined> {
  let body: Buffer;
  try {
    body = await readBody(request, maxBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    response.setHeader('connection', 'close');
    sendHqError(response, 413, 'bad_request', error.message);
    return undefined;
  }
  const json = parseJson(body);
  if (json === undefined) {
    sendHqError(response, 400, 'bad_request', 'The request body is not JSON.');
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    sendHqError(
      response,
      400,
      'bad_request',
      `The request does not match HQ's contract: ${describeIssues(parsed.error, 'body')}`,
    );
    return undefined;
  }
  return parsed.data;
}
