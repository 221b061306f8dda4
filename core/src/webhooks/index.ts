export {
  DELIVERY_HEADER,
  type DeliveryDeps,
  type DisabledSubscription,
  deliverWebhook,
} from './deliver-webhook';
export {
  DELIVERY_ATTEMPTS,
  DISABLE_AFTER_FAILED_DELIVERIES,
  WEBHOOK_DELIVERY_TASK,
} from './delivery-job';
export {
  type InboundWebhook,
  receiveWebhook,
  WEBHOOK_BODY_LIMIT_BYTES,
  webhookPath,
  webhookSecretName,
} from './inbound-webhook';
export { WEBHOOK_EVENTS, type WebhookEvent } from './subscription-input';
export {
  createSubscriptionService,
  type DeliveryInfo,
  newSubscriptionSecret,
  type SubscriptionInfo,
  type SubscriptionService,
  subscriptionSecretName,
} from './subscription-service';
export { notifySwitchedOff } from './switched-off-notice';
export { createWebhookEvents } from './webhook-events';
export {
  SIGNATURE_HEADER,
  SIGNATURE_WINDOW_SECONDS,
  type SignedRequest,
  signatureProblem,
  TIMESTAMP_HEADER,
  webhookSignature,
} from './webhook-signature';
