import type {
  PaymentTransactionResult,
  ResponseSummary,
  SaleToPOIServiceResponse,
  ServiceResponse,
  TransactionIdentification,
  WorldlineHeader,
} from '../../../shared/payments/worldline/nexo.ts';
import { toMajor } from './amounts.ts';
import type { ParsedHeader, PoiIdentity } from './request-schemas.ts';

/**
 * The `SaleToPOIServiceResponse` the terminal's result becomes, the same
 * bytes whether it goes back on `/payments/sync`, to the WebhookUrl, or
 * inside a status answer's RepeatedResponse.
 */

export interface Card {
  Brand: 'VISA' | 'MASTERCARD';
  MaskedPAN: string;
}

/** How a payment, refund or reversal ended. */
export type Outcome =
  | { result: 'approved'; approvedMinor: number; partial: boolean; card?: Card; authorisationCode?: string }
  | { result: 'declined'; reason: 'Refusal' | 'WrongPIN' | 'InvalidCard'; information: string }
  /** Ended without an authorisation: Cancel, Busy, NotAllowed, CommunicationTimeout. */
  | { result: 'failed'; reason: string; information?: string };

/** The request's header, answered: only what identifies the exchange, never the WebhookUrl (it carries a token). */
export function responseHeader(request: ParsedHeader, now: Date): WorldlineHeader {
  return {
    MessageFunction: 'SaleFinancialServiceResponse',
    ProtocolVersion: request.ProtocolVersion,
    ExchangeIdentification: request.ExchangeIdentification,
    CreationDateTime: now.toISOString(),
    InitiatingParty: { Identification: request.InitiatingParty.Identification, Type: request.InitiatingParty.Type },
  };
}

export function responseSummary(outcome: Outcome): ResponseSummary {
  switch (outcome.result) {
    case 'approved':
      return { Result: outcome.partial ? 'Partial' : 'Success' };
    case 'declined':
      return { Result: 'Failure', ResponseReason: outcome.reason, AdditionalResponseInformation: outcome.information };
    case 'failed':
      return {
        Result: 'Failure',
        ResponseReason: outcome.reason,
        ...(outcome.information === undefined ? {} : { AdditionalResponseInformation: outcome.information }),
      };
  }
}

/**
 * The transaction part of a result. TransactionDetails carries what was
 * actually approved, so it is there only when something was; a decline says
 * so in ResponseToAuthorisation, other failures had no authorisation at all.
 */
export function transactionResult(
  identification: TransactionIdentification,
  currency: string | null,
  outcome: Outcome,
): PaymentTransactionResult {
  const result: PaymentTransactionResult = { TransactionIdentification: identification };
  if (outcome.result === 'approved' && currency !== null) {
    result.TransactionDetails = { Currency: currency, TotalAmount: toMajor(outcome.approvedMinor, currency) };
    if (outcome.authorisationCode !== undefined) {
      result.TransactionResponse = {
        AuthorisationResult: {
          ResponseToAuthorisation: { Response: outcome.partial ? 'Partial' : 'Approved' },
          AuthorisationCode: outcome.authorisationCode,
        },
      };
    }
    if (outcome.card !== undefined) result.PaymentCard = { ...outcome.card };
  }
  if (outcome.result === 'declined') {
    result.TransactionResponse = { AuthorisationResult: { ResponseToAuthorisation: { Response: 'Declined' } } };
  }
  return result;
}

export function serviceResponse(
  content: 'payment' | 'reversal',
  environment: PoiIdentity,
  identification: TransactionIdentification,
  currency: string | null,
  outcome: Outcome,
): ServiceResponse {
  const transaction = transactionResult(identification, currency, outcome);
  const common = { Environment: environment, Response: responseSummary(outcome) };
  return content === 'payment'
    ? { ...common, ServiceContent: 'FinancialPaymentResponse', PaymentResponse: { PaymentTransaction: transaction } }
    : { ...common, ServiceContent: 'ReversalResponse', ReversalResponse: { ReversalTransaction: transaction } };
}

export function envelope(header: WorldlineHeader, service: ServiceResponse): SaleToPOIServiceResponse {
  return { SaleToPOIServiceResponse: { Header: header, ServiceResponse: service } };
}
