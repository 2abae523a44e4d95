// SMTP delivery through nodemailer. The Message-ID is derived from the outbox idempotency key, so even the
// rare resend after a crash between "sent" and "marked sent" is recognisable as the same message.
import nodemailer from 'nodemailer';

export interface MailBericht {
  to: string;
  subject: string;
  text: string;
  /** Stable id, e.g. `<key@werkroute>`. */
  messageId: string;
}

export interface Mailer {
  send(bericht: MailBericht): Promise<void>;
  close(): void;
}

export interface SmtpMailerOpties {
  from?: string;
  /** Fail fast when the server is down: the activity retry, not the socket, does the waiting. */
  timeoutMs?: number;
}

export function createSmtpMailer(url: string, opties: SmtpMailerOpties = {}): Mailer {
  const timeout = opties.timeoutMs ?? 10_000;
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
    // A plain local relay (or the test sink) offers no TLS; ?ignoreTLS=true keeps nodemailer from insisting.
    ignoreTLS: u.searchParams.get('ignoreTLS') === 'true',
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  const from = opties.from ?? 'Team NLWerktDoor <noreply@nlwerktdoor.nl>';
  return {
    async send(bericht) {
      await transport.sendMail({ from, to: bericht.to, subject: bericht.subject, text: bericht.text, messageId: bericht.messageId });
    },
    close() {
      transport.close();
    },
  };
}
