import type { SqlExecutor } from '../db';
import { carriedFilter, carriedName, type FieldDependent, writeCarriedJson } from './field-dependents';
import type { WorkspaceSnapshot } from './types';

/** The parts of saved view settings that name fields (the views layer owns the full schema). */
interface StoredSettings {
  filter?: unknown;
  orderBy?: { field: string }[];
  columns?: { field: string }[];
  groupBy?: string | null;
  sumField?: string | null;
  weightField?: string | null;
  cardFields?: string[] | null;
  [key: string]: unknown;
}

interface ViewRow {
  id: string;
  name: string;
  object_id: string;
  settings: StoredSettings;
}

/** What a change does to the saved views: the ones it breaks, and the settings it carries. */
export interface ViewChanges {
  broken: FieldDependent[];
  carried: { id: string; settings: StoredSettings }[];
}

/**
 * Views follow their fields by id: a column, sort key or card field of a deleted field is
 * dropped, a renamed field's name follows into the filter, columns, sort, card fields, groupBy,
 * sumField and weightField. A filter naming a deleted or retyped field, or a
 * groupBy/sumField/weightField whose field is deleted, breaks the view instead.
 */
export async function viewChanges(
  tx: SqlExecutor,
  before: WorkspaceSnapshot,
  after: WorkspaceSnapshot,
): Promise<ViewChanges> {
  const { rows } = await tx.query<ViewRow>(
    'select id, name, object_id, settings from relata.views where workspace_id = $1 order by name',
    [before.workspaceId],
  );
  const result: ViewChanges = { broken: [], carried: [] };
  for (const view of rows) {
    if (!after.objects.some((o) => o.id === view.object_id)) continue;
    const object = before.objects.find((o) => o.id === view.object_id)?.nameSingular ?? view.object_id;
    const carry = (name: string) => carriedName(before, after, view.object_id, name);
    const breaks = (path: string) => result.broken.push({ kind: 'VIEW', name: view.name, object, path });
    const s = view.settings;
    const filter = carriedFilter(before, after, view.object_id, s.filter);
    if (filter === null && s.filter != null) breaks('settings.filter');
    const single = (key: 'groupBy' | 'sumField' | 'weightField') => {
      const name = s[key];
      if (name == null) return name;
      const next = carry(name);
      if (next === null) breaks(`settings.${key}`);
      return next;
    };
    const list = (items: { field: string }[] = []) =>
      items.flatMap((item) => {
        const next = carry(item.field);
        return next === null ? [] : [{ ...item, field: next }];
      });
    const settings: StoredSettings = {
      ...s,
      ...(s.filter == null ? {} : { filter }),
      orderBy: list(s.orderBy),
      columns: list(s.columns),
      groupBy: single('groupBy'),
      sumField: single('sumField'),
      ...(s.weightField === undefined ? {} : { weightField: single('weightField') }),
      ...(s.cardFields == null ? {} : { cardFields: s.cardFields.flatMap((name) => carry(name) ?? []) }),
    };
    if (JSON.stringify(settings) !== JSON.stringify({ ...s, orderBy: s.orderBy ?? [], columns: s.columns ?? [] })) {
      result.carried.push({ id: view.id, settings });
    }
  }
  return result;
}

export const writeCarriedViews = (tx: SqlExecutor, workspaceId: string, changes: ViewChanges): Promise<void> =>
  writeCarriedJson(tx, { table: 'relata.views', column: 'settings' }, workspaceId, changes.carried);
