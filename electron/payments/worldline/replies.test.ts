import { describe, expect, it } from 'vitest';
import type { PaymentRequestIds, TerminalOutcome } from '../terminal-provider.ts';
import {
  describeWebhook,
  readMoneyReply,
  readStatusReply,
  readWebhook,
  StoredWebhookSchema,
  verdictOf,
} from './replies.ts';

/**
 * Worldline's answers read into the payment service's words. The bodies are
 * written here by hand, in the shape third-party clients read (see nexo.ts),
 * not taken from the simulator: a shared mistake would pass both.
 */

const SERVICE_ID = '7c1e0b2a9d4f4e6b8a3c5d7e9f1a2b3c';
const STATUS_ID = '0a9b8c7d6e5f40312233445566778899';
const TIMESTAMP = '2025-03-14T10:15:30.000+00:00';

/** The till's €12.50 payment. */
const PAYMENT: PaymentRequestIds = {
  terminalId: '50012345',
  saleSystemId: 'KASSA-TILL-1',
  serviceId: SERVICE_ID,
  saleTransactionId: 'S-2025-0042',
  amountMinor: 1250,
  currency: 'EUR',
  kind: 'payment',
};

/** Money back on an earlier payment, by the terminal's own name for it. */
const ORIGINAL = { transactionId: '3e5a7c9b1d2f4a6c8e0b1d3f5a7c9e1b', timeStamp: '2025-03-14T09:00:00.000+00:00' };
const REVERSAL: PaymentRequestIds = { ...PAYMENT, kind: 'reversal', original: ORIGINAL, originalAmountMinor: 1250 };

interface Parts {
  result?: string;
  reason?: string;
  info?: string;
  /** ResponseToAuthorisation.Response; left out when undefined. */
  authorisation?: string;
  /** TotalAmount in major units, as Worldline sends it; `null` leaves TransactionDetails out. */
  amount?: number | null;
  currency?: string;
  /** TransactionReference; `null` leaves TransactionIdentification out. */
  reference?: string | null;
  card?: { Brand?: string; MaskedPAN?: string };
  authCode?: string;
  /** Which transaction the result carries, or none. */
  as?: 'payment' | 'reversal' | 'none';
}

/** A FinancialPaymentResponse (or ReversalResponse) ServiceResponse. */
function result(parts: Parts = {}) {
  const as = parts.as ?? 'payment';
  const transaction = {
    ...(parts.reference === null
      ? {}
      : {
          TransactionIdentification: {
            TransactionDateTime: TIMESTAMP,
            TransactionReference: parts.reference ?? SERVICE_ID,
          },
        }),
    ...(parts.amount === null
      ? {}
      : { TransactionDetails: { Currency: parts.currency ?? 'EUR', TotalAmount: parts.amount ?? 12.5 } }),
    TransactionResponse: {
      AuthorisationResult: {
        ...(parts.authorisation === undefined ? {} : { ResponseToAuthorisation: { Response: parts.authorisation } }),
        ...(parts.authCode === undefined ? {} : { AuthorisationCode: parts.authCode }),
      },
    },
    ...(parts.card === undefined ? {} : { PaymentCard: parts.card }),
  };
  return {
    ServiceContent: as === 'reversal' ? 'ReversalResponse' : 'FinancialPaymentResponse',
    Response: {
      Result: parts.result ?? 'Success',
      ...(parts.reason === undefined ? {} : { ResponseReason: parts.reason }),
      ...(parts.info === undefined ? {} : { AdditionalResponseInformation: parts.info }),
    },
    ...(as === 'payment' ? { PaymentResponse: { PaymentTransaction: transaction } } : {}),
    ...(as === 'reversal' ? { ReversalResponse: { ReversalTransaction: transaction } } : {}),
  };
}

const APPROVED: Parts = { result: 'Success', authorisation: 'Approved' };

/** The whole response envelope; `exchangeId` null leaves the header's ExchangeIdentification out. */
function envelope(service: object, exchangeId: string | null = SERVICE_ID) {
  return {
    SaleToPOIServiceResponse: {
      Header: {
        MessageFunction: 'SaleFinancialServiceResponse',
        ProtocolVersion: '5.1-WL1.0.0',
        ...(exchangeId === null ? {} : { ExchangeIdentification: exchangeId }),
        CreationDateTime: TIMESTAMP,
        InitiatingParty: { Identification: 'KASSA-TILL-1', Type: 'Merchant' },
      },
      ServiceResponse: { Environment: { POI: { Identification: { Identification: '50012345' } } }, ...service },
    },
  };
}

