import path from 'node:path';
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { ShopIdSchema } from '../../shared/hq/hq-contract.ts';
import { ListenAddressSchema, type HqConfig } from '../../shared/hq/hq-config.ts';
import { ConfigError } from '../config/load-config.ts';
import { defaultDataDir } from '../config/data-dir.ts';
import type { Logger } from '../logging/logger.ts';
import type { HqRole, HqStore } from '../hq/hq-store.ts';
import { lockDataDir } from '../hq/server/data-dir-lock.ts';
import { addAccount, issueEnrolmentCode } from '../hq/server/hq-admin.ts';
import { startHqServer } from '../hq/server/hq-server.ts';
import { loadHqConfig, sessionSecretInDataDir } from '../hq/server/load-hq-config.ts';
import { UsageError } from './arguments.ts';
import { hqEnrol, HQ_ENROL_USAGE } from './hq-enrol.ts';
import { untilStopAsked, type SignalSource } from './stop-signals.ts';

/**
 * `kassa hq …`: Kassa HQ, the service every till of a chain pushes its
 * records to (docs/HQ.md), and IT's commands for it: codes that enrol tills,
 * head-office accounts, revoking a till. `kassa hq enrol` is the till's side.
 */

const DATABASE_OPTIONS = `  --config FILE     HQ's configuration file (default: $KASSA_HQ_CONFIG, else built-in defaults)
  --database URL    postgres://… of a PostgreSQL server (default: $KASSA_HQ_DATABASE, else the file's
                    \`database\`; else the embedded database in --data-dir)
  --data-dir DIR    folder of the embedded database (default: <Kassa's data folder>/hq)`;

export const HQ_USAGE = `kassa hq <serve | code | account | revoke | enrol> [options]

  kassa hq serve [--listen HOST:PORT] [database options]
      Runs Kassa HQ: tills enrol and push to it, Adyen delivers webhooks for
      tills behind a router to it, head office reads its page. Without a
      PostgreSQL server it keeps an embedded database in its data folder (a
      trial or a single shop). Stop with Ctrl+C.
  kassa hq code --shop ID --shop-name NAME [database options]
      Adds the shop if it is new and prints a one-time code that enrols one
      till into it, and when the code expires. HQ keeps only its hash.
  kassa hq account --name NAME --role viewer|manager [database options] < password.txt
      Adds an account for the head-office page; the password (12 characters
      or more) is read from standard input, never from the command line.
  kassa hq revoke --till SHOP/TILL [database options]
      Takes a till's token back: its next push is refused. Its data stays.
  kassa hq enrol …
      On a till: enrols it at HQ with a code (its options are below).

Database options:
${DATABASE_OPTIONS}

With the embedded database, only one process can open the data folder:
stop \`kassa hq serve\` before running code, account or revoke on it, or
run HQ on a PostgreSQL server.

${HQ_ENROL_USAGE}`;

