export type { MessageTable, ThreadOf } from './email-thread';
export { findThread, messageTable } from './email-thread';
export type { FormMessage } from './form-message';
export { recordFormMessage } from './form-message';
export type { ContactMatch, InboundEmailSettings, UnknownSenderRule } from './inbound-email-settings';
export {
  checkInboundEmailSettings,
  contactMatch,
  INBOUND_EMAIL_SECRET_NAME,
  inboundEmailPath,
  readInboundEmailSettings,
  UNKNOWN_SENDER_RULES,
  updateInboundEmailSettings,
} from './inbound-email-settings';
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
export type { InboundEmailDeps, InboundEmailRequest, ReceivedEmail } from './receive-inbound-email';
export { INBOUND_EMAIL_LIMIT_BYTES, receiveInboundEmail } from './receive-inbound-email';
export type { SendMessageContext, SendMessageInput, SentMessage } from './send-message';
export { OUTBOUND_CHANNELS, sendMessage } from './send-message';
