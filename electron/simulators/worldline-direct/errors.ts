import { randomUUID } from 'node:crypto';

/**
 * Worldline Direct's error body, `{ errorId, errors: [APIError] }`, as the
 * official SDK's `ErrorResponse`/`APIError` types describe it. The field
 * names are researched; the ids and codes of each error are partly assumed:
 * 9002 / MISSING_OR_INVALID_AUTHORIZATION for a bad signature is what
 * Worldline's own SDK tests expect; UNKNOWN_PAYMENT_ID is the API contract's
 * example; the others are plain descriptive ids.
 */

export interface ApiErrorItem {
  /** Deprecated by Worldline in favour of errorCode; both are sent, as the platform does. */
  code: string;
  errorCode: string;
  id: string;
  category: 'DIRECT_PLATFORM_ERROR' | 'PAYMENT_PLATFORM_ERROR' | 'IO_ERROR';
  httpStatusCode: number;
  message: string;
  propertyName?: string;
  retriable: boolean;
}

export interface ErrorResponseBody {
  errorId: string;
  errors: ApiErrorItem[];
}

/** An error answer a route gives by throwing. */
export class DirectError extends Error {
  readonly status: number;
  readonly id: string;
  readonly code: string;
  readonly propertyName: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  /** More of the body, e.g. `paymentResult` on a declined payment's 402. */
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(
    status: number,
    id: string,
    message: string,
    options: {
      code?: string;
      propertyName?: string;
      headers?: Readonly<Record<string, string>>;
      category?: ApiErrorItem['category'];
      extra?: Readonly<Record<string, unknown>>;
    } = {},
  ) {
    super(message);
    this.status = status;
    this.id = id;
    this.code = options.code ?? String(status === 401 ? 9002 : status * 100);
    this.propertyName = options.propertyName;
    this.headers = options.headers ?? {};
    this.extra = options.extra ?? {};
    this.category = options.category ?? (status >= 500 ? 'IO_ERROR' : 'DIRECT_PLATFORM_ERROR');
  }

  readonly category: ApiErrorItem['category'];

  body(): ErrorResponseBody & Record<string, unknown> {
    return {
      ...this.extra,
      errorId: randomUUID(),
      errors: [
        {
          code: this.code,
          errorCode: this.code,
          id: this.id,
          category: this.category,
          httpStatusCode: this.status,
          message: this.message,
          ...(this.propertyName === undefined ? {} : { propertyName: this.propertyName }),
          retriable: this.status >= 500 || this.status === 409,
        },
      ],
    };
  }
}

export const unauthorized = () =>
  new DirectError(401, 'MISSING_OR_INVALID_AUTHORIZATION', 'MISSING_OR_INVALID_AUTHORIZATION', { code: '9002' });

/** `UNKNOWN_PAYMENT_ID` is the API contract's own example id; the link's is its analogue (assumed). */
export const notFound = (id: 'UNKNOWN_PAYMENT_ID' | 'UNKNOWN_PAYMENT_LINK_ID', what: string) =>
  new DirectError(404, id, `${what} not found`);

export const invalid = (propertyName: string, message: string) =>
  new DirectError(400, 'INVALID_VALUE', message, { propertyName });
