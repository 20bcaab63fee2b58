import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on loopback for tests (the `smtp-server` package): it
 * takes mail as a store's server would, optionally behind a login, keeps what
 * it received and reads each message back (headers, the text and HTML parts).
 * `refuse` makes it reject some recipients with a permanent 550.
 */

export interface ReceivedMail {
  readonly from: string | undefined;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly raw: string;
}

export interface SmtpSinkOptions {
  /** 0 (default) picks a free port; a port given reopens a server that was closed. */
  port?: number;
  /** Requires this login (AUTH PLAIN/LOGIN, allowed without TLS on loopback). */
  login?: { user: string; password: string };
  /** Recipients the server rejects for good. */
  refuse?: (recipient: string) => boolean;
}

export interface SmtpSink {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly received: readonly ReceivedMail[];
  /** Logins tried, and whether each was right. */
  readonly logins: readonly { user: string; accepted: boolean }[];
  /** The next mail to arrive (or the first one not yet taken by an earlier call). */
  next(): Promise<ReceivedMail>;
  close(): Promise<void>;
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function decodePart(headers: string, body: string): string {
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

function split(block: string): { headers: string; body: string } {
  const at = block.search(/\r?\n\r?\n/);
  if (at < 0) return { headers: block, body: '' };
  return { headers: block.slice(0, at), body: block.slice(at).replace(/^\r?\n\r?\n/, '') };
}

/** Reads a message nodemailer wrote: its headers, and the text and HTML parts of a multipart/alternative body. */
export function readMail(raw: string, envelope: { from: string | undefined; to: string[] }): ReceivedMail {
  const { headers, body } = split(raw);
  const unfolded = headers.replace(/\r?\n[ \t]+/g, ' ');
  const subject = /^subject:\s*(.*)$/im.exec(unfolded)?.[1]?.trim() ?? '';
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(unfolded)?.[1];
  const parts =
    boundary === undefined
      ? [{ headers: unfolded, body }]
      : body
          .split(`--${boundary}`)
          .slice(1, -1)
          .map((part) => split(part.replace(/^\r?\n/, '')));
  const partOf = (type: string) => {
    const part = parts.find((candidate) => new RegExp(`content-type:\\s*${type}`, 'i').test(candidate.headers));
    return part === undefined ? '' : decodePart(part.headers, part.body).replace(/\r\n/g, '\n');
  };
  return { ...envelope, subject, text: partOf('text/plain'), html: partOf('text/html'), raw };
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const logins: { user: string; accepted: boolean }[] = [];
  let taken = 0;
  const waiting: (() => void)[] = [];
  const server = new SMTPServer({
    secure: false,
    hideSTARTTLS: true,
    allowInsecureAuth: true,
    authOptional: options.login === undefined,
    authMethods: ['PLAIN', 'LOGIN'],
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const accepted =
        options.login !== undefined && auth.username === options.login.user && auth.password === options.login.password;
      logins.push({ user: auth.username ?? '', accepted });
      if (accepted) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address) === true) {
        callback(Object.assign(new Error('No such mailbox here'), { responseCode: 550 }));
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom === false ? undefined : session.envelope.mailFrom.address;
        const to = session.envelope.rcptTo.map((recipient) => recipient.address);
        received.push(readMail(Buffer.concat(chunks).toString('utf8'), { from, to }));
        for (const wake of waiting.splice(0)) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    received,
    logins,
    async next() {
      while (received.length <= taken) await new Promise<void>((resolve) => waiting.push(resolve));
      const mail = received[taken];
      taken += 1;
      if (mail === undefined) throw new Error('no mail');
      return mail;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
