import { worldlinePaymentsPath } from '../../../shared/payments/worldline/nexo.ts';
import type { Logger } from '../../logging/logger.ts';
import { createCloudClient } from './cloud-client.ts';
import { newExchangeId, statusRequest } from './messages.ts';
import type { WorldlineReading } from './terminal-readings.ts';
import type { WorldlineTerminalConnection } from './worldline-connection.ts';

/**
 * Asks Worldline once about the terminal, with the one question that moves
 * no money: the status of an exchange that never was. Worldline has no device
 * status request, so the HTTP status is the answer: 2xx the terminal
 * answered, 404 it is unknown or not connected, 401/403 the key is refused.
 * A 400 (no status questions taken) says nothing about the terminal.
 * Used at start (the status bar) and by `kassa doctor`; never while a payment
 * could be running, since a terminal might take the question as busy.
 */
export async function probeWorldlineTerminal(
  connection: WorldlineTerminalConnection,
  options: { logger: Logger; currency: string; signal: AbortSignal },
): Promise<WorldlineReading | 'no_status_questions'> {
  const cloud = createCloudClient({
    baseUrl: connection.baseUrl,
    apiKey: connection.apiKey,
    logger: options.logger,
    retry: { tries: 1, baseDelayMs: 0, maxDelayMs: 0 },
  });
  const never = newExchangeId();
  const question = statusRequest(
    { terminalId: connection.terminalId, initiatingPartyId: connection.initiatingPartyId },
    {
      terminalId: connection.terminalId,
      saleSystemId: connection.initiatingPartyId,
      serviceId: never,
      saleTransactionId: never,
      amountMinor: 1,
      currency: options.currency,
      kind: 'payment',
    },
    newExchangeId(),
    new Date(),
  );
  const reply = await cloud.post(
    worldlinePaymentsPath(connection.merchantId, connection.terminalId, 'sync'),
    question,
    {
      timeoutMs: 10_000,
      signal: options.signal,
      retryServerErrors: false,
      what: 'terminal probe',
    },
  );
  let reading: WorldlineReading | 'no_status_questions';
  if (reply.kind !== 'reply') reading = 'unreachable';
  else if (reply.status >= 200 && reply.status <= 299) reading = 'online';
  else if (reply.status === 404) reading = 'offline';
  else if (reply.status === 401 || reply.status === 403) reading = 'refused';
  else if (reply.status === 400) reading = 'no_status_questions';
  else reading = 'unreachable';
  if (reading !== 'no_status_questions') connection.readings.report(reading);
  return reading;
}
