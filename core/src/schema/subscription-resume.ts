import { badInput } from '../errors';
import { durableChanges, type LoggedChange, parseEventCursor } from '../events';
import type { DataRequestContext } from './request-context';

/**
 * The changes of `objects` a subscription streams: from the durable log after the client's last
 * event (its `after` argument, else its `Last-Event-ID` header), else from now. Each subscription
 * applies the reader's CURRENT rights to every change, replayed or live alike.
 */
export function subscriptionChanges(
  ctx: DataRequestContext,
  objects: readonly string[],
  after: string | null | undefined,
): AsyncGenerator<LoggedChange> {
  const from = after ?? ctx.lastEventId ?? null;
  if (from !== null && !parseEventCursor(from))
    throw badInput('after', `after: "${from}" is not an event id; pass the eventId of the last change received.`);
  return durableChanges(ctx.db, ctx.events, ctx.workspace.id, objects, from, ctx.signal);
}
