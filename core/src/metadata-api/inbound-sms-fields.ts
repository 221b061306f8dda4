import { INBOUND_SMS_SECRET_NAME, inboundSmsPath, readInboundSmsSettings, updateInboundSmsSettings } from '../messages';
import type { MetadataBuilder } from './builder';
import { addInboundChannelFields, type UnknownSenderRef } from './inbound-channel-fields';

/**
 * The workspace's inbound-SMS webhook on `/metadata` (admins only), as inbound email's:
 * `inboundSms` (address, number matching), `updateInboundSms` and `rotateInboundSmsSecret` (the
 * secret is shown once).
 */
export function addInboundSmsFields(builder: MetadataBuilder, UnknownSender: UnknownSenderRef) {
  addInboundChannelFields(builder, UnknownSender, {
    typeName: 'InboundSms',
    fieldKey: 'phoneFieldId',
    fieldDescription: "That object's phone field.",
    description:
      'Where the SMS provider POSTs received texts (JSON { id, from, to, body, receivedAt }), signed with the secret, and how numbers are matched to contacts.',
    secretHolder: 'SMS provider',
    webhookName: 'inbound-SMS',
    secretName: INBOUND_SMS_SECRET_NAME,
    path: inboundSmsPath,
    read: readInboundSmsSettings,
    update: updateInboundSmsSettings,
  });
}
