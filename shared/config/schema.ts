import { z } from 'zod';
import { EnrolmentCodeSchema } from '../hq/hq-contract.ts';
import { CurrencyCodeSchema, decimalStringToMinor } from '../money.ts';
import { EmailAddressSchema } from '../receipt-mail/receipt-mail.ts';
import { StaffMemberConfigSchema } from '../staff/staff.ts';
import { OnlinePaymentsConfigSchema } from './online-schema.ts';

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

/** The language of the cashier's words and the customer's receipts. */
export const LanguageSchema = z.enum(['en', 'nl']);
export type Language = z.infer<typeof LanguageSchema>;

/**
 * An API key goes into an HTTP header: printable ASCII without spaces. A
 * control character would make the request fail with an error that quotes
 * the header, key and all.
 */
export const ApiKeySchema = z
  .string()
  .trim()
  .regex(/^[\x21-\x7E]+$/, 'must be the key as issued: letters, digits and punctuation, no spaces');

/** Adyen's live data centres; the test environment has one host for all. */
export const AdyenRegionSchema = z.enum(['eu', 'us', 'au', 'apse']);
export type AdyenRegion = z.infer<typeof AdyenRegionSchema>;

/**
 * How the till reaches one cloud-connected Adyen terminal. The environment
 * follows the till's mode unless given, and must agree with it, so a training
 * till cannot charge real cards and a live till cannot talk to a test
 * terminal by accident; a demo till uses the embedded simulator. `baseUrl`
 * overrides the host derived from environment and region (a standalone
 * `kassa simulator`, a proxy). The API key is a secret: it stays in the main
 * process, is never logged and may come from KASSA_ADYEN_API_KEY instead.
 */
export const AdyenPaymentConfigSchema = z
  .object({
    environment: z.enum(['test', 'live']).optional(),
    region: AdyenRegionSchema.default('eu'),
    /** `cloud-device`: the Cloud device API Adyen recommends; `terminal-api`: the older `/sync` and `/async` hosts. */
    api: z.enum(['cloud-device', 'terminal-api']).default('cloud-device'),
    baseUrl: z.url({ protocol: /^https?$/, normalize: true }).optional(),
    apiKey: ApiKeySchema.optional(),
    merchantAccount: z.string().trim().min(1).max(80),
    /** The terminal's ID, `[model]-[serial]`, e.g. `P400Plus-123456789`. */
    poiId: z.string().regex(/^[A-Za-z0-9]+-[A-Za-z0-9]+$/, 'must look like MODEL-SERIAL, e.g. P400Plus-123456789'),
    /** Names this till in every Terminal API message; the till's id when absent. */
    saleId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,40}$/, 'must be 1–40 letters, digits, dots, dashes or underscores')
      .optional(),
  })
  .strict();
export type AdyenPaymentConfig = z.infer<typeof AdyenPaymentConfigSchema>;

/**
 * How the till reaches one Worldline terminal through Worldline's cloud
 * Terminal API. Worldline publishes only its integration host; a live till
 * needs the address Worldline gives with its API key. `merchantId` and
 * `terminalId` are the UMID and UTID in the request path. A demo till without
 * `baseUrl` uses the embedded Worldline simulator. The API key is a secret,
 * like Adyen's: main process only, never logged, or KASSA_WORLDLINE_API_KEY.
 */
export const WorldlinePaymentConfigSchema = z
  .object({
    environment: z.enum(['test', 'live']).optional(),
    baseUrl: z.url({ protocol: /^https?$/, normalize: true }).optional(),
    apiKey: ApiKeySchema.optional(),
    /** The merchant's UMID. */
    merchantId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be the UMID: 1–64 letters, digits, dots, dashes or underscores'),
    /** The terminal's UTID. */
    terminalId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be the UTID: 1–64 letters, digits, dots, dashes or underscores'),
    /** Names this till in every request (Header.InitiatingParty); the till's id when absent. */
    initiatingPartyId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,35}$/, 'must be 1–35 letters, digits, dots, dashes or underscores')
      .optional(),
    /** How often Worldline's cloud tries to deliver a result to the till (Header.NumberOfRetries). */
    webhookRetries: z.number().int().min(1).max(10).default(3),
  })
  .strict();