function moneyReply(parts: Parts, request: PaymentRequestIds = PAYMENT) {
  return readMoneyReply(JSON.stringify(envelope(result(parts))), request);
}

describe('reading an approval', () => {
  it('reads Success with an Approved authorisation as approved, with the terminal’s names for it', () => {
    const reply = moneyReply({
      ...APPROVED,
      card: { Brand: ' VISA ', MaskedPAN: '411111******1111' },
      authCode: 'A1B2C3',
    });
    expect(reply).toEqual({
      kind: 'outcome',
      outcome: {
        state: 'approved',
        authorisedMinor: 1250,
        terminalReference: SERVICE_ID,
        card: { brand: 'visa', last4: '1111', authCode: 'A1B2C3' },
        // What a later referenced refund must quote.
        poiTransaction: { transactionId: SERVICE_ID, timeStamp: TIMESTAMP },
      },
    });
  });

  it('approves a partial authorisation for what was authorised, saying so', () => {
    for (const result of ['Partial', 'Success']) {
      expect(moneyReply({ result, authorisation: 'Partial', amount: 10 })).toMatchObject({
        kind: 'outcome',
        outcome: { state: 'approved', authorisedMinor: 1000, reason: 'Partly approved' },
      });
    }
  });

  it('takes the requested amount when the approval names none', () => {
    expect(moneyReply({ ...APPROVED, amount: null })).toMatchObject({
      outcome: { state: 'approved', authorisedMinor: 1250 },
    });
  });

  it('reads an amount in a currency without decimals exactly', () => {
    const yen: PaymentRequestIds = { ...PAYMENT, amountMinor: 1200, currency: 'JPY' };
    expect(moneyReply({ ...APPROVED, amount: 1200, currency: 'JPY' }, yen)).toMatchObject({
      outcome: { state: 'approved', authorisedMinor: 1200 },
    });
  });

  it('leaves out card details it cannot vouch for rather than showing them wrongly', () => {
    const reply = moneyReply({ ...APPROVED, card: { Brand: '  ', MaskedPAN: '4111 11** ****' }, authCode: '' });
    expect(reply.kind === 'outcome' ? reply.outcome : undefined).not.toHaveProperty('card');
  });

  it('approves a reversal on Success alone, naming the original as Worldline does, without a new terminal transaction', () => {
    const outcome: TerminalOutcome = { state: 'approved', authorisedMinor: 1250, terminalReference: SERVICE_ID };
    // Reversals carry no authorisation of their own.
    expect(moneyReply({ result: 'Success', as: 'reversal', reference: ORIGINAL.transactionId }, REVERSAL)).toEqual({
      kind: 'outcome',
      outcome,
    });
    expect(moneyReply({ result: 'Success', as: 'reversal' }, REVERSAL)).toEqual({ kind: 'outcome', outcome });
  });

  // Each of these could be read as money taken that was not, or as more than was asked:
  // none may settle the payment, so the service asks the terminal instead.
  it.each<[string, Parts, PaymentRequestIds?]>([
    ['Success without an authorisation', { result: 'Success' }],
    ['Success with a Declined authorisation', { result: 'Success', authorisation: 'Declined' }],
    ['Success with an unknown authorisation word', { result: 'Success', authorisation: 'Maybe' }],
    ['Success without any transaction', { ...APPROVED, as: 'none' }],
    ['Partial for the whole amount', { result: 'Partial', authorisation: 'Partial', amount: 12.5 }],
    ['more than was asked', { ...APPROVED, amount: 12.51 }],
    ['an amount with more decimals than the currency has', { ...APPROVED, amount: 12.495 }],
    ['a zero amount', { ...APPROVED, amount: 0 }],
    ['a negative amount', { ...APPROVED, amount: -12.5 }],
    ['another currency', { ...APPROVED, currency: 'USD' }],
    ['another attempt’s TransactionReference', { ...APPROVED, reference: 'ffffffffffffffffffffffffffffffff' }],
    ['an unknown Result word', { result: 'Pending', authorisation: 'Approved' }],
    [
      'a reversal naming a transaction that is neither this attempt nor its original',
      { result: 'Success', as: 'reversal', reference: 'ffffffffffffffffffffffffffffffff' },
      REVERSAL,
    ],
    [
      'a payment result naming the original of a reversal (only a ReversalResponse may)',
      { ...APPROVED, reference: ORIGINAL.transactionId },
      REVERSAL,
    ],
  ])('does not approve %s', (_what, parts, request = PAYMENT) => {
    expect(moneyReply(parts, request)).toEqual({ kind: 'unknown', reason: 'unreadable result' });
  });

  // What was asked decides whether an authorisation is needed, not the reply's shape.
  it('does not approve a payment answered with a ReversalResponse that carries no authorisation', () => {
    expect(moneyReply({ result: 'Success', as: 'reversal' }, PAYMENT)).toEqual({
      kind: 'unknown',
      reason: 'unreadable result',
    });
  });
});

