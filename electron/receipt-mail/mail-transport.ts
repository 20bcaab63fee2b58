import nodemailer from 'nodemailer';
import type { SmtpConfig } from '../../shared/config/schema.ts';

/**
 * The way out to the store's mail server: one interface, nodemailer's SMTP
 * transport behind it. The password goes to nodemailer and nowhere else:
 * nodemailer's own logging is off, and what comes back from a failure is its
 * code and the server's reply, never the login.
 */

export interface OutgoingMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Why a mail did not go, as the till sorts it: a reason for the cashier, and whether trying again can help. */
export type MailFailureKind = 'unreachable' | 'login' | 'secure' | 'refused' | 'other';

export class MailSendError extends Error {
  readonly kind: MailFailureKind;
  /** For IT's log: nodemailer's code and the server's reply code, never the address or the login. */
  readonly detail: string;
  constructor(kind: MailFailureKind, detail: string) {
    super(`mail not sent (${kind}): ${detail}`);
    this.name = 'MailSendError';
    this.kind = kind;
    this.detail = detail;
  }
}

export interface MailTransport {
  /** "smtp.example.com:587", for logs and the doctor. */
  readonly description: string;
  send(mail: OutgoingMail): Promise<void>;
  /** Connects and logs in without sending: the doctor's check. */
  verify(): Promise<void>;
  close(): void;
}

export interface SmtpTimeouts {
  connectMs: number;
  /** The server's greeting and each reply after it. */
  replyMs: number;
}

export const SMTP_TIMEOUTS: SmtpTimeouts = { connectMs: 10_000, replyMs: 20_000 };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

interface NodemailerError {
  code?: unknown;
  responseCode?: unknown;
  message?: unknown;
}

/** Sorts nodemailer's error codes (and the server's reply) into what the cashier is told. */
export function failureOf(error: unknown): MailSendError {
  const { code, responseCode } = (typeof error === 'object' && error !== null ? error : {}) as NodemailerError;
  const detail = [typeof code === 'string' ? code : 'unknown', typeof responseCode === 'number' ? responseCode : '']
    .filter((part) => part !== '')
    .join(' ');
  switch (code) {
    case 'ECONNECTION':
    case 'ECONNREFUSED':
    case 'ETIMEDOUT':
    case 'ESOCKET':
    case 'EDNS':
      return new MailSendError('unreachable', detail);
    case 'EAUTH':
    case 'ENOAUTH':
      return new MailSendError('login', detail);
    case 'ETLS':
      return new MailSendError('secure', detail);
    case 'EENVELOPE':
      // 5xx: the server will never take this address; 4xx: not now.
      return new MailSendError(typeof responseCode === 'number' && responseCode >= 500 ? 'refused' : 'other', detail);
    default:
      return new MailSendError('other', detail);
  }
}

export function createSmtpTransport(smtp: SmtpConfig, timeouts: SmtpTimeouts = SMTP_TIMEOUTS): MailTransport {
  const loopback = LOOPBACK.has(smtp.host.toLowerCase());
  const login = smtp.user !== undefined && smtp.password !== undefined;
  const transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    // A login is never sent in the clear to another machine: STARTTLS or no mail.
    requireTLS: login && !smtp.secure && !loopback,
    ...(login ? { auth: { user: smtp.user, pass: smtp.password } } : {}),
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.replyMs,
    socketTimeout: timeouts.replyMs,
    logger: false,
    debug: false,
  });
  const wrap = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      throw failureOf(error);
    }
  };
  return {
    description: `${smtp.host}:${String(smtp.port)}`,
    send: (mail) => wrap(() => transporter.sendMail({ ...mail })),
    verify: () => wrap(() => transporter.verify()),
    close: () => transporter.close(),
  };
}
