import { type InboundContactSettings, inboundContactSettings, type SenderMatch } from './inbound-contact-settings';

export {
  contactNameField,
  contactNameValue,
  UNKNOWN_SENDER_RULES,
  type UnknownSenderRule,
} from './inbound-contact-settings';

/** Name of the inbound-email webhook's secret in the workspace's secret store. */
export const INBOUND_EMAIL_SECRET_NAME = 'inbound-email';

/** Path of a workspace's inbound-email webhook on every node. */
export const inboundEmailPath = (workspaceId: string) => `/hooks/email/${workspaceId}`;

/** `emailFieldId`: field id (of the contact object) holding the contact's address; null until set. */
export type InboundEmailSettings = InboundContactSettings<'emailFieldId'>;
export type ContactMatch = SenderMatch;

const email = inboundContactSettings({
  fieldKey: 'emailFieldId',
  table: 'inbound_email_settings',
  fieldColumn: 'email_field_id',
  addressTypes: new Set(['EMAIL', 'TEXT']),
  fieldChoice: 'an EMAIL or TEXT field',
  madeFrom: 'an email has only its address and name',
});

export const readInboundEmailSettings = email.read;
export const storedInboundEmailSettings = email.stored;
export const contactMatch = email.match;
export const checkInboundEmailSettings = email.check;
export const updateInboundEmailSettings = email.update;