describe('reading a failure', () => {
  it.each<[string, Parts, TerminalOutcome]>([
    ['Cancel', { reason: 'Cancel' }, { state: 'cancelled', reason: 'Cancelled on the terminal' }],
    ['Aborted', { reason: 'Aborted' }, { state: 'cancelled', reason: 'Cancelled on the terminal' }],
    [
      'Cancel with the terminal’s words',
      { reason: 'Cancel', info: 'Cancelled by customer' },
      { state: 'cancelled', reason: 'Cancelled by customer' },
    ],
    ['Refusal', { reason: 'Refusal' }, { state: 'declined', reason: 'Refused' }],
    ['WrongPIN', { reason: 'WrongPIN' }, { state: 'declined', reason: 'Wrong PIN' }],
    ['InvalidCard', { reason: 'InvalidCard' }, { state: 'declined', reason: 'Card not accepted' }],
    ['Declined', { reason: 'Declined' }, { state: 'declined', reason: 'Declined' }],
    [
      'a Declined authorisation without a reason',
      { authorisation: 'Declined' },
      { state: 'declined', reason: 'Declined' },
    ],
    [
      'Refusal with the terminal’s words, which come first',
      { reason: 'Refusal', info: '  Insufficient funds ' },
      { state: 'declined', reason: 'Insufficient funds' },
    ],
    ['Refusal with blank words', { reason: 'Refusal', info: '   ' }, { state: 'declined', reason: 'Refused' }],
    ['Busy', { reason: 'Busy' }, { state: 'failed', reason: 'Busy' }],
    ['NotAllowed', { reason: 'NotAllowed' }, { state: 'failed', reason: 'Not allowed' }],
    ['a reason nexo does not list', { reason: 'PaperOut' }, { state: 'failed', reason: 'PaperOut' }],
    ['no reason at all', {}, { state: 'failed', reason: 'Failure' }],
  ])('reads Failure with %s', (_what, parts, outcome) => {
    expect(moneyReply({ result: 'Failure', ...parts })).toEqual({
      kind: 'outcome',
      outcome: { ...outcome, terminalReference: SERVICE_ID },
    });
  });

  it('keeps at most 200 characters of the terminal’s words', () => {
    const reply = moneyReply({ result: 'Failure', reason: 'Refusal', info: 'x'.repeat(500) });
    expect(reply.kind === 'outcome' ? reply.outcome.reason : undefined).toBe('x'.repeat(200));
  });

  it('reads a communication timeout as unknown: the issuer may have approved it', () => {
    expect(moneyReply({ result: 'Failure', reason: 'CommunicationTimeout' })).toEqual({
      kind: 'unknown',
      reason: 'Communication timeout',
    });
  });

  it('reads an unreachable terminal as not started', () => {
    for (const reason of ['DeviceOut', 'UnreachableHost']) {
      expect(moneyReply({ result: 'Failure', reason })).toEqual({
        kind: 'not_started',
        reason: 'Terminal is not reachable',
      });
    }
  });

  it('settles nothing on InProgress or NotFound in a payment’s own reply', () => {
    for (const reason of ['InProgress', 'NotFound']) {
      expect(moneyReply({ result: 'Failure', reason })).toEqual({ kind: 'unknown', reason: 'unreadable result' });
    }
  });

  it('does not decline this attempt on a refusal naming another attempt', () => {
    expect(moneyReply({ result: 'Failure', reason: 'Refusal', reference: 'ffffffffffffffffffffffffffffffff' })).toEqual(
      {
        kind: 'unknown',
        reason: 'unreadable result',
      },
    );
  });
});

