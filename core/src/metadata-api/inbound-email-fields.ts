import {
  INBOUND_EMAIL_SECRET_NAME,
  inboundEmailPath,
  readInboundEmailSettings,
  UNKNOWN_SENDER_RULES,
  updateInboundEmailSettings,
} from '../messages';
import type { MetadataBuilder } from './builder';
import { addInboundChannelFields } from './inbound-channel-fields';

/**
 * The workspace's inbound-email webhook on `/metadata` (admins only): `inboundEmail` (address,
 * contact matching), `updateInboundEmail` and `rotateInboundEmailSecret` (the secret is shown once).
 */
export function addInboundEmailFields(builder: MetadataBuilder) {
  const UnknownSender = builder.enumType('UnknownSenderRule', {
    values: UNKNOWN_SENDER_RULES,
    description: 'What an email from an address no contact has gets: a new contact, or no link (the inbox).',
  });
  addInboundChannelFields(builder, UnknownSender, {
    typeName: 'InboundEmail',
    fieldKey: 'emailFieldId',
    fieldDescription: "That object's address field.",
    description:
      'Where mail relays POST raw emails (Content-Type: message/rfc822), signed with the secret, and how senders are matched to contacts.',
    secretHolder: 'mail relay',
    webhookName: 'inbound-email',
    secretName: INBOUND_EMAIL_SECRET_NAME,
    path: inboundEmailPath,
    read: readInboundEmailSettings,
    update: updateInboundEmailSettings,
  });
  // The inbound-SMS fields take the same rule.
  return { UnknownSender };
}
