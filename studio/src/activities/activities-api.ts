import { gql } from '../api/graphql-client';
import type { ObjectMeta } from '../api/metadata-types';
import { findObject } from '../metadata/metadata-store';
import { createRecord } from '../records/records-api';
import { type RecordData, recordSelection } from '../records/selection';

/** The standard activity objects (core/src/activities) and the field that dates each on a timeline. */
export const ACTIVITY_KINDS = [
  { object: 'note', when: 'createdAt' },
  { object: 'task', when: 'createdAt' },
  { object: 'call', when: 'calledAt' },
  { object: 'meeting', when: 'startsAt' },
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number]['object'];

export interface RecordRef {
  object: string;
  id: string;
}

export interface Activity {
  kind: ActivityKind;
  object: ObjectMeta;
  record: RecordData & { createdBy?: string | null; ownerId?: string | null };
  /** When it happened: the call's or meeting's time, else when it was written down. */
  at: string;
}

export interface Member {
  id: string;
  name: string;
  email: string;
}

/** The activity objects this workspace has and the reader reads (an admin may have removed one). */
export function activityObjects(): { kind: ActivityKind; object: ObjectMeta; when: string }[] {
  return ACTIVITY_KINDS.flatMap((k) => {
    const object = findObject(k.object);
    return object ? [{ kind: k.object, object, when: k.when }] : [];
  });
}

const activitySelection = (object: ObjectMeta) => `${recordSelection(object)} createdBy ownerId`;

/**
 * The activities linked to a record, each kind read through its own list (so the reader's rights
 * apply field by field), newest first. Two requests: the links, then the records by id.
 */
export async function fetchActivities(target: RecordRef): Promise<Activity[]> {
  const kinds = activityObjects();
  if (kinds.length === 0) return [];
  const { linkedActivities } = await gql<{ linkedActivities: RecordRef[] }>(
    '/graphql',
    'query Linked($o: String!, $id: ID!) { linkedActivities(object: $o, id: $id) { object id } }',
    { o: target.object, id: target.id },
  );
  const wanted = kinds.filter((k) => linkedActivities.some((l) => l.object === k.kind));
  if (wanted.length === 0) return [];
  const ids = (kind: string) => linkedActivities.filter((l) => l.object === kind).map((l) => l.id);
  const variables = Object.fromEntries(wanted.map((k) => [k.kind, ids(k.kind)]));
  const query = `query Activities(${wanted.map((k) => `$${k.kind}: [ID!]!`).join(', ')}) { ${wanted
    .map(
      (k) =>
        `${k.kind}: ${k.object.namePlural}(filter: { id: { in: $${k.kind} } }, first: 500) { nodes { ${activitySelection(k.object)} } }`,
    )
    .join(' ')} }`;
  const data = await gql<Record<string, { nodes: Activity['record'][] }>>('/graphql', query, variables);
  return wanted.flatMap((k) =>
    (data[k.kind]?.nodes ?? []).map((record) => ({
      kind: k.kind,
      object: k.object,
      record,
      at: String(record[k.when] ?? record.createdAt),
    })),
  );
}

/** Creates an activity and links it to `targets`, answering the created record. */
export async function createActivity(
  kind: ActivityKind,
  values: Record<string, unknown>,
  targets: RecordRef[],
): Promise<RecordData> {
  const object = findObject(kind);
  if (!object) throw new Error(`This workspace has no ${kind} object.`);
  const record = await createRecord(object, values);
  if (targets.length > 0) await linkActivity({ object: kind, id: record.id }, targets);
  return record;
}

export async function linkActivity(activity: RecordRef, targets: RecordRef[]): Promise<void> {
  await gql(
    '/graphql',
    'mutation Link($a: RecordRefInput!, $t: [RecordRefInput!]!) { linkActivity(activity: $a, targets: $t) { id } }',
    { a: activity, t: targets },
  );
}

export interface ActivityTarget extends RecordRef {
  label: string | null;
}

export async function fetchTargets(activity: RecordRef): Promise<ActivityTarget[]> {
  const data = await gql<{ activityTargets: ActivityTarget[] }>(
    '/graphql',
    'query Targets($o: String!, $id: ID!) { activityTargets(object: $o, id: $id) { object id label } }',
    { o: activity.object, id: activity.id },
  );
  return data.activityTargets;
}

let members: Promise<{ me: Member | null; members: Member[] }> | null = null;

/** The signed-in member and the workspace's members, asked once per page load. */
export function fetchMembers(): Promise<{ me: Member | null; members: Member[] }> {
  members ??= gql<{ me: Member | null; members: Member[] }>(
    '/graphql',
    'query Members { me { id name email } members { id name email } }',
  ).catch((error) => {
    members = null;
    throw error;
  });
  return members;
}

export interface ActorName {
  id: string;
  kind: 'user' | 'apiKey' | 'plugin' | 'workflowRun';
  name: string;
}

/** Names of the users and API keys among `ids`. */
export async function fetchActorNames(ids: string[]): Promise<Map<string, ActorName>> {
  if (ids.length === 0) return new Map();
  const data = await gql<{ actors: ActorName[] }>(
    '/graphql',
    'query Actors($ids: [ID!]!) { actors(ids: $ids) { id kind name } }',
    { ids },
  );
  return new Map(data.actors.map((a) => [a.id, a]));
}

/** The open tasks assigned to (owned by) `userId`, overdue first then by due date, undated last. */
export async function fetchMyTasks(userId: string): Promise<Activity['record'][]> {
  const task = findObject('task');
  if (!task) return [];
  const data = await gql<{ tasks: { nodes: Activity['record'][] } }>(
    '/graphql',
    `query MyTasks($me: ID!) { tasks(filter: { ownerId: { eq: $me }, done: { eq: false } },
      orderBy: [{ dueDate: AscNullsLast }, { createdAt: DescNullsLast }], first: 200) { nodes { ${activitySelection(task)} } } }`,
    { me: userId },
  );
  return data.tasks.nodes;
}
