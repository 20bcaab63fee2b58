import { z } from 'zod';

/**
 * Online payments at the till: pay by link / QR on the customer's phone, and
 * refunds of payments made online. One gateway per till, named by `provider`
 * and configured under its own key, the way `payment` names a card terminal.
 * Absent: a demo till gets the embedded Worldline Direct simulator; any other
 * till takes no link payments. `null`: none, in any mode.
 *
 * Secrets (`secretApiKey`, `webhookSecret`) stay in the main process, are never
 * logged and are sealed in the desktop app's vault like the card keys.
 */

/** Worldline Direct's merchant, API key and webhook key ids: as the Merchant Portal shows them. */
const PortalIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 letters, digits, dots, dashes or underscores');

const SecretSchema = z
  .string()
  .trim()
  .min(8, 'must be the secret as issued (at least 8 characters)')
  .max(200)
  .regex(/^[\x21-\x7E]+$/, 'must be the secret as issued: letters, digits and punctuation, no spaces');

/**
 * Worldline Direct (v2): payment links, payments and refunds, signed with
 * `GCS v1HMAC` (API key id and secret), and webhooks signed with the webhook
 * key. The host follows the till's mode (Worldline's pre-production host for
 * training, production for live) unless `baseUrl` says otherwise; outside demo
 * mode it must be https or loopback, since the key signs every request.
 */
export const WorldlineDirectConfigSchema = z
  .object({
    baseUrl: z.url({ protocol: /^https?$/, normalize: true }).optional(),
    /** The PSPID: the merchant id in every path. */
    merchantId: PortalIdSchema,
    apiKeyId: PortalIdSchema,
    secretApiKey: SecretSchema.optional(),
    /** The webhook key's id (`X-GCS-KeyId`) and its secret, from the Merchant Portal's webhook settings. */
    webhookKeyId: PortalIdSchema,
    webhookSecret: SecretSchema.optional(),
  })
  .strict();
export type WorldlineDirectConfig = z.infer<typeof WorldlineDirectConfigSchema>;

/**
 * ACI's Open Payment Platform (OPP, "oppwa" and its white labels): payment links
 * (debit, or a pre-authorisation for a deposit), captures, releases and refunds
 * by payment id. A bearer token and the `entityId` on every call; webhooks are
 * AES-256-GCM encrypted with the listener's secret. The host follows the till's
 * mode (ACI's `eu-test` for training, `eu-prod` for live, UNVERIFIED) unless
 * `baseUrl` says otherwise; outside demo mode it must be https or loopback.
 * What ACI does not publish (the pay-by-link path, the hold's validity) is
 * configurable here; docs/OPP.md says what Kassa chose.
 */
export const OppConfigSchema = z
  .object({
    baseUrl: z.url({ protocol: /^https?$/, normalize: true }).optional(),
    /** The entity (channel) the payments are made on: 32 letters and digits in ACI's back office. */
    entityId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{8,64}$/, 'must be the entity id as the back office shows it (8–64 letters and digits)'),
    /** The access token (`Authorization: Bearer`). */
    accessToken: SecretSchema.optional(),
    /** The webhook listener's secret: 64 hexadecimal characters (a 256-bit AES key). */
    webhookSecret: z
      .string()
      .trim()
      .regex(/^[0-9A-Fa-f]{64}$/, 'must be the listener secret as issued: 64 hexadecimal characters')
      .optional(),
    /** Where pay by link lives under the host: ACI documents the call but not its path (UNVERIFIED). */
    payByLinkPath: z
      .string()
      .regex(/^(\/[A-Za-z0-9._-]+)+$/, 'must be a path such as /v1/paybylink')
      .default('/v1/paybylink'),
    /**
     * How many status questions OPP takes about one transaction, and per how long: two a minute in Peach's
     * published table, set per platform (ask ACI). The till never asks faster, whoever asks.
     */
    statusLimit: z
      .object({
        questions: z.number().int().min(1).max(100).default(2),
        perSeconds: z.number().int().min(1).max(3_600).default(60),
      })
      .strict()
      .default({ questions: 2, perSeconds: 60 }),
    /** How long the acquirer keeps a deposit's pre-authorisation: the deposits screen warns two days before. */
    holdValidDays: z.number().int().min(1).max(30).default(7),
  })
  .strict();
export type OppConfig = z.infer<typeof OppConfigSchema>;

/**
 * Worldnet (Payroc): a hosted payment page the customer's phone opens from the
 * link (the till's own page posts the signed request to Worldnet), results by
 * background validation to the till's listener, status and refunds through
 * the Merchant API when an API key is set. What Worldnet does not publish is
 * configurable here; docs/WORLDNET.md says what Kassa chose.
 */
