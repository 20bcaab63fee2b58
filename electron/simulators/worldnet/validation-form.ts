import { validationHash, type CurrencyMode, type EmptyTextForm } from './hash.ts';

/**
 * The background validation's form as Worldnet POSTs it
 * (`application/x-www-form-urlencoded`, uppercase names): CURRENCY only on
 * a multi-currency terminal, AMOUNT as the request wrote it, DATETIME the
 * gateway's own. Building it apart from sending it lets a fault change what
 * is sent (a trimmed amount, a forged hash) without touching delivery.
 */

export interface ValidationFacts {
  readonly terminalId: string;
  readonly orderId: string;
  readonly currency: string;
  readonly amount: string;
  readonly dateTime: string;
  readonly uniqueReference: string;
  readonly approvalCode: string;
  readonly responseCode: string;
  readonly responseText: string;
  readonly emptyText: EmptyTextForm;
}

/** Address and card-code checks are not simulated: `X` is the usual "not checked" letter. */
const NOT_CHECKED = 'X';

export function validationForm(facts: ValidationFacts, secret: string, mode: CurrencyMode): Record<string, string> {
  const hash = validationHash(
    {
      TERMINALID: facts.terminalId,
      ORDERID: facts.orderId,
      CURRENCY: facts.currency,
      AMOUNT: facts.amount,
      DATETIME: facts.dateTime,
      RESPONSECODE: facts.responseCode,
      RESPONSETEXT: facts.responseText,
    },
    secret,
    mode,
    facts.emptyText,
  );
  return {
    TERMINALID: facts.terminalId,
    UNIQUEREF: facts.uniqueReference,
    AMOUNT: facts.amount,
    ORDERID: facts.orderId,
    ...(mode === 'multi' ? { CURRENCY: facts.currency } : {}),
    APPROVALCODE: facts.approvalCode,
    RESPONSECODE: facts.responseCode,
    RESPONSETEXT: facts.responseText,
    DATETIME: facts.dateTime,
    AVSRESPONSE: NOT_CHECKED,
    CVVRESPONSE: NOT_CHECKED,
    HASH: hash,
  };
}