export type WorldlinePaymentConfig = z.infer<typeof WorldlinePaymentConfigSchema>;

/** The longest a till may wait for a card result before it asks the terminal, and the shortest that makes sense. */
export const RESULT_TIMEOUT_SECONDS = { default: 150, min: 5, max: 600 } as const;

const PAYMENT_COMMON = {
  /** `sync`: the result comes back on the held request; `async`: to the till's webhook listener. */
  mode: z.enum(['sync', 'async']).default('sync'),
  /** No result after this long: ask the terminal for the transaction's status (150 s for both clouds). */
  resultTimeoutSeconds: z
    .number()
    .int()
    .min(RESULT_TIMEOUT_SECONDS.min)
    .max(RESULT_TIMEOUT_SECONDS.max)
    .default(RESULT_TIMEOUT_SECONDS.default),
};

export const PaymentConfigSchema = z.discriminatedUnion(
  'provider',
  [
    z.object({ provider: z.literal('adyen'), ...PAYMENT_COMMON, adyen: AdyenPaymentConfigSchema }).strict(),
    z.object({ provider: z.literal('worldline'), ...PAYMENT_COMMON, worldline: WorldlinePaymentConfigSchema }).strict(),
  ],
  { error: 'provider must be "adyen" or "worldline"' },
);
export type PaymentConfig = z.infer<typeof PaymentConfigSchema>;
export type PaymentProvider = PaymentConfig['provider'];
/** Every provider the schema takes, in its order: the registry and the tests that run on every provider read it. */
export const PAYMENT_PROVIDERS: readonly PaymentProvider[] = PaymentConfigSchema.options.map(
  (option) => option.shape.provider.value,
);

/**
 * Where the till listens for card results. Adyen's event notifications
 * (results in async mode, terminal displays and events in both) come with
 * `username` and `password` by basic auth; Worldline posts each result to the
 * address the till gave with that request, under `publicUrl`, authenticated
 * by a token made for that one request. Plain HTTP: TLS ends at the store's proxy.
 */
export const WebhooksConfigSchema = z
  .object({
    /** `host:port`, e.g. `0.0.0.0:8443`; port 0 picks a free one. */
    listen: z
      .string()
      .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/, 'must be host:port, e.g. 0.0.0.0:8443')
      .refine((value) => Number(value.slice(value.lastIndexOf(':') + 1)) <= 65_535, 'port must be at most 65535'),
    /** Adyen only: the basic auth Adyen's event URL sends. */
    username: z.string().min(1).max(200).optional(),
    password: z.string().min(12, 'must be at least 12 characters').max(200).optional(),
    /**
     * How the payment cloud reaches `listen` (a reverse proxy in front of it,
     * usually). Adyen: the event URL set in the Customer Area, which only
     * `kassa doctor` reads. Worldline: required in async mode; each request's
     * WebhookUrl is made under it.
     */
    publicUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) address' }).optional(),
  })
  .strict();
export type WebhooksConfig = z.infer<typeof WebhooksConfigSchema>;

export const JournalConfigSchema = z
  .object({
    /** The till's SQLite journal; `journal.sqlite` in the app's data directory when absent. */
    path: z.string().trim().min(1).optional(),
  })
  .strict();

export const CatalogConfigSchema = z
  .object({
    /** The products this till sells, as CSV or JSON; the shipped sample catalogue when absent. */
    path: z.string().trim().min(1).optional(),
  })
  .strict();

/**
 * Where receipts go. One URL names the way to the printer:
 * - `tcp://host[:port]`: a network printer's raw port (9100 when not given);
 * - `file:///dev/usb/lp0`: a USB printer's device file (or a virtual COM port);
 * - `cups://QUEUE`: a CUPS queue that passes raw data (`lp -d QUEUE -o raw`);
 * - `html://` or `html://Printer%20Name`: the system printer through Electron,
 *   for printers that do not speak ESC/POS (desktop app only);
 * - `none`: no printer; receipts are only shown on screen.
 */
