export type { MessageTable, ThreadOf } from './email-thread';
export { findThread, messageTable, threadTargets } from './email-thread';
export type { FormMessage } from './form-message';
export { recordFormMessage } from './form-message';
export type { InboundContactSettings } from './inbound-contact-settings';
export type { ContactMatch, InboundEmailSettings, UnknownSenderRule } from './inbound-email-settings';
export {
  checkInboundEmailSettings,
  contactMatch,
  INBOUND_EMAIL_SECRET_NAME,
  inboundEmailPath,
  readInboundEmailSettings,
  storedInboundEmailSettings,
  UNKNOWN_SENDER_RULES,
  updateInboundEmailSettings,
} from './inbound-email-settings';
export type { InboundSmsSettings, NumberMatch } from './inbound-sms-settings';
export {
  checkInboundSmsSettings,
  INBOUND_SMS_SECRET_NAME,
  inboundSmsPath,
  numberMatch,
  readInboundSmsSettings,
  storedInboundSmsSettings,
  updateInboundSmsSettings,
} from './inbound-sms-settings';
export type { MessageEmail, MessageMailPort, MessageSms } from './message-jobs';
export {
  deliverMessageEmail,
  deliverMessageSms,
  MESSAGE_EMAIL_TASK,
  MESSAGE_SMS_TASK,
  messageEmailPayload,
  messageSmsPayload,
  SMS_SEND_ACTION,
} from './message-jobs';
export { htmlToText } from './message-text';
export type { AttachmentInfo, ParsedEmail } from './parse-email';
export { parseEmail, textToHtml } from './parse-email';
export { E164, e164Sql, toE164 } from './phone-number';
export type { InboundEmailDeps, InboundEmailRequest, ReceivedEmail } from './receive-inbound-email';
export { INBOUND_EMAIL_LIMIT_BYTES, receiveInboundEmail } from './receive-inbound-email';
export type { InboundSmsDeps, InboundSmsRequest, ReceivedSms } from './receive-inbound-sms';
export { INBOUND_SMS_LIMIT_BYTES, receiveInboundSms } from './receive-inbound-sms';
export type { SendMessageContext, SendMessageInput, SentMessage } from './send-message';
export { OUTBOUND_CHANNELS, sendMessage } from './send-message';
export type { SentSms } from './sent-sms';
export { recordSentSms } from './sent-sms';
