export {
  type InboundWebhook,
  receiveWebhook,
  WEBHOOK_BODY_LIMIT_BYTES,
  webhookPath,
  webhookSecretName,
} from './inbound-webhook';
export {
  SIGNATURE_HEADER,
  SIGNATURE_WINDOW_SECONDS,
  type SignedRequest,
  signatureProblem,
  TIMESTAMP_HEADER,
  webhookSignature,
} from './webhook-signature';