export const PrinterUrlSchema = z
  .string()
  .trim()
  .regex(
    /^(none|tcp:\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?\/?|file:\/\/\/\S+|cups:\/\/[A-Za-z0-9._-]+|html:\/\/\S*)$/,
    'must be tcp://host:9100, file:///dev/usb/lp0, cups://QUEUE, html://[printer name] or none',
  );

/** The command sets of receiptline that speak ESC/POS, so status (DLE EOT) and drawer (ESC p) work. */
export const PrinterCommandSetSchema = z.enum(['escpos', 'epson', 'generic', 'citizen', 'sii', 'fit']);

/** Code pages receiptline can print in; `cp858` is cp850 with the euro sign. */
export const PrinterCodePageSchema = z.enum([
  'cp437',
  'cp852',
  'cp858',
  'cp860',
  'cp863',
  'cp865',
  'cp866',
  'cp1252',
  'multilingual',
]);

export const DrawerConfigSchema = z
  .object({
    /** The drawer kick connector pin the drawer is wired to. */
    pin: z.union([z.literal(2), z.literal(5)]).default(2),
    /** How long the kick pulse is on; ESC p counts in 2 ms steps up to 510 ms. Most drawers want 50–200 ms. */
    pulseMs: z.number().int().min(2).max(510).default(100),
  })
  .strict();

export const PrinterConfigSchema = z
  .object({
    url: PrinterUrlSchema,
    /** Paper roll width in millimetres. */
    paperWidth: z.union([z.literal(58), z.literal(80)], { error: 'must be 58 or 80 (mm)' }).default(80),
    /** Characters per line in the normal font; 48 on 80 mm paper and 32 on 58 mm when absent. */
    charactersPerLine: z.number().int().min(24).max(64).optional(),
    codePage: PrinterCodePageSchema.default('cp858'),
    commandSet: PrinterCommandSetSchema.default('escpos'),
    /** The cash drawer hanging off this printer; absent when there is none. */
    drawer: DrawerConfigSchema.optional(),
    /** How long to wait for the printer to accept a connection, and to take a job. */
    connectTimeoutMs: z.number().int().min(200).max(30_000).default(3_000),
    writeTimeoutMs: z.number().int().min(500).max(120_000).default(10_000),
  })
  .strict()
  .superRefine((printer, context) => {
    const port = /^tcp:\/\/.*:(\d+)\/?$/.exec(printer.url)?.[1];
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) {
      context.addIssue({ code: 'custom', path: ['url'], message: 'port must be between 1 and 65535' });
    }
    if (printer.drawer !== undefined && (printer.url === 'none' || printer.url.startsWith('html:'))) {
      context.addIssue({
        code: 'custom',
        path: ['drawer'],
        message: 'a cash drawer is kicked by an ESC/POS printer: use a tcp://, file:// or cups:// printer',
      });
    }
  });
export type PrinterConfig = z.infer<typeof PrinterConfigSchema>;

/** Where the till hands e-mail to be sent: the store's mail server, or its provider's. */
export const SmtpConfigSchema = z
  .object({
    host: z
      .string()
      .trim()
      .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253})$/, 'must be a host name or address, e.g. smtp.example.com'),
    /** 587 (submission, STARTTLS) by default; 465 with `secure`. */
    port: z.number().int().min(1).max(65_535).default(587),
    /** true: TLS from the first byte (port 465). false: STARTTLS, which the till insists on whenever it logs in. */
    secure: z.boolean().default(false),
    user: z.string().min(1).max(200).optional(),
    /** A secret, like the payment API key: never sent to the screen, never logged, sealed in the vault. */
    password: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((smtp) => (smtp.user === undefined) === (smtp.password === undefined), {
    error: 'give both user and password, or neither',
    path: ['password'],
  });
export type SmtpConfig = z.infer<typeof SmtpConfigSchema>;

