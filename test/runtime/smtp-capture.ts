import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  to: string[];
  subject: string;
  /** The decoded text body. */
  text: string;
  /** The Message-ID header. */
  messageId: string;
  /** The whole message as received (multipart mails: parse it). */
  raw: string;
}

export interface SmtpCapture {
  /** `smtp://127.0.0.1:<port>` */
  url: string;
  received: CapturedMail[];
  /** The next mail to `address` not yet taken (waits for it to arrive). */
  next(address: string): Promise<CapturedMail>;
  close(): Promise<void>;
}

const decodeQuotedPrintable = (body: string) =>
  body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`) in a header value. */
const decodeHeader = (value: string) =>
  value.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_match, encoding: string, text: string) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(decodeQuotedPrintable(text.replace(/_/g, ' ')), 'latin1').toString('utf8'),
  );

/** Splits a raw RFC 5322 message and decodes its (single-part, text) body. */
function parseMail(raw: string, to: string[]): CapturedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : body;
  return { to, subject: decodeHeader(header('Subject')), text, messageId: header('Message-ID'), raw };
}

/** A real SMTP server (the `smtp-server` package) on a free local port that keeps every mail. */
export async function startSmtpCapture(): Promise<SmtpCapture> {
  const received: CapturedMail[] = [];
  const taken = new Set<CapturedMail>();
  const waiting: { address: string; resolve: (mail: CapturedMail) => void }[] = [];

  const deliver = (mail: CapturedMail) => {
    received.push(mail);
    const index = waiting.findIndex((wait) => mail.to.includes(wait.address));
    if (index === -1) return;
    const [wait] = waiting.splice(index, 1);
    taken.add(mail);
    wait!.resolve(mail);
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
        deliver(parseMail(Buffer.concat(chunks).toString('utf8'), to));
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve) => {
    const listening = server.listen(0, '127.0.0.1', () => resolve((listening.address() as AddressInfo).port));
  });

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    next(address) {
      const wanted = address.toLowerCase();
      const ready = received.find((mail) => !taken.has(mail) && mail.to.includes(wanted));
      if (ready) {
        taken.add(ready);
        return Promise.resolve(ready);
      }
      return new Promise((resolve) => waiting.push({ address: wanted, resolve }));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
