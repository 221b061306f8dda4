import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { isRelataError } from '../../errors';
import { type ObjectMetadata, stableKey } from '../../metadata';
import { checkSettingsFields, type ViewSettings, viewKind, viewSettings } from '../../views';
import type { BundleFile, BundleSection, BundleStep, SectionContext } from '../bundle-section';
import { fileError, readDocument, toYaml } from '../bundle-yaml';
import { canonicalJson, plain, translateFieldRef, translateFilter } from '../key-filters';
import { KeyMap } from '../key-map';
import type { BundleRefs } from '../sections/bundle-refs';
import { sectionRefs } from '../sections/section-refs';
import { ownersFromEmails, ownersToEmails } from '../sections/step-users';

const fieldRef = z.string().min(1).max(66);

/** `views/<key>.yaml`: a shared view (personal views belong to their users and stay out of bundles). */
const viewDocument = z.strictObject({
  key: stableKey,
  /** Key of the object the view lists. */
  object: stableKey,
  name: z.string().trim().min(1).max(80),
  kind: viewKind,
  position: z.number().int().min(0).max(1_000_000),
  /** A data API filter naming fields by key. */
  filter: z.record(z.string(), z.unknown()).optional(),
  orderBy: z
    .array(
      z.strictObject({
        field: fieldRef,
        direction: z.enum(['AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast']),
      }),
    )
    .optional(),
  columns: z
    .array(z.strictObject({ field: fieldRef, width: z.number().int().min(40).max(2000).optional() }))
    .optional(),
  groupBy: fieldRef.optional(),
  sumField: fieldRef.optional(),
  weightField: fieldRef.optional(),
  cardFields: z.array(fieldRef).max(8).optional(),
});
type ViewDocument = z.infer<typeof viewDocument>;

interface ViewRow {
  id: string;
  key: string;
  object_id: string;
  name: string;
  kind: ViewDocument['kind'];
  owner_user_id: string | null;
  settings: unknown;
  position: number;
}

export interface ViewStepPayload {
  id: string;
  objectId: string;
  key: string;
  name: string;
  kind: ViewDocument['kind'];
  position: number;
  settings: ViewSettings | null;
}

type Direction = 'toKeys' | 'toNames';

/** View settings with every field reference translated (names <-> keys), nothing else touched. */
function translated(keys: KeyMap, object: ObjectMetadata, s: ViewSettings, direction: Direction): ViewSettings {
  const ref = (token: string) => translateFieldRef(object, token, direction);
  const maybe = (token: string | null | undefined) => (token == null ? token : ref(token));
  return {
    ...s,
    filter:
      s.filter == null
        ? s.filter
        : (plain(translateFilter(keys, object, s.filter, direction)) as ViewSettings['filter']),
    orderBy: s.orderBy.map((o) => ({ ...o, field: ref(o.field) })),
    columns: s.columns.map((c) => ({ ...c, field: ref(c.field) })),
    groupBy: maybe(s.groupBy),
    sumField: maybe(s.sumField),
    weightField: maybe(s.weightField),
    cardFields: s.cardFields?.map(ref) ?? s.cardFields,
  };
}

/** A view's document: its settings (by key) with empty parts left out, in the file's key order. */
function documentOf(
  head: Pick<ViewDocument, 'key' | 'object' | 'name' | 'kind' | 'position'>,
  s: ViewSettings,
): ViewDocument {
  const document: ViewDocument = {
    key: head.key,
    object: head.object,
    name: head.name,
    kind: head.kind,
    position: head.position,
  };
  if (s.filter != null) document.filter = s.filter as Record<string, unknown>;
  if (s.orderBy.length > 0) document.orderBy = s.orderBy;
  if (s.columns.length > 0)
    document.columns = s.columns.map((c) =>
      c.width == null ? { field: c.field } : { field: c.field, width: c.width },
    );
  if (s.groupBy != null) document.groupBy = s.groupBy;
  if (s.sumField != null) document.sumField = s.sumField;
  if (s.weightField != null) document.weightField = s.weightField;
  if (s.cardFields != null) document.cardFields = s.cardFields;
  return document;
}

/** A stored view as its document, its settings' names read in `keys`' snapshot, owners by email. */
function toDocument(keys: KeyMap, refs: BundleRefs, row: ViewRow): ViewDocument {
  const object = keys.objectById(row.object_id)!;
  const byKey = translated(keys, object, viewSettings.parse(row.settings), 'toKeys');
  const site = { file: `views/${row.key}.yaml` };
  const settings = { ...byKey, filter: ownersToEmails(byKey.filter, refs, site, 'filter') as ViewSettings['filter'] };
  return documentOf(
    { key: row.key, object: object.key, name: row.name, kind: row.kind, position: row.position },
    settings,
  );
}