/** The subject when the configuration gives none; `{store}` and `{receipt}` are filled in. */
export const DEFAULT_RECEIPT_SUBJECT = 'Your receipt {receipt} from {store}';

/**
 * Receipts by e-mail. Absent: the till offers none. The customer's address is
 * erased from the till's database once the receipt has gone, unless
 * `keepAddress` says the store keeps it.
 */
export const ReceiptEmailConfigSchema = z
  .object({
    smtp: SmtpConfigSchema,
    /** The sender, e.g. "De Hoek <bonnen@dehoek.example>" or bonnen@dehoek.example. */
    from: z
      .string()
      .trim()
      .min(3)
      .max(320)
      .refine(
        (from) => EmailAddressSchema.safeParse(/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).success,
        'must be an address, or a name with an address in <>, e.g. De Hoek <bonnen@dehoek.example>',
      ),
    /** `{store}` and `{receipt}` are replaced with the store's name and the receipt number. */
    subject: z.string().trim().min(1).max(200).default(DEFAULT_RECEIPT_SUBJECT),
    keepAddress: z.boolean().default(false),
  })
  .strict();
export type ReceiptEmailConfig = z.infer<typeof ReceiptEmailConfigSchema>;

/** A percentage with at most two decimals, 0–100: `10`, `12.5`. */
const PercentSchema = z
  .number()
  .min(0)
  .max(100)
  .refine((percent) => Math.abs(percent * 100 - Math.round(percent * 100)) < 1e-9, 'must have at most two decimals');

/** 12.5 % → 1250 basis points; exact for what PercentSchema lets through. */
export function percentToBasisPoints(percent: number): number {
  return Math.round(percent * 100);
}

/** What a person of one role may do to a price without a manager approving it at the till. */
export const RoleLimitsSchema = z
  .object({
    /** The largest discount on a line, as a percentage of what the line comes to before it. */
    maxDiscountPercent: PercentSchema,
    /** Whether they may type a price in place of the catalogue's. */
    priceOverride: z.boolean(),
  })
  .strict();
export type RoleLimits = z.infer<typeof RoleLimitsSchema>;

export const DEFAULT_ROLE_LIMITS = {
  cashier: { maxDiscountPercent: 10, priceOverride: false },
  manager: { maxDiscountPercent: 100, priceOverride: true },
} as const satisfies Record<'cashier' | 'manager', RoleLimits>;

/**
 * A key for goods without a code (a department, "misc"): the cashier types
 * the price, up to `maxPrice`, and the line is audited like a price override.
 */
export const OpenItemConfigSchema = z
  .object({
    /** What the line and the receipt carry as its article number; must not be a catalogue SKU. */
    sku: z.string().trim().min(1).max(40),
    name: z.string().trim().min(1).max(80),
    /** Percent, as in the catalogue: 21, 9, 9.5. */
    vatRate: PercentSchema,
    /** The highest price the cashier may type, in the till's currency with a dot: "250.00". */
    maxPrice: z.string().regex(/^\d{1,9}(\.\d{1,3})?$/, 'must be an amount such as 250.00'),
  })
  .strict();
export type OpenItemConfig = z.infer<typeof OpenItemConfigSchema>;

/**
 * The cashier's safety net for cash typed by mistake (a barcode, a few zeros
 * too many): the screen asks "Take X in cash for Y due?" before it sends cash
 * that is more than `timesDue` times what is due, or that would give more
 * than `changeAbove` in change. Main still takes any cash it is sent.
 */
export const CashConfirmConfigSchema = z
  .object({
    timesDue: z.number().min(2).max(10_000).default(20),
    /** In the till's currency with a dot: "1000", "250.50". Default 1000. */
    changeAbove: z
      .string()
      .regex(/^\d{1,9}(\.\d{1,3})?$/, 'must be an amount such as 1000.00')
      .default('1000'),
  })
  .strict();
export type CashConfirmConfig = z.infer<typeof CashConfirmConfigSchema>;
export const DEFAULT_CASH_CONFIRM = { timesDue: 20, changeAbove: '1000' } as const satisfies CashConfirmConfig;

