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
