import type { SqlExecutor } from '../db';
import type { WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';

/** Who is acting. Roles get their full meaning in the permissions issue. */
export interface Actor {
  kind: 'user' | 'apiKey' | 'portal' | 'plugin' | 'system';
  /** User, API key or plugin installation id (a portal user's linked record id); null for the system itself. */
  id: string | null;
  role: string;
}

/** Through what a write arrived; stored in the audit log. */
export type WriteChannel = 'api' | 'studio' | 'import' | 'workflow' | 'plugin' | 'system' | 'recycle-bin';

export interface WriteContext {
  snapshot: WorkspaceSnapshot;
  actor: Actor;
  via: WriteChannel;
  /**
   * The actor's role rights; writes check object, field and record-scope rights against them.
   * May be left out only by the system and admins (everything allowed); any other role without
   * them is refused.
   */
  permissions?: RolePermissions;
}

/** A stored record in API form (API field names, composite values as objects). */
export type RecordValues = Record<string, unknown>;

/**
 * The only write path to object tables: GraphQL, workflows, plugins and import all go
 * through it. Each call is one transaction: validate, before-hooks, SQL write, audit row,
 * change jobs when after-hooks exist; the change event is published after commit, and the
 * after-hooks run from the job queue.
 */
export interface RecordWriter {
  create(ctx: WriteContext, object: string, data: RecordValues): Promise<RecordValues>;
  createMany(ctx: WriteContext, object: string, data: RecordValues[]): Promise<RecordValues[]>;
  update(
    ctx: WriteContext,
    object: string,
    id: string,
    data: RecordValues,
    expectedVersion?: number,
  ): Promise<RecordValues>;
  /** Soft delete: sets `deleted_at`; the record stays restorable. */
  softDelete(ctx: WriteContext, object: string, id: string): Promise<RecordValues>;
  restore(ctx: WriteContext, object: string, id: string): Promise<RecordValues>;
  /** Hard delete; relations follow their onDelete rule. Returns the id. */
  destroy(ctx: WriteContext, object: string, id: string): Promise<string>;
}

/** Read access used by resolvers; writes never go through it. */
export type ReadExecutor = SqlExecutor;
