import { z } from 'zod';
import type { WebhookIntake } from '../webhooks/webhook-listener.ts';
import { readValidation, ValidationFormSchema } from './validation.ts';
import type { CurrencyMode } from './worldnet-hash.ts';

/** Where Worldnet posts background validations, under the listener's (or the store proxy's) address. */
export const WORLDNET_VALIDATION_PATH = '/worldnet/validation';
/** Where the link's QR points: `<publicUrl>/worldnet/pay/<ORDERID>`, a page that posts to Worldnet. */
export const WORLDNET_PAY_PATH = '/worldnet/pay/';

/** What is stored and handed on for a genuine validation: its fields as received, and what the till read. */
export const StoredValidationSchema = z.object({
  type: z.literal('WORLDNET_VALIDATION'),
  form: ValidationFormSchema,
  amountMinor: z.number().int(),
  verdict: z.enum(['approved', 'declined', 'declined_for_manager', 'unknown']),
  hashForm: z.enum(['text', 'empty-dropped', 'empty-kept']),
});
export type StoredValidation = z.infer<typeof StoredValidationSchema>;

/**
 * Worldnet's background validations on the till's listener (docs/WORLDNET.md).
 * The HASH is checked over the form as received before anything is parsed
 * further or stored; a forged or foreign one gets 401 and is logged without
 * its fields. A genuine one for an order this till never made is refused too
 * (400): Worldnet tries again, and the order is never applied to another
 * sale. Only once the validation is in the journal does the listener answer
 * the plain `OK` Worldnet waits for; a repeat of the same UNIQUEREF and code
 * is one inbox entry, and is answered `OK` again.
 */
export function worldnetIntake(options: {
  /** Worldnet's terminal id: what a validation's TERMINALID must be. */
  terminalId: string;
  /** The gateway as the payment book names it (`worldnet:<terminalId>`): whose inbox rows these are. */
  gatewayId: string;
  saleSystemId: string;
  secret: string;
  currencyMode: CurrencyMode;
  currency: string;
  /** Whether this till made the order (an attempt with that ServiceID is in the book). */
  knowsOrder: (orderId: string) => boolean;
  /** The page for the link `/worldnet/pay/<ORDERID>`, or undefined for an order with no live page. */
  payPage?: (orderId: string) => { status: number; html: string } | undefined;
  deliver: (body: unknown, inboxSeq: number) => void;
}): WebhookIntake {
  const terminal = {
    terminalId: options.terminalId,
    secret: options.secret,
    mode: options.currencyMode,
    currency: options.currency,
  };
  return {
    handles: (url) => url.pathname.endsWith(WORLDNET_VALIDATION_PATH) || url.pathname.includes(WORLDNET_PAY_PATH),
    // The HASH is the proof, over the body: nothing to check before it is read.
    authorised: (_request, url) => url.pathname.endsWith(WORLDNET_VALIDATION_PATH),
    authentic(request, raw) {
      const query = new URL(request.url ?? '/', 'http://listener').searchParams;
      const reading = readValidation(raw.toString('utf8'), query, terminal);
      if (!reading.ok) return { ok: false, why: reading.why };
      const stored: StoredValidation = {
        type: 'WORLDNET_VALIDATION',
        form: reading.form,
        amountMinor: reading.amountMinor,
        verdict: reading.verdict,
        hashForm: reading.hashForm,
      };
      return { ok: true, text: JSON.stringify(stored) };
    },
    describe(body) {
      const read = StoredValidationSchema.safeParse(body);
      if (!read.success || !options.knowsOrder(read.data.form.ORDERID)) return undefined;
      const { form } = read.data;
      return {
        kind: 'WORLDNET_VALIDATION',
        terminalId: options.gatewayId,
        saleSystemId: options.saleSystemId,
        serviceId: form.ORDERID,
        sameAs: `worldnet ${options.terminalId} ${form.UNIQUEREF} ${form.RESPONSECODE}`,
      };
    },
    deliver: options.deliver,
    accepted: { contentType: 'text/plain', text: 'OK' },
    page(url) {
      const at = url.pathname.lastIndexOf(WORLDNET_PAY_PATH);
      if (at < 0) return undefined;
      const orderId = decodeURIComponent(url.pathname.slice(at + WORLDNET_PAY_PATH.length));
      if (!/^[A-Za-z0-9]{1,24}$/.test(orderId)) return undefined;
      const page = options.payPage?.(orderId);
      if (page === undefined) {
        return { status: 404, contentType: 'text/plain; charset=utf-8', body: 'There is no such payment link.' };
      }
      return { status: page.status, contentType: 'text/html; charset=utf-8', body: page.html };
    },
  };
}
