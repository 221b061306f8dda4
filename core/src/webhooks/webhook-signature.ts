import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header of the request's signature: `v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'x-relata-signature';
/** Header of the signing time, in Unix seconds; it is signed with the body. */
export const TIMESTAMP_HEADER = 'x-relata-timestamp';
/** A signature older or newer than this is refused (clock skew and replays). */
export const SIGNATURE_WINDOW_SECONDS = 300;

/**
 * The signature of a webhook body: HMAC-SHA256 with the secret over `<timestamp>.<body>`, so a
 * captured signature cannot be reused with another time.
 */
export function webhookSignature(secret: string, timestamp: number, body: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(body);
  return `v1=${hmac.digest('hex')}`;
}

export interface SignedRequest {
  timestamp: string | undefined;
  signature: string | undefined;
  body: Buffer;
}

/**
 * Why a request's signature is refused, or null when it holds: both headers present, the time
 * within `SIGNATURE_WINDOW_SECONDS` of `now`, the HMAC equal (compared in constant time).
 */
export function signatureProblem(secret: string, request: SignedRequest, now: Date): string | null {
  if (!request.timestamp || !request.signature)
    return `Sign the request: send ${TIMESTAMP_HEADER} (Unix seconds) and ${SIGNATURE_HEADER} (v1=<hex HMAC-SHA256 of "<timestamp>.<body>">).`;
  if (!/^\d{1,12}$/.test(request.timestamp)) return `${TIMESTAMP_HEADER} must be the signing time in Unix seconds.`;
  const timestamp = Number(request.timestamp);
  if (Math.abs(now.getTime() / 1000 - timestamp) > SIGNATURE_WINDOW_SECONDS)
    return `${TIMESTAMP_HEADER} is more than ${SIGNATURE_WINDOW_SECONDS} seconds from the server's time; sign the request again.`;
  const expected = Buffer.from(webhookSignature(secret, timestamp, request.body));
  const given = Buffer.from(request.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return `${SIGNATURE_HEADER} does not match the body and timestamp signed with this webhook's secret.`;
  return null;
}
