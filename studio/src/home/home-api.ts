import { ACTIVITY_KINDS } from '../activities/activities-api';
import { gql } from '../api/graphql-client';
import type { FieldMeta, ObjectMeta } from '../api/metadata-types';
import { findObject, metadata, titleField, typeName } from '../metadata/metadata-store';
import { recordTitle } from '../records/format';
import { type AggregateGroup, aggregateBy, type Filter } from '../records/records-api';
import { titleSelection } from '../records/selection';

/** A record as the home page lists it: enough for a link with its title and when it changed. */
export interface RecordLink {
  object: ObjectMeta;
  id: string;
  title: string;
  updatedAt: string;
}

/**
 * One alias per object per request stays under the data API's alias limit (30, see
 * core/src/schema/request-limits.ts) with room for the operation's own fields.
 */
const MAX_OBJECTS_PER_REQUEST = 25;
const ACTIVITY_OBJECTS = new Set<string>(ACTIVITY_KINDS.map((k) => k.object));

/** The objects whose records the home page lists: every object but the activities (they have their own lists). */
function recordObjects(): ObjectMeta[] {
  return metadata.objects.value.filter((o) => !ACTIVITY_OBJECTS.has(o.nameSingular));
}

/**
 * The newest-changed records matching `filter` across objects, newest first, `limit` in all.
 * One request per 25 objects; each object's list applies the reader's rights as any list does.
 */
export async function fetchRecordsAcross(filter: Filter, limit: number): Promise<RecordLink[]> {
  const objects = recordObjects();
  const found: RecordLink[] = [];
  for (let start = 0; start < objects.length; start += MAX_OBJECTS_PER_REQUEST) {
    const slice = objects.slice(start, start + MAX_OBJECTS_PER_REQUEST);
    const query = `query Across(${slice.map((_, i) => `$f${i}: ${typeName(slice[i]!)}Filter`).join(', ')}) { ${slice
      .map(
        (o, i) =>
          `o${i}: ${o.namePlural}(filter: $f${i}, orderBy: [{ updatedAt: DescNullsLast }], first: ${limit}) { nodes { ${titleSelection(o)} updatedAt } }`,
      )
      .join(' ')} }`;
    const variables = Object.fromEntries(slice.map((_, i) => [`f${i}`, filter]));
    const data = await gql<Record<string, { nodes: Record<string, unknown>[] }>>('/graphql', query, variables);
    slice.forEach((object, i) => {
      for (const node of data[`o${i}`]?.nodes ?? []) {
        found.push({
          object,
          id: String(node.id),
          title: recordTitle(titleField(object), node),
          updatedAt: String(node.updatedAt),
        });
      }
    });
  }
  return found.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, limit);
}

/** The opportunity-like object: `opportunity`, else the first object with a stage-like SELECT and a CURRENCY field. */
export interface PipelineShape {
  object: ObjectMeta;
  stage: FieldMeta;
  amount: FieldMeta | null;
}

export function pipelineShape(): PipelineShape | null {
  const candidates = [findObject('opportunity'), ...metadata.objects.value].filter((o): o is ObjectMeta => !!o);
  for (const object of candidates) {
    const selects = object.fields.filter((f) => f.type === 'SELECT');
    const stage = selects.find((f) => f.name === 'stage') ?? selects.find((f) => f.name === 'status');
    if (!stage) continue;
    return { object, stage, amount: object.fields.find((f) => f.type === 'CURRENCY') ?? null };
  }
  return null;
}

export interface PipelineStage {
  value: string | null;
  label: string;
  color: string | null;
  count: number;
  total: number | null;
}

/**
 * Count and amount per stage of the records `userId` owns, computed by the data API's
 * aggregate (so the reader's rights apply), in the stage field's option order.
 */
export async function fetchPipeline(shape: PipelineShape, userId: string): Promise<PipelineStage[]> {
  const amount = shape.amount;
  const groups = await aggregateBy(shape.object, shape.stage, amount ? [amount] : [], { ownerId: { eq: userId } });
  const total = (g: AggregateGroup | undefined) => (amount && g ? (g.sums[amount.name] ?? null) : null);
  const byValue = new Map<string | null, AggregateGroup>(groups.map((g) => [g.key, g]));
  const options = [...(shape.stage.settings.options ?? [])].sort((a, b) => a.position - b.position);
  const stages: PipelineStage[] = options.map((o) => ({
    value: o.value,
    label: o.label,
    color: o.color,
    count: byValue.get(o.value)?.count ?? 0,
    total: total(byValue.get(o.value)),
  }));
  const unset = byValue.get(null);
  if (unset) stages.push({ value: null, label: 'No stage', color: null, count: unset.count, total: total(unset) });
  return stages;
}

export interface SetupChecklist {
  invitedTeam: boolean;
  importedData: boolean;
  shapedDataModel: boolean;
  triedWorkflow: boolean;
}

/** The first-run checklist (admins only: it is on `/metadata`). */
export async function fetchSetupChecklist(): Promise<SetupChecklist> {
  const data = await gql<{ workspaceSetup: SetupChecklist }>(
    '/metadata',
    'query Setup { workspaceSetup { invitedTeam importedData shapedDataModel triedWorkflow } }',
  );
  return data.workspaceSetup;
}

const LAST_VISIT_KEY = 'relata.home.lastVisit';

/**
 * The start of "since my last visit" for `userId`: when they last opened the studio in this
 * browser before this browsing session (null the first time). The first home page of a session
 * moves the stored visit to now and keeps the earlier one for the rest of the session, so
 * going back and forth between pages does not empty the list. Kept per user.
 */
export function lastVisit(userId: string): string | null {
  const key = `${LAST_VISIT_KEY}.${userId}`;
  const held = sessionStorage.getItem(key);
  if (held !== null) return held || null;
  const previous = localStorage.getItem(key);
  sessionStorage.setItem(key, previous ?? '');
  localStorage.setItem(key, new Date().toISOString());
  return previous;
}
