export type { Mail, Mailer, MailSettings } from './mailer';
export { createMailer } from './mailer';
