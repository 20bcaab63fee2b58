/**
 * The nexo Terminal API messages Kassa exchanges with Adyen's cloud, as type
 * definitions only (field names PascalCase and case-sensitive, as on the
 * wire). Checked against Adyen's `TerminalAPI-v1.yaml`; only the fields Kassa
 * sends or reads are listed, and both the payment client and the simulator
 * parse what they receive themselves: sharing these types shares no behaviour,
 * so the simulator cannot hide a client bug.
 */

export type MessageClass = 'Service' | 'Device' | 'Event';
export type MessageCategory =
  | 'Payment'
  | 'Reversal'
  | 'TransactionStatus'
  | 'Abort'
  | 'Display'
  | 'Event'
  | 'Diagnosis'
  | 'CardAcquisition'
  | 'Input'
  | 'Print'
  | 'StoredValue'
  | 'Admin';
export type MessageType = 'Request' | 'Response' | 'Notification';

export interface MessageHeader {
  ProtocolVersion?: string;
  MessageClass: MessageClass;
  MessageCategory: MessageCategory;
  MessageType: MessageType;
  /** 1–10 alphanumeric characters, unique per POIID for 48 hours (cloud). */
  ServiceID?: string;
  DeviceID?: string;
  SaleID: string;
  /** The terminal, `[model]-[serial]`, e.g. `P400Plus-123456789`. */
  POIID: string;
}

/** A transaction reference: the sale's (`SaleTransactionID`) or the terminal's (`POITransactionID`). */
export interface TransactionIdentification {
  TransactionID: string;
  /** ISO 8601 date-time. */
  TimeStamp: string;
}

export interface SaleData {
  SaleTransactionID: TransactionIdentification;
  /** Form-encoded `key=value&…` or Base64 JSON; `metadata.*` keys come back in `AdditionalResponse`. */
  SaleToAcquirerData?: string;
  SaleReferenceID?: string;
}

export interface AmountsReq {
  Currency: string;
  /** Major units (10.99 for €10.99): the Terminal API does not use minor units. */
  RequestedAmount: number;
  TipAmount?: number;
  CashBackAmount?: number;
}

export interface PaymentRequest {
  SaleData: SaleData;
  PaymentTransaction: { AmountsReq: AmountsReq };
  PaymentData?: { PaymentType?: 'Normal' | 'Refund' };
}

export type ReversalReason = 'CustCancel' | 'Malfunction' | 'MerchantCancel' | 'Unable2Compl';

export interface ReversalRequest {
  OriginalPOITransaction: { POITransactionID: TransactionIdentification; POIID?: string };
  ReversalReason: ReversalReason;
  /** Major units; the whole remaining amount when absent. */
  ReversedAmount?: number;
  SaleData?: SaleData;
}

export interface MessageReference {
  MessageCategory?: 'Payment' | 'Reversal' | 'StoredValue' | 'CardAcquisition' | 'Input';
  SaleID?: string;
  ServiceID?: string;
  POIID?: string;
}

export type DocumentQualifier = 'CashierReceipt' | 'CustomerReceipt';

export interface TransactionStatusRequest {
  ReceiptReprintFlag?: boolean;
  DocumentQualifier?: DocumentQualifier[];
  /** Without it the terminal reports its most recent transaction. */
  MessageReference?: MessageReference;
}

export interface AbortRequest {
  AbortReason: string;
  MessageReference: MessageReference;
}

export interface SaleToPOIRequest {
  SaleToPOIRequest: {
    MessageHeader: MessageHeader;
    PaymentRequest?: PaymentRequest;
    ReversalRequest?: ReversalRequest;
    TransactionStatusRequest?: TransactionStatusRequest;
    AbortRequest?: AbortRequest;
    EventNotification?: EventNotification;
    DisplayRequest?: DisplayRequest;
  };
}

export type ResponseResult = 'Success' | 'Failure' | 'Partial';

/** nexo's list; Adyen's docs also show the free text "Communication timeout", so readers must tolerate others. */
export type ErrorCondition =
  | 'Aborted'
  | 'Busy'
  | 'Cancel'
  | 'DeviceOut'
  | 'InProgress'
  | 'InsertedCard'
  | 'InvalidCard'
  | 'LoggedOut'
  | 'MessageFormat'
  | 'NotAllowed'
  | 'NotFound'
  | 'PaymentRestriction'
  | 'Refusal'
  | 'UnavailableDevice'
  | 'UnavailableService'
  | 'UnreachableHost'
  | 'WrongPIN';

export interface Response {
  Result: ResponseResult;
  ErrorCondition?: ErrorCondition | (string & {});
  /** Form-encoded `key=value&…` (pspReference, cardType, refusalReason, message, metadata.*, …). */
  AdditionalResponse?: string;
}

export interface OutputTextLine {
  /** Itself form-encoded: `name=…&value=…&key=…`. */
  Text: string;
  CharacterStyle?: 'Bold' | 'Italic' | 'Normal' | 'Underline';
  EndOfLineFlag?: boolean;
}

export interface PaymentReceipt {
  DocumentQualifier: DocumentQualifier;
  RequiredSignatureFlag?: boolean;
  OutputContent: { OutputFormat: 'Text'; OutputText: OutputTextLine[] };
}

