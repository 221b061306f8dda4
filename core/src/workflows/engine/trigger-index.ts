import type { SqlExecutor } from '../../db';
import type { WorkspaceSnapshot } from '../../metadata';

const RECORD_TRIGGER_OBJECTS = `select distinct v.trigger_object_id as object_id
  from relata.workflows w
  join relata.workflow_versions v on v.workflow_id = w.id and v.version = w.published_version
  where w.workspace_id = $1 and w.active and v.trigger_type like 'RECORD_%'`;

/**
 * Which objects have active record-triggered workflows, per snapshot. Activation bumps the
 * metadata version, so a new snapshot object means the index must be read again; until it is,
 * every write is taken as concerned (a run is never lost to a cold index).
 */
export class TriggerIndex {
  private readonly loaded = new WeakMap<WorkspaceSnapshot, ReadonlySet<string>>();
  private readonly loading = new WeakSet<WorkspaceSnapshot>();

  /**
   * @param objectsSql selects `object_id` of the concerned objects of workspace `$1`
   * @default the objects of active record-triggered workflows
   */
  constructor(
    private readonly db: SqlExecutor,
    private readonly objectsSql = RECORD_TRIGGER_OBJECTS,
  ) {}

  /** A lookup in memory, asked inside every write. */
  concerns(snapshot: WorkspaceSnapshot, object: string): boolean {
    const objects = this.loaded.get(snapshot);
    if (objects) return objects.has(object);
    if (!this.loading.has(snapshot)) {
      this.loading.add(snapshot);
      this.load(snapshot).catch((error) => {
        this.loading.delete(snapshot);
        console.error('could not read the workflow trigger index', error);
      });
    }
    return true;
  }

  private async load(snapshot: WorkspaceSnapshot): Promise<void> {
    const { rows } = await this.db.query<{ object_id: string }>(this.objectsSql, [snapshot.workspaceId]);
    const ids = new Set(rows.map((row) => row.object_id));
    this.loaded.set(snapshot, new Set(snapshot.objects.filter((o) => ids.has(o.id)).map((o) => o.nameSingular)));
  }
}
