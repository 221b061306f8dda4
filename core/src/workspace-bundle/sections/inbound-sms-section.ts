import {
  checkInboundSmsSettings,
  INBOUND_SMS_SECRET_NAME,
  storedInboundSmsSettings,
  updateInboundSmsSettings,
} from '../../messages';
import { inboundChannelSection } from './inbound-channel-section';

/**
 * `inbound-sms/settings.yaml`: how the inbound-SMS webhook matches numbers to contacts (the contact
 * object and its phone field by key, what an unknown number gets). The webhook's signing secret is
 * never in a bundle: each workspace makes its own (rotateInboundSmsSecret).
 */
export const inboundSmsSection = inboundChannelSection({
  name: 'inboundSms',
  folder: 'inbound-sms',
  label: 'inbound-SMS',
  fieldKey: 'phoneFieldId',
  docField: 'phoneField',
  secretName: INBOUND_SMS_SECRET_NAME,
  matching: (contactObject, field) =>
    contactObject ? `Match SMS senders to ${contactObject} records by ${field}.` : 'Match SMS senders to no contact.',
  unknownSenders: 'Unknown numbers',
  noSecret: 'The webhook takes SMS only once its secret is made (rotateInboundSmsSecret on /metadata).',
  stored: storedInboundSmsSettings,
  check: checkInboundSmsSettings,
  update: updateInboundSmsSettings,
});
