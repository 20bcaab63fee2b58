import { z } from 'zod';

/**
 * The parts of OPP's JSON answers the till reads, as zod schemas shared by
 * the API client and the webhook reader. Shapes follow ACI's documented
 * answers (reference worldline-opp-worldnet.md §3.2) and, for pay by link,
 * the paths and fields docs/OPP.md chose. Objects are loose: OPP adds
 * `buildNumber`, `ndc`, `resultDetails`, `descriptor`… and a field we do not
 * read must not make an answer unreadable. A null is read as absent.
 *
 * Amounts stay as OPP writes them (`"12.34"`): turn them into minor units
 * with shared/money.ts `decimalStringToMinor`, never with parseFloat.
 */

/** Absent or null, read as undefined. */
const opt = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

/** `result`: the code decides everything (result-codes.ts); the description is for people. */
export const ResultField = z.looseObject({
  code: z.string(),
  description: opt(z.string()),
});
export type ResultField = z.infer<typeof ResultField>;

export const Card = z.looseObject({
  bin: opt(z.string()),
  last4Digits: opt(z.string()),
  holder: opt(z.string()),
});

const transactionFields = {
  id: z.string().min(1),
  paymentType: z.string().min(1),
  paymentBrand: opt(z.string()),
  amount: z.string(),
  currency: z.string(),
  merchantTransactionId: opt(z.string()),
  /** On a back-office operation (CP, RF, RV): the transaction it acted on. */
  referencedId: opt(z.string()),
  result: ResultField,
  card: opt(Card),
  timestamp: opt(z.string()),
};

/** A payment as `POST /v1/payments` and `GET /v1/payments/{id}` answer it. */
export const Transaction = z.looseObject(transactionFields);
export type Transaction = z.infer<typeof Transaction>;

/**
 * A transaction that may carry no amount: a reversal (`RV` is sent without
 * one) and what the platform reports or notifies (query lists, webhooks),
 * which can be any operation on a payment.
 */
export const LooseTransaction = z.looseObject({
  ...transactionFields,
  amount: opt(z.string()),
  currency: opt(z.string()),
});
export type LooseTransaction = z.infer<typeof LooseTransaction>;

/** An answer that carries nothing but its result: a throttle, a not-found, a refusal. */
export const ErrorAnswer = z.looseObject({ result: ResultField });
export type ErrorAnswer = z.infer<typeof ErrorAnswer>;

/**
 * `GET /v1/query?merchantTransactionId=` answers `{result, payments: [...]}`;
 * `GET /v1/query/{id}` may answer the one transaction at the top level
 * instead. Both are read as `{result, payments}`, no payments as `[]`.
 */
export const QueryAnswer = z.preprocess(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    !('payments' in value) &&
    typeof (value as { id?: unknown }).id === 'string'
      ? { result: (value as { result?: unknown }).result, payments: [value] }
      : value,
  z.looseObject({
    result: ResultField,
    payments: opt(z.array(LooseTransaction)).transform((payments) => payments ?? []),
  }),
);
export type QueryAnswer = z.infer<typeof QueryAnswer>;

export const LinkStatus = z.enum(['ACTIVE', 'PAID', 'EXPIRED', 'DEACTIVATED']);
export type LinkStatus = z.infer<typeof LinkStatus>;

/** A pay-by-link link (docs/OPP.md: `POST {path}`, `GET {path}/{id}`). */
export const Link = z.looseObject({
  id: z.string().min(1),
  /** The address the customer opens. */
  link: z.string().min(1),
  status: LinkStatus,
  /** ISO 8601. */
  validUntil: z.string(),
  merchantTransactionId: z.string(),
  amount: z.string(),
  currency: z.string(),
  paymentType: z.string(),
  /** Set once the link is paid. */
  paymentId: opt(z.string()),
  result: ResultField,
});
export type Link = z.infer<typeof Link>;

/** `GET {path}?merchantTransactionId=`: how a link whose creation reply was lost is found. */
export const LinkList = z.looseObject({
  result: ResultField,
  links: opt(z.array(Link)).transform((links) => links ?? []),
});
export type LinkList = z.infer<typeof LinkList>;