export const SellingConfigSchema = z
  .object({
    limits: z
      .object({
        cashier: RoleLimitsSchema.default(DEFAULT_ROLE_LIMITS.cashier),
        manager: RoleLimitsSchema.default(DEFAULT_ROLE_LIMITS.manager),
      })
      .strict()
      .default(DEFAULT_ROLE_LIMITS),
    openItems: z
      .array(OpenItemConfigSchema)
      .max(50)
      // Codes are looked up without regard to case, as catalogue SKUs are.
      .refine(
        (items) => new Set(items.map((item) => item.sku.toLowerCase())).size === items.length,
        'each open item sku must be unique',
      )
      .default([]),
    /**
     * Cash rounding, where law or custom asks for it (the Netherlands,
     * Belgium, Finland, Switzerland: 5 for 0.05): cash that settles a sale
     * pays the amount due rounded to this many minor units, halves up. Cards
     * are never rounded. Absent: no rounding.
     */
    cashRounding: z
      .object({ incrementMinor: z.number().int().min(1).max(100) })
      .strict()
      .optional(),
    cashConfirm: CashConfirmConfigSchema.default(DEFAULT_CASH_CONFIRM),
  })
  .strict();
export type SellingConfig = z.infer<typeof SellingConfigSchema>;

/**
 * How the screen looks: `light` (the default), `dark` for a dim shop, `high-contrast`
 * for bright light or weak eyes. The cashier may pick another on the till; that choice
 * is kept on that till only.
 */
export const ThemeSchema = z.enum(['light', 'dark', 'high-contrast']);
export type Theme = z.infer<typeof ThemeSchema>;

export const DisplayConfigSchema = z
  .object({
    theme: ThemeSchema.default('light'),
    /** Short tones on a scan the till could not add and on a declined card. */
    sounds: z.boolean().default(true),
  })
  .strict();

/** The longest a till may sit idle before it locks itself, and the default. */
export const IDLE_LOCK_MINUTES = { default: 5, max: 240 } as const;

/**
 * Kassa HQ, where the till sends every record it keeps (shared/hq/hq-contract.ts). The till enrols once
 * with a one-time code from HQ (`kassa hq enrol`, or by itself at start when `enrolmentCode` is here) and
 * from then on pushes its outbox. `relayWebhooks`: Adyen posts to HQ, and the till fetches them over its
 * own connection, so a till behind a router needs no port open from outside (no `webhooks` section).
 */
export const HqTillConfigSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'must be the http(s) address of Kassa HQ' }),
    /** Kept in the vault like the other secrets; used once. */
    enrolmentCode: z
      .string()
      .refine(
        (code) => EnrolmentCodeSchema.safeParse(code).success,
        'must be the 16-character code HQ gave (e.g. ABCD-EFGH-JKLM-NPQR)',
      )
      .optional(),
    relayWebhooks: z.boolean().default(false),
    /** How often the till looks for records to send when nothing woke it. */
    pushEverySeconds: z.number().int().min(1).max(300).default(5),
  })
  .strict();
export type HqTillConfig = z.infer<typeof HqTillConfigSchema>;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An https address, or plain http to this machine: where a key or signature may travel. */
function isHttpsOrLoopback(address: string): boolean {
  // shared/ has no URL global; zod has already checked it is an http(s) URL.
  const url = /^(https?):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^/:?#]*)/i.exec(address);
  if (url === null) return false;
  const [, scheme, host] = url;
  return scheme?.toLowerCase() === 'https' || LOOPBACK_HOSTS.has(host?.toLowerCase() ?? '');
}

/**
 * The terminal a demo till gets when its configuration names only the
 * provider (`{ "payment": { "provider": "worldline" } }`): one terminal on
 * that provider's embedded simulator, named as the simulator names it.
 */
