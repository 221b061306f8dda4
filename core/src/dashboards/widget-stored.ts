import { type ShownAnalysis, type StoredAnalysis, showAnalysis, storeAnalysis } from '../analytics';
import { badInput } from '../errors';
import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { type AggregateColumn, aggregateCatalog, canReadObject, type DateBucket, readableCatalog } from '../query';
import { readFilter, type SegmentFilter, storedFilter } from '../segments';
import type { MeasureFunction, WidgetInput, WidgetKind } from './dashboard-input';

/** A widget as stored: the object and fields by id (standard columns by name), the filter by ids. */
export interface StoredWidget {
  id: string;
  title: string;
  kind: WidgetKind;
  objectId: string;
  measure: { function: MeasureFunction; key: string | null };
  groupBy: { key: string; bucket: DateBucket | null } | null;
  filter: SegmentFilter | null;
  segmentId: string | null;
  /** NUMBER: the date column periods are cut on, and their length. */
  compare?: { key: string; days: number };
  /** Analytical widgets: what they read, by ids (absent on aggregate widgets). */
  analysis?: StoredAnalysis;
  layout: WidgetInput['layout'];
}

/** A widget as one role sees it: with today's names when it may read all it names. */
export interface ShownWidget {
  id: string;
  title: string;
  kind: WidgetKind;
  layout: WidgetInput['layout'];
  /** OK; RESTRICTED: it names what the role cannot read (no data); BROKEN: what it names is gone. */
  state: 'OK' | 'RESTRICTED' | 'BROKEN';
  problem: string | null;
  /** The definition with today's names; null when BROKEN, or RESTRICTED for a hidden object. */
  definition: WidgetInput | null;
}

const keyOf = (column: AggregateColumn) => (column.field ? `f:${column.field.id}` : column.name);

function column(columns: AggregateColumn[], name: string, path: string, what: string): AggregateColumn {
  const found = columns.find((c) => c.name === name);
  if (!found)
    throw badInput(path, `${name} cannot be ${what}; choose one of ${columns.map((c) => c.name).join(', ')}.`);
  return found;
}

/** `input` stored by ids, checked against the object's aggregate catalog. @throws BAD_USER_INPUT on `path...` */
export function storeWidget(snapshot: WorkspaceSnapshot, input: WidgetInput, path: string): StoredWidget {
  const object = snapshot.objects.find((o) => o.nameSingular === input.object);
  if (!object) throw badInput(`${path}.object`, `No object named "${input.object}".`);
  const catalog = aggregateCatalog(snapshot, object);
  const fn = input.measure.function;
  const measured = input.measure.field
    ? column(
        fn === 'SUM' || fn === 'AVG' ? catalog.numeric : catalog.ordered,
        input.measure.field,
        `${path}.measure.field`,
        `${fn === 'SUM' || fn === 'AVG' ? 'summed' : 'compared'} (${fn})`,
      )
    : null;
  const grouped = input.groupBy
    ? column(catalog.groupable, input.groupBy.field, `${path}.groupBy.field`, 'grouped by')
    : null;
  const dated = grouped?.type === 'DATE' || grouped?.type === 'DATE_TIME';
  const dates = catalog.ordered.filter((c) => c.type === 'DATE' || c.type === 'DATE_TIME');
  const compared = input.compare ? column(dates, input.compare.field, `${path}.compare.field`, 'a period') : null;
  if (input.groupBy?.bucket && !dated) throw badInput(`${path}.groupBy.bucket`, 'Only date fields group by a bucket.');
  return {
    id: input.id,
    title: input.title,
    kind: input.kind,
    objectId: object.id,
    measure: { function: fn, key: measured ? keyOf(measured) : null },
    groupBy: grouped ? { key: keyOf(grouped), bucket: dated ? (input.groupBy?.bucket ?? 'month') : null } : null,
    filter: input.filter ? storedFilter(snapshot, object, input.filter, `${path}.filter`) : null,
    segmentId: input.segment ?? null,
    ...(compared && input.compare ? { compare: { key: keyOf(compared), days: input.compare.days } } : {}),
    ...(input.analysis ? { analysis: storeAnalysis(snapshot, object, input.analysis, `${path}.analysis`) } : {}),
    layout: input.layout,
  };
}

/** The widget for `permissions`: names resolved in the role's own catalog (what its schema offers). */
export function showWidget(
  snapshot: WorkspaceSnapshot,
  permissions: RolePermissions,
  stored: StoredWidget,
): ShownWidget {
  const base = { id: stored.id, title: stored.title, kind: stored.kind, layout: stored.layout };
  const object: ObjectMetadata | undefined = snapshot.objects.find((o) => o.id === stored.objectId);
  if (!object) return { ...base, state: 'BROKEN', problem: 'The object it reads was deleted.', definition: null };
  const hidden = {
    ...base,
    state: 'RESTRICTED' as const,
    problem: 'It reads data your role cannot see.',
    definition: null,
  };
  if (!canReadObject(permissions, object)) return hidden;
  const all = aggregateCatalog(snapshot, object);
  const readable = readableCatalog(snapshot, object, permissions);
  const find = (columns: AggregateColumn[], key: string) => columns.find((c) => keyOf(c) === key);
  const gone = (key: string | null, columns: AggregateColumn[]) => key !== null && !find(columns, key);
  const allColumns = [...all.groupable, ...all.numeric, ...all.ordered];
  if (
    gone(stored.measure.key, allColumns) ||
    (stored.groupBy && gone(stored.groupBy.key, allColumns)) ||
    (stored.compare && gone(stored.compare.key, allColumns))
  )
    return {
      ...base,
      state: 'BROKEN',
      problem: 'A field it reads was deleted or changed type; edit the widget.',
      definition: null,
    };
  const columns = [...readable.groupable, ...readable.numeric, ...readable.ordered];
  const measured = stored.measure.key ? find(columns, stored.measure.key) : null;
  const grouped = stored.groupBy ? find(columns, stored.groupBy.key) : null;
  const compared = stored.compare ? find(columns, stored.compare.key) : null;
  const filter = stored.filter ? readFilter(snapshot, permissions, object, stored.filter) : null;
  const analysis: ShownAnalysis | null = stored.analysis
    ? showAnalysis(snapshot, permissions, object, stored.analysis)
    : null;
  if (measured === undefined || grouped === undefined || compared === undefined || filter?.kind === 'restricted')
    return hidden;
  if (analysis?.state === 'RESTRICTED') return hidden;
  if (analysis?.state === 'BROKEN') return { ...base, state: 'BROKEN', problem: analysis.problem, definition: null };
  if (filter?.kind === 'broken')
    return { ...base, state: 'BROKEN', problem: `Its filter no longer applies: ${filter.reason}.`, definition: null };
  return {
    ...base,
    state: 'OK',
    problem: null,
    definition: {
      ...base,
      object: object.nameSingular,
      measure: { function: stored.measure.function, field: measured?.name ?? null },
      groupBy: grouped && stored.groupBy ? { field: grouped.name, bucket: stored.groupBy.bucket } : null,
      filter: filter?.kind === 'ok' ? filter.filter : null,
      segment: stored.segmentId,
      ...(compared && stored.compare ? { compare: { field: compared.name, days: stored.compare.days } } : {}),
      ...(analysis?.state === 'OK' ? { analysis: analysis.input } : {}),
    },
  };
}
