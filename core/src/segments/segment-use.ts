import type { Database } from '../db';
import { badInput, forbidden } from '../errors';
import type { WorkspaceSnapshot } from '../metadata';
import { type RolePermissions, UNRESTRICTED } from '../permissions';
import { compileConditionMatch, type FilterInput } from '../query';
import type { SegmentInfo, SegmentStore } from './segment-store';

/**
 * The filter of segment `id` for a read by `permissions` (an export, a dashboard widget), to be
 * and-ed with the reader's own filter on the reader's own query: the segment narrows what the
 * reader sees, never widens it. @throws NOT_FOUND, FORBIDDEN (it names fields the role cannot
 * read), BAD_USER_INPUT (broken) on `field`
 */
export async function segmentFilter(
  store: SegmentStore,
  snapshot: WorkspaceSnapshot,
  permissions: RolePermissions,
  id: string,
  field: string,
): Promise<{ segment: SegmentInfo; filter: FilterInput }> {
  const segment = await store.get(snapshot, permissions, id, field);
  if (segment.state === 'RESTRICTED') throw forbidden(segment.problem ?? 'This segment is not readable.', { field });
  if (!segment.filter) throw badInput(field, segment.problem ?? 'This segment no longer applies.');
  return { segment, filter: segment.filter };
}

/**
 * Which of `ids` (records of the segment's object) are members of segment `id` now, with the
 * workflow engine's rights (unrestricted, as its conditions are): what a workflow condition step
 * "record is in segment" calls. One statement whatever the number of ids.
 */
export async function recordsInSegment(
  db: Database,
  store: SegmentStore,
  snapshot: WorkspaceSnapshot,
  id: string,
  ids: readonly string[],
  field = 'segment',
): Promise<Set<string>> {
  const { segment, filter } = await segmentFilter(store, snapshot, UNRESTRICTED, id, field);
  const object = snapshot.objects.find((o) => o.nameSingular === segment.object);
  if (!object || ids.length === 0) return new Set();
  const query = compileConditionMatch(snapshot, object, filter, ids, field);
  const { rows } = await db.query<{ id: string }>(query.text, query.params);
  return new Set(rows.map((r) => r.id));
}