const COMMON_OPTIONS = {
  config: { type: 'string' },
  database: { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

interface CommonValues {
  config?: string | undefined;
  database?: string | undefined;
  'data-dir'?: string | undefined;
}

/** Where HQ's database is: a PostgreSQL server, or the embedded one in a folder. */
type StoreTarget = { readonly database: string } | { readonly dataDir: string };

function storeTarget(values: CommonValues, config: HqConfig, env: NodeJS.ProcessEnv): StoreTarget {
  const database = values.database ?? config.database;
  if (database !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(database)) throw new UsageError('--database must be a postgres:// address');
    return { database };
  }
  return { dataDir: path.resolve(values['data-dir'] ?? config.dataDir ?? path.join(defaultDataDir(env), 'hq')) };
}

/** The database as a person may see it: never its password. */
function describeTarget(target: StoreTarget): string {
  if ('dataDir' in target) return `the embedded database in ${target.dataDir}`;
  try {
    const url = new URL(target.database);
    return `PostgreSQL at ${url.host}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

interface OpenStore {
  readonly store: HqStore;
  /** Closes the database and lets the embedded one's folder go. */
  close(): Promise<void>;
}

/** Opens HQ's database, brought up to date (openHqStore migrates). */
async function openStore(target: StoreTarget, config: HqConfig): Promise<OpenStore> {
  const unlock = 'dataDir' in target ? lockDataDir(target.dataDir) : () => undefined;
  try {
    // Loaded here, not at the top: the desktop app's main bundle carries this command line, and the
    // database drivers (pg, and PGlite's tens of megabytes) belong only to a machine that runs HQ.
    const { openHqStore } = await import('../hq/postgres-store.ts');
    const store = await openHqStore({ ...target, timeZone: config.timeZone });
    return { store, close: () => store.close().finally(unlock) };
  } catch (error) {
    unlock();
    throw error;
  }
}

async function withStore<T>(
  values: CommonValues,
  env: NodeJS.ProcessEnv,
  use: (store: HqStore, config: HqConfig) => Promise<T>,
): Promise<T> {
  const config = loadHqConfig({ configFile: values.config, env });
  const opened = await openStore(storeTarget(values, config, env), config);
  try {
    return await use(opened.store, config);
  } finally {
    await opened.close();
  }
}

function required(value: string | undefined, option: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${option} is required`);
  return value.trim();
}

/** What `kassa hq` reads and where it waits, passed in by tests. */
export interface HqCommandIo {
  readonly input?: NodeJS.ReadableStream;
  readonly signals?: SignalSource;
  readonly env?: NodeJS.ProcessEnv;
}

export async function hq(argv: readonly string[], logger: Logger, io: HqCommandIo = {}): Promise<number> {
  const [subcommand, ...rest] = argv;
  const env = io.env ?? process.env;
  switch (subcommand) {
    case 'serve':
      return serveHq(rest, logger, env, io.signals ?? process);
    case 'code':
      return makeCode(rest, env);
    case 'account':
      return makeAccount(rest, env, io.input ?? process.stdin);
    case 'revoke':
      return revokeTill(rest, env);
    case 'enrol':
      return hqEnrol(rest, logger);
    case undefined:
      throw new UsageError('say what to do: serve, code, account, revoke or enrol');
    default:
      throw new UsageError(`unknown subcommand "${subcommand}"`);
  }
}

async function serveHq(
  argv: readonly string[],
  logger: Logger,
  env: NodeJS.ProcessEnv,
  signals: SignalSource,
): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { ...COMMON_OPTIONS, listen: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const loaded = loadHqConfig({ configFile: values.config, env });
  let listen = loaded.listen;
  if (values.listen !== undefined) {
    const parsed = ListenAddressSchema.safeParse(values.listen);
    if (!parsed.success) throw new UsageError(`--listen ${parsed.error.issues[0]?.message ?? 'is not host:port'}`);
    listen = parsed.data;
  }
  const target = storeTarget(values, loaded, env);
  let sessionSecret = loaded.sessionSecret;
  if (sessionSecret === undefined) {
    if (!('dataDir' in target)) {
      throw new ConfigError(
        'HQ on a PostgreSQL server needs a session secret every instance shares: set sessionSecret (32 characters or more) in the configuration file or $KASSA_HQ_SESSION_SECRET.',
      );
    }
    sessionSecret = sessionSecretInDataDir(target.dataDir);
  }
  const config = { ...loaded, listen, sessionSecret };

  const opened = await openStore(target, config);
  let server;
  try {
    server = await startHqServer({ store: opened.store, config, logger });
  } catch (error) {
    await opened.close();
    throw error;
  }
  // Listening for Ctrl+C before saying it can be pressed. HQ holds no payment, so the first one stops it.
  const stopAsked = untilStopAsked({
    signals,
    inFlight: () => 0,
    say: (line) => process.stdout.write(`${line}\n`),
    onOverride: () => undefined,
  });
  process.stdout.write(
    `Kassa HQ is listening on ${server.url}` +
      `${config.publicUrl === undefined ? '' : ` (public address ${config.publicUrl})`}\n` +
      `Its database is ${describeTarget(target)}.\n` +
      `Adyen webhooks: ${config.webhooks.adyen === undefined ? 'not taken (no webhooks.adyen in the configuration)' : `${config.publicUrl ?? server.url}/webhooks/adyen`}\n` +
      'Press Ctrl+C to stop.\n',
  );
  await stopAsked;
  process.stdout.write('Stopping Kassa HQ.\n');
  await server.close();
  await opened.close();
  return 0;
}

async function makeCode(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { ...COMMON_OPTIONS, shop: { type: 'string' }, 'shop-name': { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const shop = ShopIdSchema.safeParse(required(values.shop, '--shop'));
  if (!shop.success) throw new UsageError(`--shop ${shop.error.issues[0]?.message ?? 'is not a shop id'}`);
  const shopName = required(values['shop-name'], '--shop-name');
  if (shopName.length > 64) throw new UsageError('--shop-name must be at most 64 characters');
  const issued = await withStore(values, env, (store, config) =>
    issueEnrolmentCode(store, { shopId: shop.data, shopName, days: config.enrolmentCodeDays, now: new Date() }),
  );
  process.stdout.write(
    `Enrolment code for ${shopName} (${shop.data}): ${issued.code}\n` +
      `It enrols one till, once, until ${issued.expiresAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}.\n` +
      'Type it at the till (kassa hq enrol); HQ keeps only its hash, so it cannot be shown again.\n',
  );
  return 0;
}

const ROLES: readonly HqRole[] = ['viewer', 'manager'];

async function makeAccount(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  input: NodeJS.ReadableStream,
): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { ...COMMON_OPTIONS, name: { type: 'string' }, role: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const name = required(values.name, '--name');
  const role = ROLES.find((candidate) => candidate === values.role);
  if (role === undefined) throw new UsageError('--role must be viewer or manager');
  // One line from standard input; only the line break is cut, spaces belong to the password.
  const password = (await text(input)).replace(/\r?\n$/, '');
  try {
    await withStore(values, env, (store) => addAccount(store, { name, role, password }));
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  process.stdout.write(`Account ${name} (${role}) can now sign in to the head-office page.\n`);
  return 0;
}

async function revokeTill(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { ...COMMON_OPTIONS, till: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const tillKey = required(values.till, '--till');
  if (!/^[A-Za-z0-9-]{1,16}\/[A-Za-z0-9-]{1,16}$/.test(tillKey)) {
    throw new UsageError('--till must be SHOP/TILL, such as AMS-01/T-2');
  }
  const revoked = await withStore(values, env, (store) => store.revokeTill(tillKey, new Date().toISOString()));
  if (!revoked) {
    process.stderr.write(`HQ has no till ${tillKey}.\n`);
    return 1;
  }
  process.stdout.write(`Till ${tillKey} is revoked: HQ refuses its next push. Its data stays at HQ.\n`);
  return 0;
}
