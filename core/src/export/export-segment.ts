import type { Database } from '../db';
import { badInput } from '../errors';
import type { WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { createSegmentStore, segmentFilter } from '../segments';
import type { ExportRequest } from './export-request';

/**
 * The export request narrowed to its segment's members: the segment's filter and-ed with the
 * request's own, for the reader's role (a segment naming a field the role cannot read is
 * refused, never applied in part). Unchanged without `segment`.
 * @throws NOT_FOUND / FORBIDDEN / BAD_USER_INPUT on `segment`
 */
export async function withSegmentFilter(
  request: ExportRequest,
  db: Database,
  snapshot: WorkspaceSnapshot,
  permissions: RolePermissions,
): Promise<ExportRequest> {
  if (!request.segment) return request;
  const { segment, filter } = await segmentFilter(
    createSegmentStore(db),
    snapshot,
    permissions,
    request.segment,
    'segment',
  );
  if (segment.object !== request.object)
    throw badInput('segment', `Segment ${segment.name} is over ${segment.object}, not ${request.object}.`);
  return { ...request, filter: request.filter ? { and: [request.filter, filter] } : filter };
}
