import { watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import type { ObjectMeta } from '../api/metadata-types';
import { compileFilter, type Group, newGroup } from './filter-model';
import { defaultViewState, type ViewState, viewFromLink } from './view-state';

/** The query parameter holding a list's view. */
const PARAM = 'view';

/** What a link carries: how the list (or board) looks, not the local column widths. */
function linkForm(state: ViewState): Record<string, unknown> {
  const { type, columns, sort, filter, groupBy, sumField, weightField, cardFields, viewId } = state;
  return { type, columns, sort, filter, groupBy, sumField, weightField, cardFields, viewId };
}

/** A filter from a link is user input: anything that does not compile is dropped, not shown broken. */
function usableFilter(object: ObjectMeta, filter: unknown): Group {
  if (typeof filter !== 'object' || filter === null || (filter as Group).kind !== 'group') return newGroup('and');
  try {
    compileFilter(filter as Group, object.fields);
    return filter as Group;
  } catch {
    return newGroup('and');
  }
}

/**
 * Keeps the list's view (type, filter, sort, columns, grouping) in the URL's `view` parameter,
 * so the address of a list reopens it as it was, in any browser. A view in the URL when the
 * list opens wins over the one this browser last had.
 */
export function useViewInUrl(state: ViewState, object: ObjectMeta): void {
  const route = useRoute();
  const router = useRouter();
  const given = route.query[PARAM];
  if (typeof given === 'string') {
    try {
      const parsed = JSON.parse(given) as Record<string, unknown>;
      const linked = viewFromLink(object, { ...parsed, filter: usableFilter(object, parsed.filter) });
      // Column widths are this browser's own: a link does not carry them.
      Object.assign(state, { ...linked, widths: state.widths });
    } catch {
      // A mangled link opens the list as this browser last had it.
    }
  }
  // An untouched list keeps a clean address: a browser opening it without `view` shows the same.
  const untouched = JSON.stringify(linkForm(defaultViewState(object)));
  watch(
    () => JSON.stringify(linkForm(state)),
    (view) => {
      const { [PARAM]: current, ...rest } = route.query;
      const wanted = view === untouched ? undefined : view;
      if (current !== wanted)
        void router.replace({ query: wanted === undefined ? rest : { ...rest, [PARAM]: wanted } });
    },
    { immediate: true },
  );
}
