import { describe, expect, test } from 'vitest';
import { signatureProblem, webhookSignature } from './webhook-signature';

const secret = 'whsec_test';
const body = Buffer.from('{"a":1}');
const now = new Date('2027-01-15T10:00:00Z');
const at = now.getTime() / 1000;
const signed = (timestamp: number, payload: Buffer = body) => webhookSignature(secret, timestamp, payload);

describe('webhook signatures', () => {
  test('HMAC-SHA256 over "<timestamp>.<body>", hex, with a version prefix', () => {
    expect(webhookSignature(secret, 1_800_000_000, body)).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(webhookSignature(secret, 1, body)).not.toBe(webhookSignature(secret, 2, body));
  });

  test('a correct signature within the window holds', () => {
    expect(
      signatureProblem(secret, { timestamp: String(at - 299), signature: signed(at - 299), body }, now),
    ).toBeNull();
  });

  test.each([
    ['no signature', { timestamp: String(at), signature: undefined }, 'Sign the request'],
    ['no timestamp', { timestamp: undefined, signature: signed(at) }, 'Sign the request'],
    ['a timestamp in milliseconds', { timestamp: String(at * 1000), signature: signed(at * 1000) }, 'Unix seconds'],
    ['a timestamp that is not a number', { timestamp: '12abc', signature: signed(at) }, 'Unix seconds'],
    ['a stale timestamp', { timestamp: String(at - 301), signature: signed(at - 301) }, 'seconds from'],
    ['another timestamp than signed', { timestamp: String(at), signature: signed(at - 1) }, 'does not match'],
    ['another body than signed', { timestamp: String(at), signature: signed(at, Buffer.from('{}')) }, 'does not match'],
    ['a truncated signature', { timestamp: String(at), signature: signed(at).slice(0, 20) }, 'does not match'],
  ])('%s is refused', (_case, request, message) => {
    expect(signatureProblem(secret, { ...request, body }, now)).toContain(message);
  });
});
