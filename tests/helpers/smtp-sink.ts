// A real SMTP server on loopback (smtp-server from the nodemailer project) that keeps every message it
// accepts. `stop()` closes the port so senders get "connection refused"; `start()` reopens the same port.
import { SMTPServer } from 'smtp-server';

export interface SinkMail {
  from: string;
  to: string[];
  subject: string;
  messageId: string;
  raw: string;
}

export interface SmtpSink {
  readonly port: number;
  /** For createSmtpMailer / SMTP_URL. */
  readonly url: string;
  readonly messages: SinkMail[];
  readonly running: boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Messages to one address. */
  to(address: string): SinkMail[];
  /** Set to refuse messages: return an SMTP reply (e.g. 550) for a message, or undefined to accept it. */
  weiger: ((mail: SinkMail) => { code: number; tekst: string } | undefined) | undefined;
}

function header(raw: string, name: string): string {
  const kop = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const ontvouwen = kop.replace(/\r?\n[ \t]+/g, ' ');
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(ontvouwen);
  return m?.[1]?.trim() ?? '';
}

/** RFC 2047 encoded words, enough for the subjects nodemailer writes. */
function decodeer(waarde: string): string {
  return waarde.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, tekst: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(tekst, 'base64').toString('utf8')
      : Buffer.from(tekst.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

/** The text of a message as the recipient reads it (nodemailer writes quoted-printable or base64). */
export function tekstVan(m: SinkMail): string {
  const [kop, ...rest] = m.raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(kop ?? '')) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(kop ?? ''))
    return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  return body;
}

export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const messages: SinkMail[] = [];
  let server: SMTPServer | undefined;
  let huidigePoort = port;
  const sink = { weiger: undefined as SmtpSink['weiger'] };

  const maak = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const delen: Buffer[] = [];
        stream.on('data', (d: Buffer) => delen.push(d));
        stream.on('end', () => {
          const raw = Buffer.concat(delen).toString('utf8');
          const mail: SinkMail = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: decodeer(header(raw, 'Subject')),
            messageId: header(raw, 'Message-ID'),
            raw,
          };
          const nee = sink.weiger?.(mail);
          if (nee) {
            callback(Object.assign(new Error(nee.tekst), { responseCode: nee.code }));
            return;
          }
          messages.push(mail);
          callback();
        });
      },
    });

  const start = async () => {
    if (server) return;
    const s = maak();
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(huidigePoort, '127.0.0.1', () => resolve());
    });
    const addr = s.server.address();
    if (typeof addr === 'object' && addr) huidigePoort = addr.port;
    server = s;
  };

  await start();
  return {
    get port() {
      return huidigePoort;
    },
    get url() {
      return `smtp://127.0.0.1:${huidigePoort}?ignoreTLS=true`;
    },
    messages,
    get running() {
      return server !== undefined;
    },
    async stop() {
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    start,
    to(address) {
      return messages.filter((m) => m.to.includes(address));
    },
    get weiger() {
      return sink.weiger;
    },
    set weiger(f) {
      sink.weiger = f;
    },
  };
}
