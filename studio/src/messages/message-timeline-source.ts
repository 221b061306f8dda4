import type { TimelineSource } from '../timeline/timeline-sources';
import MessageThread from './message-thread.vue';
import { fetchLinkedMessages, messageObject, threadsOf } from './messages-api';

/**
 * The record's messages on its timeline, one entry per conversation (replies under the first
 * message), under the "Messages" filter.
 */
export const messageSource: TimelineSource = {
  kinds: () => (messageObject() ? [{ value: 'message', label: 'Messages' }] : []),
  async load(object, id) {
    const target = { object: object.nameSingular, id };
    return threadsOf(await fetchLinkedMessages(target)).map((thread) => ({
      key: `message:${thread.key}`,
      kind: 'message',
      at: thread.at,
      actor: { id: null, kind: null, via: null },
      view: { component: MessageThread, props: { thread, target } },
    }));
  },
  // Followed on the timeline's one activity stream (useActivityChanges), not a stream of its own.
  watches: () => {
    const object = messageObject();
    return object ? [object] : [];
  },
};
