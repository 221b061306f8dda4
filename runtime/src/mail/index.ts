export type { Mail, Mailer, MailSettings } from './mailer';
export { createMailer, messageDomainOf } from './mailer';
