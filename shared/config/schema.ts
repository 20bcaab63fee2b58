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
  })
  .strict();

export type TillConfig = z.infer<typeof TillConfigSchema>;
