import { type InboundContactSettings, inboundContactSettings, type SenderMatch } from './inbound-contact-settings';

/** Name of the inbound-SMS webhook's secret in the workspace's secret store. */
export const INBOUND_SMS_SECRET_NAME = 'inbound-sms';

/** Path of a workspace's inbound-SMS webhook on every node. */
export const inboundSmsPath = (workspaceId: string) => `/hooks/sms/${workspaceId}`;

/** `phoneFieldId`: field id (of the contact object) holding the contact's phone number; null until set. */
export type InboundSmsSettings = InboundContactSettings<'phoneFieldId'>;
export type NumberMatch = SenderMatch;

const sms = inboundContactSettings({
  fieldKey: 'phoneFieldId',
  table: 'inbound_sms_settings',
  fieldColumn: 'phone_field_id',
  addressTypes: new Set(['PHONE', 'TEXT']),
  fieldChoice: 'a PHONE or TEXT field',
  madeFrom: 'an SMS has only its number',
});

export const readInboundSmsSettings = sms.read;
export const storedInboundSmsSettings = sms.stored;
export const numberMatch = sms.match;
export const checkInboundSmsSettings = sms.check;
export const updateInboundSmsSettings = sms.update;
