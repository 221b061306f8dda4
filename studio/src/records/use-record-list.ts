import { computed, markRaw, type Ref, ref, shallowRef, watch } from 'vue';
import type { FieldMeta, ObjectMeta } from '../api/metadata-types';
import { type Filter, listRecords, type OrderBy } from './records-api';
import type { RecordData } from './selection';

const PAGE = 50;

/**
 * A cursor-paginated list of records for a filter and order; `loadMore` appends the next page,
 * `reload` refetches as many rows as are shown (used by live updates, keeping the scroll place).
 * With `fields`, only those are fetched (a table asks for its visible columns), and a change of
 * them refetches. Rows are plain objects (`markRaw`): nothing watches inside a record.
 */
export function useRecordList(
  object: ObjectMeta,
  filter: Ref<Filter | null>,
  orderBy: Ref<OrderBy>,
  fields?: Ref<FieldMeta[] | undefined>,
) {
  const records = shallowRef<RecordData[]>([]);
  const totalCount = ref(0);
  const endCursor = ref<string | null>(null);
  const hasMore = ref(false);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** True once a first page has arrived: what waits for it (totals) starts then. */
  const shown = ref(false);
  let generation = 0;

  async function fetchPage(first: number, after: string | null, append: boolean): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const page = await listRecords(object, {
        filter: filter.value,
        orderBy: orderBy.value,
        first,
        after,
        fields: fields?.value,
      });
      if (mine !== generation) return;
      const nodes = page.nodes.map((n) => markRaw(n));
      records.value = append ? [...records.value, ...nodes] : nodes;
      shown.value = true;
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
    records.value = records.value.map((r) => (r.id === record.id ? markRaw(record) : r));
  }

  watch([filter, orderBy], () => void fetchPage(PAGE, null, false), { deep: true, immediate: true });
  // Another set of columns: the rows shown again with them (a column taken away needs nothing).
  watch(
    () => fields?.value?.map((f) => f.name).join(','),
    (now, before) => {
      const added = now?.split(',').some((name) => !before?.split(',').includes(name));
      if (before !== undefined && added) void reload();
    },
  );

  return {
    records,
    totalCount: computed(() => totalCount.value),
    hasMore: computed(() => hasMore.value),
    loading: computed(() => loading.value),
    error: computed(() => error.value),
    shown: computed(() => shown.value),
    loadMore,
    reload,
    replace,
  };
}
