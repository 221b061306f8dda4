import { onBeforeUnmount } from 'vue';
import type { ObjectMeta } from '../api/metadata-types';
import { subscribe } from '../api/subscribe';

export interface ChangeNotice {
  kind: string;
  id: string;
  changedFields: string[];
}

/**
 * Calls `onChange` (debounced, so a bulk import refreshes once) whenever a record of `object`
 * is created, updated or deleted by anyone. Closes with the calling component.
 */
export function useLiveChanges(object: ObjectMeta, onChange: (changes: ChangeNotice[]) => void, delay = 250): void {
  const query = `subscription Live { change: ${object.nameSingular}Changed { kind id changedFields } }`;
  let pending: ChangeNotice[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const close = subscribe<{ change: ChangeNotice }>(query, {}, (data) => {
    pending.push(data.change);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const batch = pending;
      pending = [];
      onChange(batch);
    }, delay);
  });
  onBeforeUnmount(() => {
    clearTimeout(timer);
    close();
  });
}

/** A change of an activity as `activityChanged` streams it. */
export interface ActivityChangeNotice extends ChangeNotice {
  object: string;
}

/**
 * Calls `onChange` (debounced) whenever an activity of one of `objects` (singular API names)
 * changes, over ONE stream for every activity object: a record page already holds several
 * streams, and a browser opens only six to one host over HTTP/1.1. Closes with the component.
 */
export function useActivityChanges(
  objects: ReadonlySet<string>,
  onChange: (changes: ActivityChangeNotice[]) => void,
  delay = 250,
): void {
  if (objects.size === 0) return;
  const query = 'subscription Activities { change: activityChanged { object kind id changedFields } }';
  let pending: ActivityChangeNotice[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const close = subscribe<{ change: ActivityChangeNotice }>(query, {}, (data) => {
    if (!objects.has(data.change.object)) return;
    pending.push(data.change);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const batch = pending;
      pending = [];
      onChange(batch);
    }, delay);
  });
  onBeforeUnmount(() => {
    clearTimeout(timer);
    close();
  });
}
