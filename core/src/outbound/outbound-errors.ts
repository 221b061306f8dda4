import { ErrorCode, forbidden, RelataError } from '../errors';
import { RefusedAddress } from './guarded-lookup';

/** Why an outbound call could not be made or completed. */
export type UpstreamFailure = 'dns' | 'connect' | 'tls' | 'timeout' | 'reset' | 'network';

export const refusedTarget = (reason: string, message: string) => forbidden(message, { reason, field: 'url' });

export const upstreamFailed = (reason: UpstreamFailure, message: string) =>
  new RelataError(ErrorCode.UPSTREAM_FAILED, message, { reason });

/**
 * Turns what a socket or a lookup threw into a RelataError. The address a refused host resolved
 * to is not named: it would tell whoever wrote the URL about the internal network.
 */
export function outboundError(error: unknown, host: string): RelataError {
  if (error instanceof RelataError) return error;
  if (error instanceof RefusedAddress) {
    return refusedTarget(
      `${error.verdict}-address`,
      `${host} resolves to a ${error.verdict} address; outbound calls reach public addresses only`,
    );
  }
  const { code = '', name = '' } = error as NodeJS.ErrnoException;
  if (name === 'AbortError' || name === 'TimeoutError' || code === 'ABORT_ERR') {
    return upstreamFailed('timeout', `${host} did not answer in time`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return upstreamFailed('dns', `${host} could not be resolved`);
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return upstreamFailed('connect', `${host} refused the connection`);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') return upstreamFailed('reset', `${host} closed the connection`);
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED)/.test(code)) {
    return upstreamFailed('tls', `the TLS connection to ${host} failed (${code})`);
  }
  return upstreamFailed('network', `the call to ${host} failed`);
}
