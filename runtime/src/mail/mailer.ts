import nodemailer from 'nodemailer';

export interface Mail {
  to: string | string[];
  subject: string;
  text: string;
  /** The Message-ID header; the same for every delivery of one mail, so receivers drop duplicates. */
  messageId?: string;
  /** An HTML alternative of `text`. */
  html?: string;
  /** Message-ID this mail answers (threading in the receiver's client). */
  inReplyTo?: string;
  /** Message-IDs of the thread, oldest first. */
  references?: string[];
}

/** The domain of the configured From address, for Message-IDs; none without a usable From. */
export function messageDomainOf(from: string | undefined): string | undefined {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from ?? '')?.[1];
  return domain ? domain.toLowerCase() : undefined;
}

/** Sends mails through SMTP; without SMTP settings every mail is dropped with a warning. */
export interface Mailer {
  readonly configured: boolean;
  /** @throws when the SMTP server refuses or cannot be reached */
  send(mail: Mail): Promise<void>;
  close(): void;
}

export interface MailSettings {
  /** `smtp://user:pass@host:port` or `smtps://...`; null: no mail transport. */
  smtpUrl: string | null;
  /** The From header. */
  from: string;
}

/** A mailer over nodemailer's SMTP transport. */
export function createMailer(settings: MailSettings): Mailer {
  const { smtpUrl, from } = settings;
  if (!smtpUrl) {
    return {
      configured: false,
      async send(mail) {
        // The mail holds a secret link, so only its subject is logged.
        console.warn(`RELATA_SMTP_URL is not set: mail "${mail.subject}" was not sent.`);
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    configured: true,
    async send(mail) {
      await transport.sendMail({ from, ...mail });
    },
    close() {
      transport.close();
    },
  };
}