describe('reading a /payments/sync reply', () => {
  it.each([
    ['an empty body', '', 'empty reply'],
    ['blank space', ' \n ', 'empty reply'],
    ['text that is not JSON', '<html>Bad gateway</html>', 'unreadable reply'],
    ['JSON of another shape', '{"message":"terminal offline"}', 'unreadable reply'],
    [
      'a response without its Response summary',
      JSON.stringify(envelope({ ServiceContent: 'FinancialPaymentResponse' })),
      'unreadable reply',
    ],
    [
      'a reply echoing another ExchangeIdentification',
      JSON.stringify(envelope(result(APPROVED), 'ffffffffffffffffffffffffffffffff')),
      'unreadable reply',
    ],
  ])('reads %s as unknown', (_what, text, reason) => {
    expect(readMoneyReply(text, PAYMENT)).toEqual({ kind: 'unknown', reason });
  });

  it('reads a reply whose header leaves the ExchangeIdentification out, going by the transaction’s reference', () => {
    const text = JSON.stringify(envelope(result(APPROVED), null));
    expect(readMoneyReply(text, PAYMENT)).toMatchObject({ kind: 'outcome', outcome: { state: 'approved' } });
  });

  it('ignores fields it does not know', () => {
    const body = envelope({ ...result(APPROVED), SomethingNew: { nested: true } });
    expect(readMoneyReply(JSON.stringify(body), PAYMENT)).toMatchObject({ outcome: { state: 'approved' } });
  });
});

/** The answer to a TransactionStatusRequest about the payment. */
function statusAnswer(
  options: {
    result?: string;
    reason?: string;
    info?: string;
    asked?: string | null;
    repeated?: ReturnType<typeof result>;
    exchangeId?: string;
  } = {},
) {
  return JSON.stringify(
    envelope(
      {
        ServiceContent: 'TransactionStatusResponse',
        Response: {
          Result: options.result ?? 'Success',
          ...(options.reason === undefined ? {} : { ResponseReason: options.reason }),
          ...(options.info === undefined ? {} : { AdditionalResponseInformation: options.info }),
        },
        TransactionStatusResponse: {
          ...(options.asked === null
            ? {}
            : { MessageReference: { ExchangeIdentification: options.asked ?? SERVICE_ID } }),
          ...(options.repeated === undefined ? {} : { RepeatedResponse: options.repeated }),
        },
      },
      options.exchangeId ?? STATUS_ID,
    ),
  );
}

