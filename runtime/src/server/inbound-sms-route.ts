import { INBOUND_SMS_LIMIT_BYTES, receiveInboundSms } from '@relata/core';
import type { Router } from 'express';
import { inboundHookRoute } from './inbound-hook-route';
import type { RuntimeServices } from './services';

/**
 * `POST /hooks/sms/:workspaceId`: a workspace's inbound-SMS webhook, where the SMS provider POSTs
 * each received text as JSON signed with the workspace's inbound-SMS secret (see
 * `receiveInboundSms`). Answers 201 with the message's id, or 200 when the provider's message id
 * was stored already.
 */
export function inboundSmsRoutes(services: RuntimeServices): Router {
  return inboundHookRoute({
    path: '/sms',
    limitBytes: INBOUND_SMS_LIMIT_BYTES,
    noun: 'SMS',
    receive: (delivery) => receiveInboundSms(services, delivery),
  });
}
