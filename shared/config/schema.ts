import { z } from 'zod';
import { CurrencyCodeSchema } from '../money.ts';

/**
 * The configuration of one till. Objects are strict: an unknown key is almost
 * always a typo in a file IT edited by hand, and silently ignoring it would
 * leave the till running on a default nobody chose.
 */

function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

export const TillModeSchema = z.enum([
  /** Real terminals, real money. */
  'live',
  /** The provider's test environment; sales stay out of the day's totals. */
  'training',
  /** The embedded terminal simulator; nothing leaves the machine. */
  'demo',
]);
export type TillMode = z.infer<typeof TillModeSchema>;

/** Adyen's live data centres; the test environment has one host for all. */
export const AdyenRegionSchema = z.enum(['eu', 'us', 'au', 'apse']);
export type AdyenRegion = z.infer<typeof AdyenRegionSchema>;

/**
 * A cloud-connected Adyen terminal. Where requests go follows from the till's
 * mode, so a training till cannot charge real cards and a live till cannot
 * talk to a simulator by accident: demo uses the embedded simulator, training
 * Adyen's test environment, live Adyen's live environment in `region`.
 * `baseUrl` overrides the host for all three (a standalone `kassa simulator`,
 * a proxy). The API key is a secret: it stays in the main process, is never
 * logged and may come from KASSA_ADYEN_API_KEY instead of this file.
 */
export const AdyenTerminalConfigSchema = z
  .object({
    provider: z.literal('adyen'),
    /** The terminal's ID, `[model]-[serial]`, e.g. `P400Plus-123456789`. */
    poiid: z.string().regex(/^[A-Za-z0-9]+-[A-Za-z0-9]+$/, 'must look like MODEL-SERIAL, e.g. P400Plus-123456789'),
    merchantAccount: z.string().trim().min(1).max(80),
    /** `device`: the Cloud device API Adyen recommends; `legacy`: the terminal-api `/sync` and `/async` hosts. */
    api: z.enum(['device', 'legacy']).default('device'),
    region: AdyenRegionSchema.default('eu'),
    baseUrl: z.url({ protocol: /^https?$/, normalize: true }).optional(),
    apiKey: z.string().trim().min(1).optional(),
  })
  .strict();
export type AdyenTerminalConfig = z.infer<typeof AdyenTerminalConfigSchema>;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const TillConfigSchema = z
  .object({
    store: z
      .object({
        name: z.string().trim().min(1).max(64),
        /** Printed under the store name on receipts. */
        addressLines: z.array(z.string().trim().min(1).max(48)).max(4),
      })
      .strict(),
    till: z
      .object({
        /** Unique per store; goes into receipt numbers and payment references. */
        id: z.string().regex(/^[A-Za-z0-9-]{1,16}$/, 'must be 1–16 letters, digits or dashes'),
        name: z.string().trim().min(1).max(32),
      })
      .strict(),
    /** BCP 47 tag used for numbers, dates and money on screen, e.g. "nl-NL". */
    locale: z.string().refine(isLocale, 'must be a BCP 47 language tag such as en-GB'),
    currency: CurrencyCodeSchema,
    mode: TillModeSchema,
    /**
     * The card terminal. Absent: a demo till gets a simulated one, any other
     * till takes no cards; `null`: no cards, in any mode.
     */
    terminal: AdyenTerminalConfigSchema.nullable().optional(),
  })
  .strict()
  .superRefine((config, context) => {
    const baseUrl = config.terminal?.baseUrl;
    if (baseUrl === undefined) return;
    // shared/ has no URL global; zod has already checked it is an http(s) URL.
    const url = /^(https?):\/\/(?:([^@/?#]*)@)?(\[[^\]]*\]|[^/:?#]*)/i.exec(baseUrl);
    if (url === null) return;
    const [, scheme, userinfo, host] = url;
    if (userinfo !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['terminal', 'baseUrl'],
        message: 'must not contain a user name or password; the API key goes in terminal.apiKey',
      });
    }
    // The API key travels in a header: outside demo mode only over TLS, or to this machine.
    if (config.mode !== 'demo' && scheme?.toLowerCase() === 'http' && !LOOPBACK_HOSTS.has(host?.toLowerCase() ?? '')) {
      context.addIssue({
        code: 'custom',
        path: ['terminal', 'baseUrl'],
        message: `must use https in ${config.mode} mode, or point at this machine (127.0.0.1)`,
      });
    }
  });

export type TillConfig = z.infer<typeof TillConfigSchema>;
