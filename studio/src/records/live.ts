import { onBeforeUnmount } from 'vue';
import type { ObjectMeta } from '../api/metadata-types';
import { subscribe } from '../api/subscribe';

export interface ChangeNotice {
  kind: string;
  id: string;
  changedFields: string[];
  /** Durable position of the change: the stream resumes after it when it reconnects. */
  eventId: string;
}

/** A change of an activity as `activityChanged` streams it. */
export interface ActivityChangeNotice extends ChangeNotice {
  object: string;
}

/**
 * Opens `query` (a subscription answering `change`) and calls `onChange` with the accepted changes,
 * debounced so a bulk import refreshes once. Closes with the calling component.
 */
function useChangeStream<T extends ChangeNotice>(
  query: string,
  accept: (change: T) => boolean,
  onChange: (changes: T[]) => void,
  delay: number,
): void {
  let pending: T[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const close = subscribe<{ change: T }>(
    query,
    {},
    (data) => {
      if (!accept(data.change)) return;
      pending.push(data.change);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const batch = pending;
        pending = [];
        onChange(batch);
      }, delay);
    },
    (data) => data.change.eventId,
  );
  onBeforeUnmount(() => {
    clearTimeout(timer);
    close();
  });
}

/** Calls `onChange` (debounced) whenever a record of `object` is created, updated or deleted by anyone. */
export function useLiveChanges(object: ObjectMeta, onChange: (changes: ChangeNotice[]) => void, delay = 250): void {
  const query = `subscription Live { change: ${object.nameSingular}Changed { kind id changedFields eventId } }`;
  useChangeStream<ChangeNotice>(query, () => true, onChange, delay);
}

/**
 * Calls `onChange` (debounced) whenever an activity of one of `objects` (singular API names)
 * changes, over ONE stream for every activity object: a record page already holds several
 * streams, and a browser opens only six to one host over HTTP/1.1.
 */
export function useActivityChanges(
  objects: ReadonlySet<string>,
  onChange: (changes: ActivityChangeNotice[]) => void,
  delay = 250,
): void {
  if (objects.size === 0) return;
  const query = 'subscription Activities { change: activityChanged { object kind id changedFields eventId } }';
  useChangeStream<ActivityChangeNotice>(query, (change) => objects.has(change.object), onChange, delay);
}
