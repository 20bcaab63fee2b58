import { systemClock, type Clock } from '../clock.ts';

/**
 * Structured log lines (one JSON object per line) for IT. Field names that can
 * hold a secret are redacted before anything is written, however deep they
 * sit, so a careless `logger.info('config', { config })` cannot leak an API key.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Words that mark a field as secret, matched per word of its name, so `apiKey`,
 * `APIKey`, `x-api-key` and `webhook_password` are caught but `keyboard` is not.
 */
const SECRET_WORDS = new Set([
  'key',
  'apikey',
  'secret',
  'password',
  'passphrase',
  'passcode',
  'token',
  'pin',
  'auth',
  'authorization',
  'bearer',
  'credential',
  'credentials',
  'cookie',
  'hmac',
]);

export function isSecretField(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => SECRET_WORDS.has(word));
}

export const REDACTED = '[redacted]';

function hasToJSON(value: object): value is { toJSON(): unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[too deep]';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  // Dates, URLs and the like say what they are through toJSON.
  if (value !== null && typeof value === 'object' && hasToJSON(value)) return redact(value.toJSON(), depth + 1);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [field, inner] of Object.entries(value)) {
      out[field] = isSecretField(field) ? REDACTED : redact(inner, depth + 1);
    }
    return out;
  }
  return value;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; standard error by default so standard output stays for command results. */
  write?: (line: string) => void;
  clock?: Clock;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = LEVEL_ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const clock = options.clock ?? systemClock;

  const log = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (LEVEL_ORDER[level] < threshold) return;
    const head = { t: clock.now().toISOString(), level, msg: message };
    let line: string;
    try {
      line = JSON.stringify({ ...head, ...(redact(fields ?? {}) as object) });
    } catch {
      // A cycle, or a value JSON cannot hold: keep the line, lose the fields. Logging never throws.
      line = JSON.stringify({ ...head, logError: 'fields could not be written' });
    }
    write(`${line}\n`);
  };

  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}

/** A logger that keeps lines in memory, for tests that assert on what was logged. */
export function createMemoryLogger(): Logger & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'debug',
    write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return Object.assign(logger, { lines });
}
