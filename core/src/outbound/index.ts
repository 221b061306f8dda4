export { type AddressVerdict, judgeAddress } from './address-policy';
export type { UpstreamFailure } from './outbound-errors';
export { outboundFetch } from './outbound-fetch';
export {
  OUTBOUND_DEFAULTS,
  type OutboundPolicy,
  type OutboundRequest,
  type OutboundResponse,
} from './outbound-policy';
