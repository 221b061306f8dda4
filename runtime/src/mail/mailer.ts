import nodemailer from 'nodemailer';

export interface Mail {
  to: string | string[];
  subject: string;
  text: string;
  /** The Message-ID header; the same for every delivery of one mail, so receivers drop duplicates. */
  messageId?: string;
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
