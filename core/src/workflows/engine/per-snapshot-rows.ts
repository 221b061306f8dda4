import type { SqlExecutor } from '../../db';
import type { WorkspaceSnapshot } from '../../metadata';

/**
 * Rows of one query about a workspace, read once per metadata snapshot. For what changes only
 * with the metadata version (activating a workflow, a webhook subscription's change bump it): a
 * new snapshot object means the rows must be read again, and a change job pays no query for them.
 */
export class PerSnapshotRows<Row> {
  private readonly bySnapshot = new WeakMap<WorkspaceSnapshot, Promise<Row[]>>();

  /** @param sql selects the rows of workspace `$1` */
  constructor(
    private readonly db: SqlExecutor,
    private readonly sql: string,
  ) {}

  of(snapshot: WorkspaceSnapshot): Promise<Row[]> {
    let rows = this.bySnapshot.get(snapshot);
    if (!rows) {
      rows = this.db.query<Row>(this.sql, [snapshot.workspaceId]).then((result) => result.rows);
      this.bySnapshot.set(snapshot, rows);
      rows.catch(() => this.bySnapshot.delete(snapshot));
    }
    return rows;
  }
}
