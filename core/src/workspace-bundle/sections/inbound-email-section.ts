import {
  checkInboundEmailSettings,
  INBOUND_EMAIL_SECRET_NAME,
  storedInboundEmailSettings,
  updateInboundEmailSettings,
} from '../../messages';
import { inboundChannelSection } from './inbound-channel-section';

/**
 * `inbound-email/settings.yaml`: how the inbound-email webhook matches senders to contacts (the
 * contact object and its address field by key, what an unknown sender gets). The webhook's
 * signing secret is never in a bundle: each workspace makes its own (rotateInboundEmailSecret).
 */
export const inboundEmailSection = inboundChannelSection({
  name: 'inboundEmail',
  folder: 'inbound-email',
  label: 'inbound-email',
  fieldKey: 'emailFieldId',
  docField: 'emailField',
  secretName: INBOUND_EMAIL_SECRET_NAME,
  matching: (contactObject, field) =>
    contactObject ? `Match senders to ${contactObject} records by ${field}.` : 'Match senders to no contact.',
  unknownSenders: 'Unknown senders',
  noSecret: 'The webhook takes mail only once its secret is made (Settings, Workspace, Inbound email).',
  stored: storedInboundEmailSettings,
  check: checkInboundEmailSettings,
  update: updateInboundEmailSettings,
});
