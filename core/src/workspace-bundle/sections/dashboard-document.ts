import { z } from 'zod';
import { ANALYSIS_KINDS, type StoredAnalysis } from '../../analytics';
import { MEASURE_FUNCTIONS, type StoredWidget, WIDGET_KINDS } from '../../dashboards';
import { DATE_BUCKETS } from '../../query';
import type { systemEntity } from '../../system';
import { type BundleRefs, type DocumentSite, knownId, knownKey } from './bundle-refs';
import { documentKey, jsonObject } from './document-schema';
import { jsonToIds, jsonToKeys, objectToKey } from './id-tokens';
import { filterFromFile, filterToFile } from './stored-filters';

/** A column a widget measures or groups by: a standard column's name, or `f:{object.field}`. */
const columnRef = z.string().min(1);

const widgetDocument = z.strictObject({
  id: z.string().min(1),
  title: z.string().min(1),
  kind: z.enum(WIDGET_KINDS),
  object: documentKey,
  measure: z.strictObject({ function: z.enum(MEASURE_FUNCTIONS), key: columnRef.nullable() }),
  groupBy: z.strictObject({ key: columnRef, bucket: z.enum(DATE_BUCKETS).nullable() }).nullable(),
  filter: jsonObject.nullable(),
  /** The key of a segment of the same object (in the workspace or the bundle). */
  segment: documentKey.nullable(),
  /** NUMBER widgets: the date column periods are cut on, and their length (only when set). */
  compare: z.strictObject({ key: columnRef, days: z.number().int().positive() }).optional(),
  /** Analytical widgets: what they read (objects and fields by key) and their settings (only when set). */
  analysis: z
    .strictObject({
      kind: z.enum(ANALYSIS_KINDS),
      related: documentKey.nullable(),
      fields: z.record(z.string(), columnRef),
      settings: z.record(z.string(), z.number()),
    })
    .optional(),
  layout: z.strictObject({ x: z.number().int(), y: z.number().int(), w: z.number().int(), h: z.number().int() }),
});

/** `dashboards/<key>.yaml`: a dashboard and its widgets, objects, fields and segments by key. */
export const dashboardDocument = z.strictObject({
  key: documentKey,
  name: z.string().min(1),
  label: z.string().min(1),
  description: z.string().nullable(),
  widgets: z.array(widgetDocument).max(24),
});
export type DashboardDocument = z.infer<typeof dashboardDocument>;

export type DashboardValues = Pick<systemEntity.Dashboard, 'key' | 'name' | 'label' | 'description' | 'widgets'>;

type AnalysisDocument = NonNullable<z.infer<typeof widgetDocument>['analysis']>;
type Stored = StoredAnalysis & { settings?: Record<string, number> };

/** A stored analysis with ids as keys: the related object by key, fields as `{object.field}` tokens. */
function analysisToDocument(a: Stored, refs: BundleRefs, site: DocumentSite, at: string): AnalysisDocument {
  const related = a.objectIds.related;
  return {
    kind: a.kind,
    related: related ? objectToKey(related, refs, site, `${at}.related`) : null,
    fields: jsonToKeys(a.fieldIds, refs) as Record<string, string>,
    settings: { ...(a.settings ?? {}) },
  };
}

function analysisFromDocument(doc: AnalysisDocument, refs: BundleRefs, site: DocumentSite, at: string): Stored {
  const objectIds: Record<string, string> = Object.create(null);
  if (doc.related)
    objectIds.related = knownId(site, `${at}.related`, refs.objectId(doc.related), `object "${doc.related}"`);
  const settings: Record<string, number> = Object.create(null);
  for (const [key, value] of Object.entries(doc.settings)) settings[key] = value;
  return {
    kind: doc.kind,
    objectIds: { ...objectIds },
    fieldIds: jsonToIds(doc.fields, refs, site, `${at}.fields`) as Record<string, string>,
    settings: { ...settings },
  };
}

export function dashboardToDocument(row: DashboardValues, refs: BundleRefs, site: DocumentSite): DashboardDocument {
  return {
    key: row.key,
    name: row.name,
    label: row.label,
    description: row.description ?? null,
    widgets: (row.widgets as StoredWidget[]).map((w, i) => {
      const at = `widgets[${i}]`;
      return {
        id: w.id,
        title: w.title,
        kind: w.kind,
        object: objectToKey(w.objectId, refs, site, `${at}.object`),
        measure: { function: w.measure.function, key: w.measure.key && (jsonToKeys(w.measure.key, refs) as string) },
        groupBy: w.groupBy && { key: jsonToKeys(w.groupBy.key, refs) as string, bucket: w.groupBy.bucket },
        filter: w.filter && (filterToFile(w.filter, refs, site, `${at}.filter`) as Record<string, unknown>),
        segment: w.segmentId && knownKey(site, `${at}.segment`, refs.rowKey('segment', w.segmentId), 'segment'),
        ...(w.compare ? { compare: { key: jsonToKeys(w.compare.key, refs) as string, days: w.compare.days } } : {}),
        ...(w.analysis ? { analysis: analysisToDocument(w.analysis, refs, site, `${at}.analysis`) } : {}),
        layout: { x: w.layout.x, y: w.layout.y, w: w.layout.w, h: w.layout.h },
      };
    }),
  };
}

export function dashboardFromDocument(doc: DashboardDocument, refs: BundleRefs, site: DocumentSite): DashboardValues {
  const widgets = doc.widgets.map((w, i): StoredWidget => {
    const at = `widgets[${i}]`;
    const ids = (value: unknown, path: string) => jsonToIds(value, refs, site, path);
    return {
      id: w.id,
      title: w.title,
      kind: w.kind,
      objectId: knownId(site, `${at}.object`, refs.objectId(w.object), `object "${w.object}"`),
      measure: {
        function: w.measure.function,
        key: w.measure.key && (ids(w.measure.key, `${at}.measure.key`) as string),
      },
      groupBy: w.groupBy && { key: ids(w.groupBy.key, `${at}.groupBy.key`) as string, bucket: w.groupBy.bucket },
      filter: w.filter && (filterFromFile(w.filter, refs, site, `${at}.filter`) as Record<string, unknown>),
      segmentId:
        w.segment && knownId(site, `${at}.segment`, refs.rowId('segment', w.segment), `segment "${w.segment}"`),
      ...(w.compare
        ? { compare: { key: ids(w.compare.key, `${at}.compare.key`) as string, days: w.compare.days } }
        : {}),
      ...(w.analysis ? { analysis: analysisFromDocument(w.analysis, refs, site, `${at}.analysis`) } : {}),
      layout: w.layout,
    };
  });
  return { key: doc.key, name: doc.name, label: doc.label, description: doc.description, widgets };
}
