import { computed, type Ref, ref, shallowRef, watch } from 'vue';
import type { ObjectMeta } from '../api/metadata-types';
import { type Filter, listRecords, type OrderBy } from './records-api';
import type { RecordData } from './selection';

const PAGE = 50;

/**
 * A cursor-paginated list of records for a filter and order; `loadMore` appends the next page,
 * `reload` refetches as many rows as are shown (used by live updates, keeping the scroll place).
 */
export function useRecordList(object: ObjectMeta, filter: Ref<Filter | null>, orderBy: Ref<OrderBy>) {
  const records = shallowRef<RecordData[]>([]);
  const totalCount = ref(0);
  const endCursor = ref<string | null>(null);
  const hasMore = ref(false);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let generation = 0;

  async function fetchPage(first: number, after: string | null, append: boolean): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const page = await listRecords(object, { filter: filter.value, orderBy: orderBy.value, first, after });
      if (mine !== generation) return;
      records.value = append ? [...records.value, ...page.nodes] : page.nodes;
      totalCount.value = page.totalCount;
      endCursor.value = page.pageInfo.endCursor;
      hasMore.value = page.pageInfo.hasNextPage;
      error.value = null;
    } catch (e) {
      if (mine === generation) error.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  function loadMore(): void {
    if (loading.value || !hasMore.value) return;
    void fetchPage(PAGE, endCursor.value, true);
  }

  function reload(): Promise<void> {
    return fetchPage(Math.min(Math.max(records.value.length, PAGE), 500), null, false);
  }

  /** Replaces one record in place after an edit, without a round trip. */
  function replace(record: RecordData): void {
    records.value = records.value.map((r) => (r.id === record.id ? record : r));
  }

  watch([filter, orderBy], () => void fetchPage(PAGE, null, false), { deep: true, immediate: true });

  return {
    records,
    totalCount: computed(() => totalCount.value),
    hasMore: computed(() => hasMore.value),
    loading: computed(() => loading.value),
    error: computed(() => error.value),
    loadMore,
    reload,
    replace,
  };
}
