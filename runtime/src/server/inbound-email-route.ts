import { INBOUND_EMAIL_LIMIT_BYTES, receiveInboundEmail } from '@relata/core';
import type { Router } from 'express';
import { inboundHookRoute } from './inbound-hook-route';
import type { RuntimeServices } from './services';

/**
 * `POST /hooks/email/:workspaceId`: a workspace's inbound-email webhook, taking the raw email
 * (`message/rfc822`, up to INBOUND_EMAIL_LIMIT_BYTES with attachments) signed with the
 * workspace's inbound-email secret (see `receiveInboundEmail`). Answers 201 with the message's id,
 * or 200 when the Message-ID was stored already.
 */
export function inboundEmailRoutes(services: RuntimeServices): Router {
  return inboundHookRoute({
    path: '/email',
    limitBytes: INBOUND_EMAIL_LIMIT_BYTES,
    noun: 'emails',
    receive: (delivery) => receiveInboundEmail(services, delivery),
  });
}