describe('reading a status answer', () => {
  it('reads the repeated result of the payment asked about', () => {
    expect(readStatusReply(statusAnswer({ repeated: result(APPROVED) }), PAYMENT, STATUS_ID)).toEqual({
      kind: 'outcome',
      outcome: {
        state: 'approved',
        authorisedMinor: 1250,
        terminalReference: SERVICE_ID,
        poiTransaction: { transactionId: SERVICE_ID, timeStamp: TIMESTAMP },
      },
    });
    expect(
      readStatusReply(
        statusAnswer({ repeated: result({ result: 'Failure', reason: 'WrongPIN' }) }),
        PAYMENT,
        STATUS_ID,
      ),
    ).toEqual({ kind: 'outcome', outcome: { state: 'declined', reason: 'Wrong PIN', terminalReference: SERVICE_ID } });
  });

  it('reads a communication timeout, asked about after the fact, as still unknown: never a decline', () => {
    const text = statusAnswer({ repeated: result({ result: 'Failure', reason: 'CommunicationTimeout' }) });
    expect(readStatusReply(text, PAYMENT, STATUS_ID)).toEqual({ kind: 'unknown', reason: 'Communication timeout' });
  });

  it('reads a payment still in progress, either way the cloud says it', () => {
    expect(readStatusReply(statusAnswer({ result: 'Failure', reason: 'InProgress' }), PAYMENT, STATUS_ID)).toEqual({
      kind: 'in_progress',
    });
    const repeated = result({ result: 'Failure', reason: 'InProgress', as: 'none' });
    expect(readStatusReply(statusAnswer({ repeated }), PAYMENT, STATUS_ID)).toEqual({ kind: 'in_progress' });
  });

  it('reads a payment the terminal never got as not found, safe to send again', () => {
    expect(readStatusReply(statusAnswer({ result: 'Failure', reason: 'NotFound' }), PAYMENT, STATUS_ID)).toMatchObject({
      kind: 'not_found',
    });
    const worded = statusAnswer({ result: 'Failure', reason: 'NotFound', info: 'No such transaction' });
    expect(readStatusReply(worded, PAYMENT, STATUS_ID)).toEqual({ kind: 'not_found', reason: 'No such transaction' });
  });

  it.each([
    [
      'an answer to another status question',
      statusAnswer({ repeated: result(APPROVED), exchangeId: SERVICE_ID }),
      'unreadable reply',
    ],
    ['an empty body', '', 'empty reply'],
    ['text that is not JSON', 'Service Unavailable', 'unreadable reply'],
    [
      'an answer about another payment',
      statusAnswer({ repeated: result(APPROVED), asked: 'ffffffffffffffffffffffffffffffff' }),
      'status about another request',
    ],
    ['a Success without the result', statusAnswer(), 'status without the result'],
    ['a failure of the question itself', statusAnswer({ result: 'Failure', reason: 'Busy' }), 'Busy'],
    [
      'a repeated result naming another attempt',
      statusAnswer({ repeated: result({ ...APPROVED, reference: 'ffffffffffffffffffffffffffffffff' }) }),
      'unreadable result',
    ],
    [
      'a repeated result the terminal could not deliver',
      statusAnswer({ repeated: result({ result: 'Failure', reason: 'DeviceOut' }) }),
      'unreadable result',
    ],
  ])('reads %s as unknown', (_what, text, reason) => {
    expect(readStatusReply(text, PAYMENT, STATUS_ID)).toEqual({ kind: 'unknown', reason });
  });

  it('reads an answer without a MessageReference by its repeated result’s reference', () => {
    const text = statusAnswer({ repeated: result(APPROVED), asked: null });
    expect(readStatusReply(text, PAYMENT, STATUS_ID)).toMatchObject({
      kind: 'outcome',
      outcome: { state: 'approved' },
    });
  });

  it('never applies an answer that names no exchange: it may be the terminal’s last transaction, another sale’s', () => {
    const text = statusAnswer({ repeated: result({ ...APPROVED, reference: null }), asked: null });
    expect(readStatusReply(text, PAYMENT, STATUS_ID)).toEqual({
      kind: 'unknown',
      reason: 'status that does not name this payment',
    });
  });

  it('takes "NotFound" as never received only when the answer names this exchange', () => {
    const named = statusAnswer({ result: 'Failure', reason: 'NotFound' });
    expect(readStatusReply(named, PAYMENT, STATUS_ID)).toMatchObject({ kind: 'not_found' });
    const unnamed = statusAnswer({ result: 'Failure', reason: 'NotFound', asked: null });
    expect(readStatusReply(unnamed, PAYMENT, STATUS_ID)).toMatchObject({ kind: 'unknown' });
  });
});

describe('verdictOf', () => {
  it('reads the same parts the same way wherever they come from', () => {
    expect(verdictOf(result(APPROVED), PAYMENT)).toMatchObject({ state: 'approved', authorisedMinor: 1250 });
    expect(verdictOf(result({ result: 'Failure', reason: 'CommunicationTimeout' }), PAYMENT)).toBe('timeout');
    expect(verdictOf(result({ result: 'Failure', reason: 'InProgress' }), PAYMENT)).toBe('in_progress');
    expect(verdictOf(result({ result: 'Failure', reason: 'NotFound' }), PAYMENT)).toBe('not_found');
    expect(verdictOf(result({ result: 'Failure', reason: 'UnreachableHost' }), PAYMENT)).toBe('not_started');
    expect(verdictOf(result({ ...APPROVED, currency: 'GBP' }), PAYMENT)).toBeUndefined();
  });
});

const IDENTITY = { terminalId: '50012345', saleSystemId: 'KASSA-TILL-1' };
const TOKEN = 'tok_5u9Vx-3kQ';

/** What the listener would store for a post of `body`, read back as the provider does. */
function webhook(body: unknown, requestOf: (ids: object) => PaymentRequestIds | undefined = () => PAYMENT) {
  const described = describeWebhook(body, SERVICE_ID, TOKEN, IDENTITY);
  return readWebhook(JSON.parse(JSON.stringify(described.stored)), IDENTITY, requestOf);
}