export const DEMO_TERMINALS = {
  adyen: { poiId: 'P400Plus-100000001', merchantAccount: 'KassaSimulatorMerchant' },
  worldline: { merchantId: 'KassaSimulatorMerchant', terminalId: '60001234' },
} as const satisfies Record<PaymentProvider, object>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isProvider = (value: unknown): value is PaymentProvider =>
  typeof value === 'string' && Object.hasOwn(DEMO_TERMINALS, value);

/** Fills in the demo terminal of a demo till whose payment section names only the provider. */
function withDemoTerminal(input: unknown): unknown {
  if (!isRecord(input) || input.mode !== 'demo' || !isRecord(input.payment)) return input;
  const payment = input.payment;
  const provider = payment.provider;
  if (!isProvider(provider)) return input;
  // A section of any provider's, even the wrong one, is the configuration's to answer for.
  if (Object.keys(DEMO_TERMINALS).some((name) => name in payment)) return input;
  return { ...input, payment: { ...payment, [provider]: DEMO_TERMINALS[provider] } };
}

const TillConfigObjectSchema = z
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
    /** The words on screen and on receipts: "en" (default) or "nl". Amounts and dates follow `locale`. */
    language: LanguageSchema.default('en'),
    currency: CurrencyCodeSchema,
    mode: TillModeSchema,
    /**
     * Card payments. Absent: a demo till gets a simulated terminal, any other
     * till takes no cards; `null`: no cards, in any mode.
     */
    payment: PaymentConfigSchema.nullable().optional(),
    /**
     * Pay by link / QR and refunds of online payments (shared/config/online-schema.ts). Absent: a demo
     * till gets the embedded gateway simulator, any other till takes no link payments; `null`: none.
     */
    online: OnlinePaymentsConfigSchema.nullable().optional(),
    webhooks: WebhooksConfigSchema.optional(),
    /** Kassa HQ; absent: the till keeps its records to itself. */
    hq: HqTillConfigSchema.optional(),
    journal: JournalConfigSchema.optional(),
    catalog: CatalogConfigSchema.optional(),
    /** The receipt printer; absent: no printer, receipts are shown on screen only. */
    printer: PrinterConfigSchema.optional(),
    /**
     * Updates the desktop app fetches itself from an internal server (electron-updater's
     * generic provider: the folder holding latest.yml and the installers). Absent: off,
     * as in most estates, which push installers with their own tools.
     */
    updates: z
      .object({
        // What is downloaded here is installed and run: only over TLS, so nobody on the way can swap it.
        url: z.url({ protocol: /^https$/, error: 'must be the https address of the update folder' }),
        /** How often to look for a new version. */
        checkEveryHours: z.number().int().min(1).max(168).default(6),
      })
      .strict()
      .optional(),
    /** How the desktop app keeps the secrets IT puts in the machine file (see electron/secrets/). */
    secrets: z
      .object({
        /**
         * Linux without a keyring gives Electron's safeStorage only a fixed, built-in key
         * ("basic_text"): no protection. Secrets then stay in the machine file unless IT says
         * this is acceptable here.
         */
        allowBasicTextStore: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /** Receipts beyond the paper: by e-mail when `email` is set. */
    receipts: z
      .object({
        email: ReceiptEmailConfigSchema.optional(),
      })
      .strict()
      .optional(),
    /** Discount and price-override limits per role, and open items (keys for goods without a code). */
    selling: SellingConfigSchema.optional(),
    /** How the screen looks; absent: the light theme. */
    display: DisplayConfigSchema.optional(),
    /** How the till protects an unattended screen, with staff set up. */
    session: z
      .object({
        /** Locks the till after this many minutes without input (never during a payment); 0 never locks. */
        idleLockMinutes: z.number().int().min(0).max(IDLE_LOCK_MINUTES.max).default(IDLE_LOCK_MINUTES.default),
      })
      .strict()
      .optional(),
    /** Who may work this till; absent or empty: no login, anyone at the till may sell. */
    staff: z
      .array(StaffMemberConfigSchema)
      .max(500)
      .refine(
        (staff) => new Set(staff.map((member) => member.id)).size === staff.length,
        'each staff id must be unique',
      )
      .optional(),
  })
  .strict()
  .superRefine((config, context) => {
    const direct = config.online?.provider === 'worldline-direct' ? config.online.worldlineDirect : undefined;
    if (direct !== undefined && config.mode !== 'demo') {
      for (const key of ['secretApiKey', 'webhookSecret'] as const) {
        if (direct[key] === undefined) {
          context.addIssue({
            code: 'custom',
            path: ['online', 'worldlineDirect', key],
            message: `is required outside demo mode (from the Merchant Portal); it is kept in the vault, never logged`,
          });
        }
      }
      if (direct.baseUrl !== undefined && !isHttpsOrLoopback(direct.baseUrl)) {
        context.addIssue({
          code: 'custom',
          path: ['online', 'worldlineDirect', 'baseUrl'],
          message: 'must be https (or loopback): the API key signs every request',
        });
      }
    }
    const opp = config.online?.provider === 'opp' ? config.online.opp : undefined;
    if (opp !== undefined && config.mode !== 'demo') {
      for (const key of ['accessToken', 'webhookSecret'] as const) {
        if (opp[key] === undefined) {
          context.addIssue({
            code: 'custom',
            path: ['online', 'opp', key],
            message: `is required outside demo mode (from ACI's back office); it is kept in the vault, never logged`,
          });
        }
      }
      if (opp.baseUrl !== undefined && !isHttpsOrLoopback(opp.baseUrl)) {
        context.addIssue({
          code: 'custom',
          path: ['online', 'opp', 'baseUrl'],
          message: 'must be https (or loopback): the access token goes with every request',
        });
      }
    }
    const worldnet = config.online?.provider === 'worldnet' ? config.online.worldnet : undefined;
    if (worldnet !== undefined && config.mode !== 'demo') {
      if (worldnet.secret === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['online', 'worldnet', 'secret'],
          message:
            'is required outside demo mode (the terminal’s secret in Selfcare); it is kept in the vault, never logged',
        });
      }
      if (worldnet.baseUrl !== undefined && !isHttpsOrLoopback(worldnet.baseUrl)) {
        context.addIssue({
          code: 'custom',
          path: ['online', 'worldnet', 'baseUrl'],
          message: 'must be https (or loopback): the API key goes with every request',
        });
      }
      if (config.webhooks?.publicUrl === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['webhooks', 'publicUrl'],
          message:
            'is required for Worldnet outside demo mode: the customer’s phone opens the link there, and Worldnet posts its results there',
        });
      }
    }
    for (const [index, item] of (config.selling?.openItems ?? []).entries()) {
      try {
        decimalStringToMinor(item.maxPrice, config.currency);
      } catch {
        context.addIssue({
          code: 'custom',
          path: ['selling', 'openItems', index, 'maxPrice'],
          message: `has more decimals than ${config.currency} has`,
        });
      }
    }
    const changeAbove = config.selling?.cashConfirm.changeAbove;
    if (changeAbove !== undefined) {
      try {
        decimalStringToMinor(changeAbove, config.currency);
      } catch {
        context.addIssue({
          code: 'custom',
          path: ['selling', 'cashConfirm', 'changeAbove'],
          message: `has more decimals than ${config.currency} has`,
        });
      }
    }
    const hq = config.hq;
    if (hq !== undefined) {
      // The till's token goes with every push: outside demo mode only over TLS, or to this machine.
      if (config.mode !== 'demo' && !isHttpsOrLoopback(hq.url)) {
        context.addIssue({
          code: 'custom',
          path: ['hq', 'url'],
          message: `must use https in ${config.mode} mode, or point at this machine (127.0.0.1): the till's token goes with every request`,
        });
      }
      if (/^https?:\/\/[^/?#]*@/i.test(hq.url)) {
        context.addIssue({
          code: 'custom',
          path: ['hq', 'url'],
          message:
            'must not contain a user name or password; the till proves who it is with the token it gets at enrolment',
        });
      }
      if (hq.relayWebhooks && config.payment?.provider === 'worldline') {
        context.addIssue({
          code: 'custom',
          path: ['hq', 'relayWebhooks'],
          message: "HQ relays Adyen's notifications only; a Worldline till needs its own webhooks section",
        });
      }
    }
    const payment = config.payment;
    const worldline = payment?.provider === 'worldline';
    if (config.webhooks !== undefined && !worldline) {
      for (const key of ['username', 'password'] as const) {
        if (config.webhooks[key] === undefined) {
          context.addIssue({
            code: 'custom',
            path: ['webhooks', key],
            message: "is needed: Adyen's event URL sends it with every notification",
          });
        }
      }
    }
    if (payment === null || payment === undefined) return;
    const provider = payment.provider === 'adyen' ? payment.adyen : payment.worldline;
    const section = ['payment', payment.provider] as const;
    const name = payment.provider === 'adyen' ? 'Adyen' : 'Worldline';
    const expected = config.mode === 'live' ? 'live' : 'test';
    if (config.mode !== 'demo' && provider.environment !== undefined && provider.environment !== expected) {
      context.addIssue({
        code: 'custom',
        path: [...section, 'environment'],
        message: `a ${config.mode} till uses ${name}'s ${expected} environment`,
      });
    }
    if (worldline && config.mode === 'live' && provider.baseUrl === undefined) {
      context.addIssue({
        code: 'custom',
        path: [...section, 'baseUrl'],
        message: 'a live till needs the Terminal API address Worldline gave with its API key',
      });
    }
    const simulated = config.mode === 'demo' && provider.baseUrl === undefined;
    // Adyen's results may come through HQ instead of to a listener of the till's own.
    const relayed = !worldline && config.hq?.relayWebhooks === true;
    if (payment.mode === 'async' && !simulated) {
      if (config.webhooks === undefined && !relayed) {
        context.addIssue({
          code: 'custom',
          path: ['payment', 'mode'],
          message: worldline
            ? 'async needs a webhooks section (listen, publicUrl) where Worldline can deliver results'
            : 'async needs a webhooks section (listen, username, password) where Adyen can deliver results, or hq.relayWebhooks: true to have them through Kassa HQ',
        });
      } else if (worldline && config.webhooks?.publicUrl === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['webhooks', 'publicUrl'],
          message: "is needed for Worldline's async mode: results are posted to addresses under it",
        });
      } else if (worldline && config.mode !== 'demo' && !/^https:/i.test(config.webhooks?.publicUrl ?? '')) {
        // Each address carries the token that proves a result genuine: only over TLS.
        context.addIssue({
          code: 'custom',
          path: ['webhooks', 'publicUrl'],
          message: `must use https in ${config.mode} mode: Worldline's results carry their token in it`,
        });
      }
    }
    const baseUrl = provider.baseUrl;
    if (baseUrl === undefined) return;
    // shared/ has no URL global; zod has already checked it is an http(s) URL.
    const url = /^(https?):\/\/(?:([^@/?#]*)@)?(\[[^\]]*\]|[^/:?#]*)/i.exec(baseUrl);
    if (url === null) return;
    const [, scheme, userinfo, host] = url;
    if (userinfo !== undefined) {
      context.addIssue({
        code: 'custom',
        path: [...section, 'baseUrl'],
        message: `must not contain a user name or password; the API key goes in payment.${payment.provider}.apiKey`,
      });
    }
    // The API key travels in a header: outside demo mode only over TLS, or to this machine.
    if (config.mode !== 'demo' && scheme?.toLowerCase() === 'http' && !LOOPBACK_HOSTS.has(host?.toLowerCase() ?? '')) {
      context.addIssue({
        code: 'custom',
        path: [...section, 'baseUrl'],
        message: `must use https in ${config.mode} mode, or point at this machine (127.0.0.1)`,
      });
    }
  });

export const TillConfigSchema = z.preprocess(withDemoTerminal, TillConfigObjectSchema);

export type TillConfig = z.infer<typeof TillConfigSchema>;
