import type { SqlExecutor } from '../../db';
import type { Trigger } from '../model';
import { PerSnapshotRows } from './per-snapshot-rows';

/** A published version of an active workflow with a record trigger. */
export interface ActiveVersion {
  id: string;
  workflow_id: string;
  version: number;
  trigger_type: string;
  trigger_object_id: string | null;
  definition: { trigger: Trigger; steps: { key: string }[]; runAs?: string | null };
}

/**
 * The active record-triggered versions of a workspace, per metadata snapshot (activating,
 * deactivating or deleting a workflow bumps the metadata version).
 */
export const activeVersions = (db: SqlExecutor) =>
  new PerSnapshotRows<ActiveVersion>(
    db,
    `select v.id, v.workflow_id, v.version, v.trigger_type, v.trigger_object_id, v.definition
     from relata.workflows w
     join relata.workflow_versions v on v.workflow_id = w.id and v.version = w.published_version
     where w.workspace_id = $1 and w.active and v.trigger_type like 'RECORD_%'`,
  );
