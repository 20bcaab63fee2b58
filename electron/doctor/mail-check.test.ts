import { describe, expect, it, onTestFinished } from 'vitest';
import { startSmtpSink, type SmtpSinkOptions } from '../receipt-mail/testing/smtp-sink.ts';
import { checkMail } from './mail-check.ts';
import { closedPort, tillConfig } from './testing.ts';

/** The mail server check against a real SMTP server on loopback (smtp-server). */

const PASSWORD = 'doctor-mail-password-do-not-print';

async function sink(options: SmtpSinkOptions = {}) {
  const server = await startSmtpSink(options);
  onTestFinished(() => server.close());
  return server;
}

const withMail = (smtp: Record<string, unknown>) =>
  tillConfig({ receipts: { email: { smtp: { host: '127.0.0.1', ...smtp }, from: 'receipts@shop.example' } } });

describe('the e-mail check', () => {
  it('skips a till that sends no e-mail', async () => {
    expect(await checkMail(tillConfig({}))).toEqual({
      name: 'e-mail',
      status: 'skip',
      detail: 'No receipts by e-mail are set up (receipts.email).',
    });
  });

  it('passes when the server takes the login, and sends nothing', async () => {
    const server = await sink({ login: { user: 'till9', password: PASSWORD } });

    const result = await checkMail(withMail({ port: server.port, user: 'till9', password: PASSWORD }));

    expect(result).toEqual({
      name: 'e-mail',
      status: 'pass',
      detail: `The mail server 127.0.0.1:${String(server.port)} took the login of till9; receipts are sent from receipts@shop.example.`,
    });
    expect(server.logins).toEqual([{ user: 'till9', accepted: true }]);
    expect(server.received).toEqual([]);
  });

  it('fails a wrong password with what to do, and never shows it', async () => {
    const server = await sink({ login: { user: 'till9', password: PASSWORD } });

    const result = await checkMail(withMail({ port: server.port, user: 'till9', password: `${PASSWORD}-old` }));

    expect(result).toMatchObject({
      status: 'fail',
      detail: `The mail server 127.0.0.1:${String(server.port)} refused the till’s login (EAUTH 535).`,
      fix: 'Check receipts.email.smtp.user and password with whoever runs the mail server.',
    });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
  });

  it('fails a server that does not answer', async () => {
    const port = await closedPort();

    const result = await checkMail(withMail({ port }), { timeoutMs: 1_000 });

    expect(result).toMatchObject({ status: 'fail', detail: expect.stringContaining('does not answer') as unknown });
    expect(result.fix).toContain('receipts.email.smtp.host and port');
  });
});
