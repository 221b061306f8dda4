export {
  SIGNATURE_HEADER,
  SIGNATURE_WINDOW_SECONDS,
  type SignedRequest,
  signatureProblem,
  TIMESTAMP_HEADER,
  webhookSignature,
} from './webhook-signature';
