import { type Database, getWorkspace, loadSnapshot, type WorkspaceSnapshot } from '@relata/core';
import { z } from 'zod';

/** What a `relata_metadata` NOTIFY carries. */
const metadataNotice = z.object({ workspaceId: z.string(), version: z.number() });

/** A workspace as requests see it: its row and its current metadata snapshot. */
export interface WorkspaceState {
  workspace: { id: string; slug: string; name: string; schemaName: string };
  snapshot: WorkspaceSnapshot;
}

/**
 * Keeps each workspace's current metadata snapshot in memory (schemas are cached by version
 * elsewhere, so a new snapshot means a new schema). Requests cost no metadata
 * SQL until the version changes: a `relata_metadata` NOTIFY (any node) marks the workspace stale,
 * a local `/metadata` change refreshes it at once. Loads are per workspace, so rebuilding one
 * never blocks requests to another.
 */
export class WorkspaceManager {
  private readonly states = new Map<string, Promise<WorkspaceState>>();
  /** Highest version announced per workspace; a load that returns less is retried. */
  private readonly announced = new Map<string, number>();

  constructor(private readonly db: Database) {}

  /** The workspace's current state, loading it if needed. */
  get(workspaceId: string): Promise<WorkspaceState> {
    let state = this.states.get(workspaceId);
    if (!state) {
      state = this.load(workspaceId);
      this.states.set(workspaceId, state);
      // A failed load must not stick: the next request tries again.
      state.catch(() => {
        if (this.states.get(workspaceId) === state) this.states.delete(workspaceId);
      });
    }
    return state;
  }

  /** Reloads now (after a local metadata change) so the very next request sees the new schema. */
  async refresh(workspaceId: string): Promise<WorkspaceState> {
    this.states.delete(workspaceId);
    return this.get(workspaceId);
  }

  /**
   * After a local change through a path that commits a new version without going through the
   * wrapped metadata or role service (scoring models, bundles, plugins' contributions...): reads
   * the committed version and reloads if ours is older, so the next request never waits for our
   * own NOTIFY.
   */
  async catchUp(workspaceId: string): Promise<void> {
    const state = this.states.get(workspaceId);
    if (!state) return;
    const { rows } = await this.db.query<{ metadata_version: number }>(
      'select metadata_version from relata.workspaces where id = $1',
      [workspaceId],
    );
    const committed = rows[0]?.metadata_version;
    if (committed === undefined) return;
    const loaded = await state.catch(() => null);
    if (!loaded || loaded.snapshot.version < committed) {
      this.announce(workspaceId, committed);
      await this.refresh(workspaceId);
    }
  }

  /** A `relata_metadata` NOTIFY payload: some node committed a new version of a workspace. */
  noticed(payload: string): void {
    const notice = metadataNotice.parse(JSON.parse(payload));
    this.announce(notice.workspaceId, notice.version);
  }

  /** The workspace's current metadata (what jobs run with). */
  async snapshotOf(workspaceId: string): Promise<WorkspaceSnapshot> {
    return (await this.get(workspaceId)).snapshot;
  }

  /** A node announced `version` for the workspace (NOTIFY); drop ours if it is older. */
  announce(workspaceId: string, version: number): void {
    if (version > (this.announced.get(workspaceId) ?? 0)) this.announced.set(workspaceId, version);
    const state = this.states.get(workspaceId);
    if (!state) return;
    state.then(
      (loaded) => {
        if (loaded.snapshot.version < version && this.states.get(workspaceId) === state)
          this.states.delete(workspaceId);
      },
      () => undefined,
    );
  }

  /** Drops every cached state (e.g. after the LISTEN connection was lost and notifications missed). */
  clear(): void {
    this.states.clear();
  }

  private async load(workspaceId: string): Promise<WorkspaceState> {
    for (let attempt = 0; ; attempt++) {
      const { workspace, snapshot } = await this.db.transaction(async (tx) => ({
        workspace: await getWorkspace(tx, { id: workspaceId }),
        snapshot: await loadSnapshot(tx, workspaceId),
      }));
      // A NOTIFY may announce a version whose commit our read raced; read again (bounded).
      if (snapshot.version < (this.announced.get(workspaceId) ?? 0) && attempt < 3) continue;
      return {
        workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name, schemaName: workspace.schemaName },
        snapshot,
      };
    }
  }
}
