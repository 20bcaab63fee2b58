/**
 * The Worldline Terminal API messages Kassa exchanges with Worldline's cloud
 * (nexo Retailer 5.1, protocol `5.1-WL1.0.0`), as type definitions, field
 * names PascalCase as on the wire, plus the protocol version and the path
 * rule the client uses. Types share no behaviour: the payment client and the
 * simulator each parse what they receive with their own schemas, so the
 * simulator cannot hide a client bug.
 *
 * What is documented by Worldline and what is Kassa's reading of third-party
 * integrations is listed in docs/WORLDLINE.md; the short version:
 * - documented: the endpoints, Bearer authentication, `ProtocolVersion`,
 *   `Header.WebhookUrl` and `Header.NumberOfRetries`, `ServiceContent` as a
 *   full name, 202 for an asynchronous request, the HTTP status codes;
 * - from three independent third-party clients: the request and response
 *   bodies below (`PaymentTransaction`, `TransactionDetails.TotalAmount` in
 *   major units, `ResponseToAuthorisation`), the webhook's `data` envelope;
 * - assumed: `TransactionStatusRequest` (nexo's own status question, which
 *   Worldline does not publicly document) and the fields of its answer.
 */

export const WORLDLINE_PROTOCOL_VERSION = '5.1-WL1.0.0';

/** `/api/v1/merchants/{umid}/terminals/{utid}/payments` (asynchronous) and `…/payments/sync`. */
export function worldlinePaymentsPath(umid: string, utid: string, channel: 'async' | 'sync'): string {
  const base = `/api/v1/merchants/${encodeURIComponent(umid)}/terminals/${encodeURIComponent(utid)}/payments`;
  return channel === 'sync' ? `${base}/sync` : base;
}

export type MessageFunction = 'SaleFinancialServiceRequest' | 'SaleFinancialServiceResponse';

export interface WorldlineHeader {
  MessageFunction: MessageFunction;
  ProtocolVersion: string;
  /**
   * Identifies one request and its response. Kassa makes it fresh for every
   * request it means (32 hex digits, within nexo's Max35Text) and keeps it
   * when it re-sends a request the cloud turned away before processing it.
   */
  ExchangeIdentification: string;
  /** ISO 8601 with offset. */
  CreationDateTime: string;
  InitiatingParty: { Identification: string; Type: 'Merchant' | 'Acquirer' | 'Sale' };
  /** Asynchronous requests only: where the cloud posts the result. */
  WebhookUrl?: string;
  /** Asynchronous requests only: how many more times the cloud tries the webhook after a failed delivery (≥ 1; assumed meaning). */
  NumberOfRetries?: number;
}

export interface PoiEnvironment {
  POI: { Identification: { Identification: string } };
}

export interface TransactionIdentification {
  /** ISO 8601 with offset. */
  TransactionDateTime: string;
  /** The till's reference for one attempt (Max35Text). */
  TransactionReference: string;
}

export interface TransactionDetails {
  Currency: string;
  /** Major units (12.50 for €12.50), with as many decimals as the currency has. */
  TotalAmount: number;
}

export type TransactionType = 'CardPayment' | 'Refund';

export interface PaymentTransaction {
  TransactionType: TransactionType;
  TransactionIdentification: TransactionIdentification;
  TransactionDetails: TransactionDetails;
  /** A refund that names the payment it gives money back on. */
  OriginalTransaction?: { TransactionIdentification: TransactionIdentification };
}

export interface ReversalTransaction {
  TransactionType: 'CardPayment';
  OriginalTransaction: { TransactionIdentification: TransactionIdentification };
  TransactionDetails?: TransactionDetails;
}

/** Assumed: nexo's status question, referring to an earlier request by its exchange. */
export interface MessageReference {
  ExchangeIdentification: string;
  TransactionReference?: string;
}

export type ServiceContent =
  | 'FinancialPaymentRequest'
  | 'ReversalRequest'
  | 'TransactionStatusRequest'
  | 'FinancialPaymentResponse'
  | 'ReversalResponse'
  | 'TransactionStatusResponse';

export interface ServiceRequest {
  Environment: PoiEnvironment;
  /** Third-party clients send `FinancialReversalRequest` for a reversal; Worldline's migration page names `ReversalRequest`. */
  ServiceContent:
    'FinancialPaymentRequest' | 'ReversalRequest' | 'FinancialReversalRequest' | 'TransactionStatusRequest';
  PaymentRequest?: { PaymentTransaction: PaymentTransaction };
  ReversalRequest?: { ReversalTransaction: ReversalTransaction; ReversalReason: 'MerchantCancellation' };
  TransactionStatusRequest?: { MessageReference: MessageReference };
}

export interface SaleToPOIServiceRequest {
  SaleToPOIServiceRequest: { Header: WorldlineHeader; ServiceRequest: ServiceRequest };
}

export type ResponseResult = 'Success' | 'Failure' | 'Partial';

export interface ResponseSummary {
  Result: ResponseResult;
  /**
   * Why it failed, in nexo's words: `Aborted`, `Cancel`, `Refusal`, `Busy`,
   * `NotFound`, `InProgress`, `UnreachableHost`, `WrongPIN`, `InvalidCard`,
   * `NotAllowed`, `DeviceOut`, `CommunicationTimeout` (the simulator's list).
   */
  ResponseReason?: string;
  AdditionalResponseInformation?: string;
}

export interface TransactionResponse {
  AuthorisationResult?: {
    /** `Approved`, `Declined` or `Partial`; read as a string, since an unknown word must not fail parsing. */
    ResponseToAuthorisation?: { Response: string };
    AuthorisationCode?: string;
  };
}

export interface PaymentTransactionResult {
  TransactionIdentification: TransactionIdentification;
  TransactionDetails?: TransactionDetails;
  TransactionResponse?: TransactionResponse;
  /** The card as the terminal names it: brand and a masked number (only the last four digits are kept). */
  PaymentCard?: { Brand?: string; MaskedPAN?: string };
}

export interface ServiceResponse {
  Environment?: PoiEnvironment;
  ServiceContent: 'FinancialPaymentResponse' | 'ReversalResponse' | 'TransactionStatusResponse';
  Response: ResponseSummary;
  PaymentResponse?: { PaymentTransaction: PaymentTransactionResult };
  ReversalResponse?: { ReversalTransaction: PaymentTransactionResult };
  /** Assumed: the answer about an earlier request, carrying that request's own response once it has one. */
  TransactionStatusResponse?: {
    MessageReference: MessageReference;
    RepeatedResponse?: {
      ServiceContent: 'FinancialPaymentResponse' | 'ReversalResponse';
      Response: ResponseSummary;
      PaymentResponse?: { PaymentTransaction: PaymentTransactionResult };
      ReversalResponse?: { ReversalTransaction: PaymentTransactionResult };
    };
  };
}

export interface SaleToPOIServiceResponse {
  SaleToPOIServiceResponse: { Header: WorldlineHeader; ServiceResponse: ServiceResponse };
}

/** What the cloud posts to a request's WebhookUrl (the envelope as third-party clients read it). */
export interface WorldlineWebhookBody {
  data: SaleToPOIServiceResponse;
}

/** The 202 answer to an asynchronous request. */
export interface AcceptedBody {
  requestId: string;
}

/** The JSON body of a 4xx or 5xx answer. */
export interface ErrorBody {
  message: string;
}