export const WorldnetConfigSchema = z
  .object({
    /** Worldnet's host; its test host in training, its live host in live mode (UNVERIFIED) when absent. */
    baseUrl: z.url({ protocol: /^https?$/, normalize: true }).optional(),
    /** The terminal id as Selfcare shows it. */
    terminalId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{1,50}$/, 'must be the terminal id as Selfcare shows it (letters and digits)'),
    /** The terminal's shared secret: both hashes use it. Required outside demo mode; kept in the vault. */
    secret: SecretSchema.optional(),
    /** `multi`: a multi-currency ("MC") terminal, whose hashes carry the currency. */
    currencyMode: z.enum(['single', 'multi']).default('single'),
    /** The Merchant API key: without it, no status questions and no refunds. Kept in the vault. */
    apiKey: SecretSchema.optional(),
    /** An ISV integration's id, sent as `X-Integration-ID`. */
    integrationId: PortalIdSchema.optional(),
    paymentPagePath: z
      .string()
      .regex(/^(\/[A-Za-z0-9._-]+)+$/, 'must be a path such as /merchant/paymentpage')
      .default('/merchant/paymentpage'),
    apiPath: z
      .string()
      .regex(/^(\/[A-Za-z0-9._-]+)+$/, 'must be a path such as /merchant/api/v1')
      .default('/merchant/api/v1'),
    /** Where Worldnet shows the customer its receipt page; Worldnet's terminal setting when absent. */
    receiptPageUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict();
export type WorldnetConfig = z.infer<typeof WorldnetConfigSchema>;

/** How long a link lives, as the till asks for it; the gateway's answer is what counts. */
export const LINK_EXPIRY_MINUTES = { default: 15, min: 2, max: 7 * 24 * 60 } as const;

const ONLINE_COMMON = {
  /** The expiry the till asks for on each link; what the gateway answers is shown and kept. */
  linkExpiryMinutes: z
    .number()
    .int()
    .min(LINK_EXPIRY_MINUTES.min)
    .max(LINK_EXPIRY_MINUTES.max)
    .default(LINK_EXPIRY_MINUTES.default),
  /**
   * After the link's expiry, how long the till still waits for the gateway's word before it asks
   * (a payment started a second before expiry may take that long to settle).
   */
  graceSeconds: z.number().int().min(0).max(3_600).default(120),
  /**
   * How often the till asks the gateway about a live link while it waits for the webhook, so a lost
   * webhook costs this long and not the link's whole life. No published limit (UNVERIFIED); 5 s at least.
   */
  askEverySeconds: z.number().int().min(5).max(600).default(10),
};

export const OnlinePaymentsConfigSchema = z.discriminatedUnion(
  'provider',
  [
    z
      .object({
        provider: z.literal('worldline-direct'),
        ...ONLINE_COMMON,
        worldlineDirect: WorldlineDirectConfigSchema,
      })
      .strict(),
    z
      .object({
        provider: z.literal('opp'),
        ...ONLINE_COMMON,
        opp: OppConfigSchema,
      })
      .strict(),
    z
      .object({
        provider: z.literal('worldnet'),
        ...ONLINE_COMMON,
        worldnet: WorldnetConfigSchema,
      })
      .strict(),
  ],
  { error: 'provider must be "worldline-direct", "opp" or "worldnet"' },
);
export type OnlinePaymentsConfig = z.infer<typeof OnlinePaymentsConfigSchema>;
export type OnlineGateway = OnlinePaymentsConfig['provider'];

/** Whether a payment book's provider name is an online gateway's: its attempts are links, not cards. */
export function isOnlineGateway(provider: string): boolean {
  return OnlinePaymentsConfigSchema.options.some((option) => option.shape.provider.value === provider);
}

/** What a demo till without an `online` section gets: a merchant on the embedded simulator. */
export const DEMO_ONLINE_GATEWAY = {
  provider: 'worldline-direct',
  worldlineDirect: { merchantId: 'KassaDemoShop', apiKeyId: 'KASSA-DEMO-KEY', webhookKeyId: 'KASSA-DEMO-WEBHOOK' },
} as const;

/** Each gateway's demo merchant on its embedded simulator (`kassa pay --gateway`); the first is the default. */
export const DEMO_ONLINE_GATEWAYS = {
  'worldline-direct': DEMO_ONLINE_GATEWAY,
  opp: { provider: 'opp', opp: { entityId: '8ac7a4c8kassademo000000000000001' } },
  worldnet: { provider: 'worldnet', worldnet: { terminalId: '6491002' } },
} as const satisfies Record<OnlineGateway, unknown>;
