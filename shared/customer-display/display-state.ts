import { z } from 'zod';
import { LanguageSchema } from '../config/schema.ts';
import { CurrencyCodeSchema, MinorUnitsSchema } from '../money.ts';

/**
 * What the customer display (the second screen, facing the customer) shows,
 * as main decides it. The display only receives this: it cannot ask the till
 * anything. Every state says the till's language and locale, so the display
 * speaks and writes amounts as the till does without a call of its own.
 *
 * - idle: a welcome, between sales.
 * - sale: the lines as they are rung up (the last few; how many more above),
 *   the total and what is still due, and what the customer must do now: pay
 *   on the card terminal, or scan a payment link's QR code before it expires.
 * - thanks: after a completed sale, with the change to hand back.
 *
 * Money is integer minor units; the display formats it with `formatMoney`.
 */

/** Lines sent at most: the last ones rung up. A 500-line sale stays a small message. */
export const DISPLAY_LINES = 12;

const DisplayBaseSchema = z.object({
  language: LanguageSchema,
  /** BCP 47, for amounts: "nl-NL". */
  locale: z.string().min(2).max(35),
});

export const DisplayLineSchema = z.object({
  name: z.string().min(1).max(80),
  quantity: z.number().int().min(1),
  totalMinor: MinorUnitsSchema,
});
export type DisplayLine = z.infer<typeof DisplayLineSchema>;

export const DisplayPromptSchema = z.discriminatedUnion('kind', [
  /** A card payment is running on the terminal. */
  z.object({ kind: z.literal('card') }),
  /** A pay-by-link payment: the QR is drawn from `url`; the gateway's own expiry. */
  z.object({
    kind: z.literal('link'),
    url: z.url({ protocol: /^https?$/ }),
    expiresAt: z.iso.datetime({ offset: true }),
    amountMinor: MinorUnitsSchema,
  }),
]);
export type DisplayPrompt = z.infer<typeof DisplayPromptSchema>;

export const CustomerDisplayStateSchema = z.discriminatedUnion('kind', [
  DisplayBaseSchema.extend({ kind: z.literal('idle') }),
  DisplayBaseSchema.extend({
    kind: z.literal('sale'),
    /** The last `DISPLAY_LINES` lines at most, oldest first. */
    lines: z.array(DisplayLineSchema).max(DISPLAY_LINES),
    /** Lines rung up before those shown. */
    moreLines: z.number().int().min(0),
    totalMinor: MinorUnitsSchema,
    dueMinor: MinorUnitsSchema,
    currency: CurrencyCodeSchema,
    prompt: DisplayPromptSchema.optional(),
  }),
  DisplayBaseSchema.extend({
    kind: z.literal('thanks'),
    totalMinor: MinorUnitsSchema,
    /** Cash to hand back; absent when there is none. */
    changeMinor: MinorUnitsSchema.optional(),
    currency: CurrencyCodeSchema,
  }),
]);
export type CustomerDisplayState = z.infer<typeof CustomerDisplayStateSchema>;

/** The one channel the Electron display window hears states on (its preload's only door). */
export const DISPLAY_STATE_CHANNEL = 'kassa:customer-display';