describe('webhooks', () => {
  const ids = { ...IDENTITY, serviceId: SERVICE_ID };

  it('reads a result in the `data` envelope, carrying its URL’s token as the signature', () => {
    const asked: object[] = [];
    const notification = webhook({ data: envelope(result(APPROVED)) }, (request) => {
      asked.push(request);
      return PAYMENT;
    });
    expect(notification).toEqual({
      kind: 'result',
      ids,
      outcome: {
        state: 'approved',
        authorisedMinor: 1250,
        terminalReference: SERVICE_ID,
        poiTransaction: { transactionId: SERVICE_ID, timeStamp: TIMESTAMP },
      },
      signature: TOKEN,
    });
    // The exchange comes from the URL the till made, not from the body.
    expect(asked).toEqual([ids]);
  });

  it('reads the bare response too', () => {
    expect(webhook(envelope(result({ result: 'Failure', reason: 'Cancel' })))).toEqual({
      kind: 'result',
      ids,
      outcome: { state: 'cancelled', reason: 'Cancelled on the terminal', terminalReference: SERVICE_ID },
      signature: TOKEN,
    });
  });

  it('reads a communication timeout as one, to be asked about', () => {
    expect(webhook({ data: envelope(result({ result: 'Failure', reason: 'CommunicationTimeout' })) })).toEqual({
      kind: 'result',
      ids,
      outcome: 'timeout',
      signature: TOKEN,
    });
  });

  it('reads an undeliverable request as rejected', () => {
    expect(webhook({ data: envelope(result({ result: 'Failure', reason: 'DeviceOut' })) })).toEqual({
      kind: 'rejected',
      ids,
      reason: 'Terminal is not reachable',
    });
  });

  it.each([
    ['a result for a request the till does not know', { data: envelope(result(APPROVED)) }, () => undefined],
    [
      'a body about another exchange than its URL names',
      { data: envelope(result(APPROVED), STATUS_ID) },
      () => PAYMENT,
    ],
    ['a result it cannot read', { data: envelope(result({ result: 'Success' })) }, () => PAYMENT],
    ['InProgress', { data: envelope(result({ result: 'Failure', reason: 'InProgress' })) }, () => PAYMENT],
  ])('reads %s as unreadable, still carrying the token', (_what, body, requestOf) => {
    expect(webhook(body, requestOf)).toEqual({ kind: 'result', ids, outcome: 'unreadable', signature: TOKEN });
  });

  it('reads a stored body that is not a Worldline response as unreadable', () => {
    const stored = { worldlineWebhook: { exchangeId: SERVICE_ID, token: TOKEN, body: { hello: 'world' } } };
    expect(readWebhook(stored, IDENTITY, () => PAYMENT)).toEqual({
      kind: 'result',
      ids,
      outcome: 'unreadable',
      signature: TOKEN,
    });
  });

  it.each([
    ['an Adyen notification', { SaleToPOIRequest: { MessageHeader: {} } }],
    ['no exchange', { worldlineWebhook: { exchangeId: '', token: TOKEN, body: {} } }],
    ['an extra field', { worldlineWebhook: { exchangeId: SERVICE_ID, token: TOKEN, body: {}, more: 1 } }],
    ['nothing', undefined],
  ])('is not a Worldline webhook: %s', (_what, stored) => {
    expect(readWebhook(stored, IDENTITY, () => PAYMENT)).toBeUndefined();
  });

  it('describes a post for the inbox by its ServiceContent, filed under its URL’s exchange', () => {
    const body = { data: envelope(result(APPROVED)) };
    const described = describeWebhook(body, SERVICE_ID, TOKEN, IDENTITY);
    expect(described).toEqual({
      stored: { worldlineWebhook: { exchangeId: SERVICE_ID, token: TOKEN, body } },
      kind: 'FinancialPaymentResponse',
      ...IDENTITY,
      serviceId: SERVICE_ID,
    });
    expect(StoredWebhookSchema.safeParse(described.stored).success).toBe(true);

    // A body that does not say what it is still goes in, under a word of its own.
    const unnamed = envelope({ ...result(APPROVED), ServiceContent: undefined });
    expect(describeWebhook(unnamed, SERVICE_ID, TOKEN, IDENTITY).kind).toBe('Response');
  });

  it('keeps a post it cannot read, so the till asks rather than losing it', () => {
    const kept = describeWebhook({ hello: 'world' }, SERVICE_ID, TOKEN, IDENTITY);
    expect(kept).toMatchObject({ kind: 'Unreadable', serviceId: SERVICE_ID });
    expect(StoredWebhookSchema.safeParse(kept.stored).success).toBe(true);
  });
});
