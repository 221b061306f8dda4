/** What happened to a record; published after the write's transaction commits. */
export type ChangeKind = 'CREATED' | 'UPDATED' | 'DELETED' | 'RESTORED' | 'DESTROYED';

export interface ChangeEvent {
  workspaceId: string;
  /** `nameSingular` of the object. */
  object: string;
  kind: ChangeKind;
  recordId: string;
  /** Record version after the change (null once destroyed). */
  version: number | null;
  /** API names of the fields the change touched (UPDATED only). */
  changedFields: string[];
  actorId: string | null;
  /** Runtime node that committed the write; lets a node skip its own echoes from NOTIFY. */
  nodeId: string;
  at: string;
}

/** Channel used with pg_notify so every runtime node learns of every committed change. */
export const RECORD_EVENTS_CHANNEL = 'relata_events';
/** Channel used with pg_notify when a workspace's metadata version changes. */
export const METADATA_CHANNEL = 'relata_metadata';
/** Channel telling every runtime node to drop its cached token checks (a revocation, a role renamed). */
export const AUTH_CHANNEL = 'relata_auth';
