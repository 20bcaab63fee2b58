import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * A real PostgreSQL server for tests, started from the machine's own
 * binaries in a fresh folder and reached by a Unix socket in that folder (no
 * TCP port to collide with anyone's). Tests restart it under load, so it is a
 * server of their own, never a shared one. With no binaries installed the
 * tests fail and say what to install: a skipped database test proves nothing.
 */
export interface TestPostgres {
  /** A `postgres://` URL of the database made at start. */
  readonly url: string;
  /** Makes another empty database and answers its URL. */
  createDatabase(name: string): Promise<string>;
  /** `pg_ctl restart -m fast`: every connection is dropped; the server is back when this resolves. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the server and removes its folder. */
  dispose(): Promise<void>;
}

const run = promisify(execFile);

function postgresBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(path.join(root, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(
      'No PostgreSQL server binaries in /usr/lib/postgresql/*/bin. The HQ tests start their own server: ' +
        'install them with `apt-get install postgresql` (Debian and Ubuntu), as .ci/run does.',
    );
  }
  return path.join(root, newest, 'bin');
}

export interface TestPostgresOptions {
  /**
   * Keep PostgreSQL's durability on (fsync, synchronous commit), as a real HQ runs it: the bench measures
   * with it. Tests throw their databases away and leave it off, which only costs time.
   */
  durable?: boolean;
  /** More connections for a bench of many HQ clients. */
  maxConnections?: number;
}

export async function startTestPostgres(options: TestPostgresOptions = {}): Promise<TestPostgres> {
  const bin = postgresBinaries();
  const folder = mkdtempSync(path.join(tmpdir(), 'kassa-hq-pg-'));
  const data = path.join(folder, 'data');
  // initdb and postgres refuse to run as root: as root, the server runs as the postgres user in a folder it owns.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(folder, uid, gid);
  }
  const command = (tool: string, args: readonly string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] : [path.join(bin, tool), [...args]];
  const pgCtl = (...args: string[]) =>
    run(...command('pg_ctl', ['-D', data, '-l', path.join(folder, 'log'), '-w', ...args]));

  try {
    await run(
      ...command('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']),
    );
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  // The server listens on no TCP port at all, only on its socket in its own folder: any port number is free there.
  const port = 5432;
  appendFileSync(
    path.join(data, 'postgresql.conf'),
    [
      "listen_addresses = ''",
      `port = ${port}`,
      `unix_socket_directories = '${folder}'`,
      ...(options.durable === true
        ? []
        : // A test database is thrown away: durability only costs time.
          ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off']),
      `max_connections = ${String(options.maxConnections ?? 60)}`,
      'shared_buffers = 32MB',
      '',
    ].join('\n'),
  );
  let running = false;
  const stopAtExit = () => {
    if (running) execFileSync(...command('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']), { stdio: 'ignore' });
  };
  await pgCtl('start');
  running = true;
  process.once('exit', stopAtExit);

  const urlOf = (database: string) =>
    `postgres://postgres@localhost/${database}?host=${encodeURIComponent(folder)}&port=${port}`;
  const createDatabase = async (name: string) => {
    const admin = new pg.Client({ connectionString: urlOf('postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    } finally {
      await admin.end();
    }
    return urlOf(name);
  };
  const stop = async () => {
    if (!running) return;
    await pgCtl('-m', 'fast', 'stop');
    running = false;
  };

  const url = await createDatabase('kassa_hq');
  return {
    url,
    createDatabase,
    restart: async () => {
      // After stop() this starts it again.
      await pgCtl('-m', 'fast', 'restart');
      running = true;
    },
    stop,
    dispose: async () => {
      await stop();
      process.off('exit', stopAtExit);
      await rm(folder, { recursive: true, force: true });
    },
  };
}