export type EntryMode = 'Tapped' | 'ICC' | 'MagStripe' | 'Keyed' | 'Contactless' | 'File' | 'Manual';

export interface PaymentResult {
  PaymentType?: 'Normal' | 'Refund';
  OnlineFlag?: boolean;
  AmountsResp?: { AuthorizedAmount: number; Currency: string; TipAmount?: number };
  PaymentInstrumentData?: {
    PaymentInstrumentType: 'Card';
    CardData?: { MaskedPan?: string; PaymentBrand?: string; EntryMode?: EntryMode[] };
  };
  PaymentAcquirerData?: {
    ApprovalCode?: string;
    MerchantID?: string;
    AcquirerPOIID?: string;
    AcquirerTransactionID?: TransactionIdentification;
  };
}

export interface PaymentResponse {
  Response: Response;
  /** Required by the schema, yet absent from Adyen's own error responses (MessageFormat, UnreachableHost). */
  SaleData?: { SaleTransactionID: TransactionIdentification; SaleReferenceID?: string };
  /** As SaleData. `TransactionID` is the tender reference, plus "." and the PSP reference once the acquirer saw it. */
  POIData?: { POITransactionID: TransactionIdentification; POIReconciliationID?: string };
  PaymentResult?: PaymentResult;
  PaymentReceipt?: PaymentReceipt[];
}

export interface ReversalResponse {
  Response: Response;
  POIData?: { POITransactionID: TransactionIdentification; POIReconciliationID?: string };
  OriginalPOITransaction?: { POITransactionID: TransactionIdentification; POIID?: string };
  ReversedAmount?: number;
  PaymentReceipt?: PaymentReceipt[];
}

export interface TransactionStatusResponse {
  Response: Response;
  MessageReference?: MessageReference;
  RepeatedMessageResponse?: {
    MessageHeader: MessageHeader;
    RepeatedResponseMessageBody: { PaymentResponse?: PaymentResponse; ReversalResponse?: ReversalResponse };
  };
}

export interface SaleToPOIResponse {
  SaleToPOIResponse: {
    MessageHeader: MessageHeader;
    PaymentResponse?: PaymentResponse;
    ReversalResponse?: ReversalResponse;
    TransactionStatusResponse?: TransactionStatusResponse;
  };
}

export type EventToNotify =
  | 'Abort'
  | 'BeginMaintenance'
  | 'CardInserted'
  | 'CardRemoved'
  | 'Completed'
  | 'EndMaintenance'
  | 'Initialised'
  | 'NetworkConnected'
  | 'NetworkDisconnected'
  | 'OutOfOrder'
  | 'Reject'
  | 'Shutdown';

export interface EventNotification {
  EventToNotify: EventToNotify | (string & {});
  /** ISO 8601 date-time. */
  TimeStamp: string;
  /** Form-encoded, e.g. `message=Did+not+receive+a+response+from+the+POI.` */
  EventDetails?: string;
  /** Base64 of the rejected request; present when EventToNotify is Reject. */
  RejectedMessage?: string;
  MaintenanceRequiredFlag?: boolean;
}

/** The `event=` values Adyen puts in a display notification's `ReferenceID`. */
export type DisplayNotificationEvent =
  | 'TENDER_CREATED'
  | 'CARD_INSERTED'
  | 'CARD_PRESENTED'
  | 'CARD_SWIPED'
  | 'WAIT_FOR_APP_SELECTION'
  | 'APPLICATION_SELECTED'
  | 'WAIT_FOR_PIN'
  | 'PIN_ENTERED'
  | 'PRINT_RECEIPT'
  | 'RECEIPT_PRINTED'
  | 'CARD_REMOVED'
  | 'TENDER_FINAL';

export interface DisplayRequest {
  DisplayOutput: {
    Device: 'CashierDisplay' | 'CustomerDisplay';
    InfoQualify: 'Status' | 'Display';
    ResponseRequiredFlag?: boolean;
    OutputContent: {
      OutputFormat: 'MessageRef';
      /** `ReferenceID` is form-encoded: `TransactionID=…&TimeStamp=…&event=TENDER_CREATED`. */
      PredefinedContent: { ReferenceID: string };
    };
  }[];
}

/** Terminal-originated messages (events, display progress, a Reject) arrive as requests. */
export interface TerminalNotification {
  SaleToPOIRequest: {
    MessageHeader: MessageHeader;
    EventNotification?: EventNotification;
    DisplayRequest?: DisplayRequest;
  };
}

/** Cloud device API, `GET …/devices/{deviceId}/status`. */
export interface DeviceStatusResponse {
  deviceId: string;
  status: 'ONLINE' | 'OFFLINE';
}

/** Cloud device API, `GET …/connectedDevices`. */
export interface ConnectedDevicesResponse {
  uniqueDeviceIds: string[];
}

/** Cloud device API errors: RFC 7807 problem details. */
export interface CloudDeviceProblem {
  type: string;
  title: string;
  status: number;
  errorCode: string;
  detail?: string;
  requestId?: string;
  invalidFields?: { name: string; value?: string; message: string }[];
}