/** The stored settings a document asks for, by the names of the workspace as planned. */
function settingsOf(keys: KeyMap, refs: BundleRefs, object: ObjectMetadata, document: ViewDocument, file: string) {
  const { key: _k, object: _o, name: _n, kind: _kind, position: _p, ...rest } = document;
  const byKey = viewSettings.parse(rest);
  try {
    checkSettingsFields(object, new Set(object.fields.map((f) => f.key)), byKey, 'view');
  } catch (error) {
    if (!isRelataError(error)) throw error;
    throw fileError(file, String(error.details.field ?? '').replace(/^view\.settings\./, ''), error.message);
  }
  const owners = ownersFromEmails(byKey.filter, refs, { file }, 'filter') as ViewSettings['filter'];
  return { byKey, byName: translated(keys, object, { ...byKey, filter: owners }, 'toNames') };
}

const rowsOf = async (ctx: SectionContext) =>
  (
    await ctx.tx.query<ViewRow>(
      'select id, key, object_id, name, kind, owner_user_id, settings, position from relata.views where workspace_id = $1 order by key',
      [ctx.workspaceId],
    )
  ).rows;

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** `views/<key>.yaml`: the workspace's shared views, their filters, sorts and columns by field key. */
export const viewsSection: BundleSection<ViewStepPayload> = {
  name: 'views',
  folder: 'views',
  noun: 'view',
  async export(ctx): Promise<BundleFile[]> {
    const rows = (await rowsOf(ctx)).filter((r) => r.owner_user_id === null && ctx.keys.objectById(r.object_id));
    const refs = await sectionRefs(ctx);
    return rows.map((row) => ({ path: `views/${row.key}.yaml`, content: toYaml(toDocument(ctx.keys, refs, row)) }));
  },

  async plan(ctx, files) {
    const rows = await rowsOf(ctx);
    const refs = await sectionRefs(ctx);
    const before = new KeyMap(ctx.before);
    const steps: BundleStep<ViewStepPayload>[] = [];
    const listed = new Set<string>();
    for (const file of files) {
      const document = readDocument(file, viewDocument);
      if (file.path !== `views/${document.key}.yaml`)
        throw fileError(file.path, 'key', `the file of view "${document.key}" is views/${document.key}.yaml.`);
      listed.add(document.key);
      const object = ctx.keys.object(document.object);
      if (!object) throw fileError(file.path, 'object', `no object has the key "${document.object}".`);
      const { byKey, byName: settings } = settingsOf(ctx.keys, refs, object, document, file.path);
      const row = rows.find((r) => r.key === document.key);
      if (row && row.owner_user_id !== null)
        throw fileError(file.path, 'key', `"${document.key}" is the key of a personal view; choose another.`);
      const payload: ViewStepPayload = {
        id: row?.id ?? uuidv7(),
        objectId: object.id,
        key: document.key,
        name: document.name,
        kind: document.kind,
        position: document.position,
        settings,
      };
      if (row) {
        // Compared by key: stored names are the workspace's before the bundle's renames.
        const unchanged =
          row.object_id === object.id && same(toDocument(before, refs, row), documentOf(document, byKey));
        if (unchanged) continue;
        if (row.object_id !== object.id)
          throw fileError(file.path, 'object', 'a view keeps its object; give a view of another object a new key.');
      }
      const kind = !row ? 'create' : row.name !== document.name ? 'rename' : 'update';
      steps.push({
        section: 'views',
        kind,
        target: `view ${document.key}`,
        sql: [],
        summary: ['Changes a saved view; no stored data is touched.'],
        impact: { affectedRows: null, droppedRows: null },
        warnings: [],
        payload,
      });
    }
    const kept: string[] = [];
    for (const row of rows.filter((r) => r.owner_user_id === null && !listed.has(r.key))) {
      if (!ctx.prune(`view ${row.key}`)) kept.push(`view ${row.key}`);
      else
        steps.push({
          section: 'views',
          kind: 'delete',
          target: `view ${row.key}`,
          sql: [],
          summary: ['Deletes a saved view; no records are touched.'],
          impact: { affectedRows: null, droppedRows: null },
          warnings: [],
          payload: {
            id: row.id,
            objectId: row.object_id,
            key: row.key,
            name: row.name,
            kind: row.kind,
            position: row.position,
            settings: null,
          },
        });
    }
    return { steps, kept };
  },

  async apply(ctx, steps) {
    for (const { payload: p } of steps) {
      if (p.settings === null) {
        await ctx.tx.query('delete from relata.views where id = $1', [p.id]);
        continue;
      }
      await ctx.tx.query(
        `insert into relata.views (id, workspace_id, object_id, key, name, kind, owner_user_id, settings, position)
         values ($1, $2, $3, $4, $5, $6, null, $7, $8)
         on conflict (id) do update set name = excluded.name, kind = excluded.kind, settings = excluded.settings,
           position = excluded.position, updated_at = now()`,
        [p.id, ctx.workspaceId, p.objectId, p.key, p.name, p.kind, JSON.stringify(p.settings), p.position],
      );
    }
  },
};
