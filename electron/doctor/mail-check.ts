import type { TillConfig } from '../../shared/config/schema.ts';
import { createSmtpTransport, MailSendError, type MailFailureKind } from '../receipt-mail/mail-transport.ts';
import { fail, pass, skip, type CheckOutcome } from './check.ts';

/**
 * The mail server receipts go through: the till connects to it and logs in
 * (SMTP's EHLO, STARTTLS and AUTH) without sending anything. Never the
 * password in what it says.
 */

export const MAIL = 'e-mail';
const MAIL_TIMEOUT_MS = 10_000;

const FIXES: Readonly<Record<MailFailureKind, string>> = {
  unreachable:
    'Check receipts.email.smtp.host and port (587 for STARTTLS, 465 with secure: true) and that this till may reach the mail server through the firewall.',
  login: 'Check receipts.email.smtp.user and password with whoever runs the mail server.',
  secure:
    'The server must offer TLS: use port 465 with secure: true, or 587 with STARTTLS; ask whoever runs it whether its certificate is valid.',
  refused: 'Check receipts.email.from: the mail server must allow the till to send as that address.',
  other: 'Check receipts.email.smtp with whoever runs the mail server.',
};

const FOUND: Readonly<Record<MailFailureKind, string>> = {
  unreachable: 'does not answer',
  login: 'refused the till’s login',
  secure: 'could not set up a secure connection',
  refused: 'refused the sender',
  other: 'did not accept the till',
};

export async function checkMail(config: TillConfig, options: { timeoutMs?: number } = {}): Promise<CheckOutcome> {
  const email = config.receipts?.email;
  if (email === undefined) return skip(MAIL, 'No receipts by e-mail are set up (receipts.email).');
  const timeoutMs = options.timeoutMs ?? MAIL_TIMEOUT_MS;
  const transport = createSmtpTransport(email.smtp, { connectMs: timeoutMs, replyMs: timeoutMs });
  const login = email.smtp.user === undefined ? 'took the connection' : `took the login of ${email.smtp.user}`;
  try {
    await transport.verify();
    return pass(MAIL, `The mail server ${transport.description} ${login}; receipts are sent from ${email.from}.`);
  } catch (error) {
    const kind = error instanceof MailSendError ? error.kind : 'other';
    const detail = error instanceof MailSendError ? ` (${error.detail})` : '';
    return fail(MAIL, `The mail server ${transport.description} ${FOUND[kind]}${detail}.`, FIXES[kind]);
  } finally {
    transport.close();
  }
}
