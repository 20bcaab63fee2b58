import { z } from 'zod';

/**
 * Kassa HQ's own configuration file (JSON), checked once when HQ starts. Every
 * key has a default except the secrets, so `kassa hq serve` runs on a fresh
 * machine (embedded PostgreSQL in a data folder, loopback only). Secrets can
 * come from the environment instead of the file (see `HQ_ENV`), which wins.
 */

/** Environment variables that override the file: secrets and the database address stay out of files IT shares. */
export const HQ_ENV = {
  configFile: 'KASSA_HQ_CONFIG',
  database: 'KASSA_HQ_DATABASE',
  sessionSecret: 'KASSA_HQ_SESSION_SECRET',
  adyenUsername: 'KASSA_HQ_ADYEN_USERNAME',
  adyenPassword: 'KASSA_HQ_ADYEN_PASSWORD',
} as const;

export const DEFAULT_HQ_LISTEN = '127.0.0.1:4320';

/** Connections HQ's pool opens to a PostgreSQL server: how many pushes the database writes at once. */
export const HQ_POOL_CONNECTIONS = 10;

/** One push writing on each connection and one read and checked, ready to take its place. */
export const DEFAULT_PUSHES_AT_ONCE = 2 * HQ_POOL_CONNECTIONS;

/** `host:port`, IPv6 hosts in brackets (`[::1]:4320`); port 0 picks a free one. */
export const ListenAddressSchema = z
  .string()
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'must be host:port, such as 0.0.0.0:4320 or [::1]:4320')
  .refine((listen) => Number(listen.slice(listen.lastIndexOf(':') + 1)) <= 65_535, 'the port must be 0 to 65535');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const HqConfigSchema = z
  .object({
    listen: ListenAddressSchema.default(DEFAULT_HQ_LISTEN),
    /**
     * The address tills, browsers and Adyen use (https behind a proxy). Login cookies are marked Secure when it
     * is https, and a form is only accepted from its origin. Absent: the address HQ listens on.
     */
    publicUrl: z
      .url({ protocol: /^https?$/, message: 'must be an http:// or https:// address' })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    /** postgres://… of a PostgreSQL server; absent, HQ keeps its database in `dataDir` (embedded PostgreSQL). */
    database: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// address')
      .optional(),
    /** Folder of the embedded database when there is no `database`. */
    dataDir: z.string().min(1).optional(),
    /** Business days and hours on the page are counted in this IANA time zone. */
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone, such as Europe/Amsterdam').default('UTC'),
    /**
     * Signs the head-office page's login cookies. Every HQ instance must share it so any of them can check a
     * login (nothing about sessions is stored). With embedded PostgreSQL and none given, HQ makes one once and
     * keeps it in the data folder.
     */
    sessionSecret: z.string().min(32, 'must be at least 32 characters').optional(),
    /**
     * How many tills' pushes one HQ instance reads, checks and writes at once (absent: `DEFAULT_PUSHES_AT_ONCE`).
     * Others wait their turn unread, so memory follows this, not the number of tills. At most 100: past a few
     * per database connection, more only holds batches (of up to 8 MiB each) in memory.
     */
    pushesAtOnce: z.number().int().min(1).max(100).optional(),
    /** How long a code from `kassa hq code` can be used to enrol a till. */
    enrolmentCodeDays: z.number().int().min(1).max(90).default(7),
    webhooks: z
      .object({
        /** Basic auth Adyen sends to HQ's event URL (Customer Area → terminal settings → Event URLs). */
        adyen: z
          .object({
            username: z.string().min(1),
            password: z.string().min(12, 'must be at least 12 characters'),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type HqConfig = z.infer<typeof HqConfigSchema>;

/** A configuration HQ can serve with: the session secret settled (given, from the environment, or generated). */
export type ServingHqConfig = HqConfig & { readonly sessionSecret: string };
