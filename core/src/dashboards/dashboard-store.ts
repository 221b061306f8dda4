import type { EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { Database } from '../db';
import { badInput, conflict, isRelataError, notFound } from '../errors';
import { parseInput, type WorkspaceSnapshot } from '../metadata';
import { type RolePermissions, UNRESTRICTED } from '../permissions';
import type { Actor } from '../records';
import { systemEntity } from '../system';
import { freshRowKey } from '../workspace';
import { createDashboardInput, updateDashboardInput, type WidgetInput } from './dashboard-input';
import { type ShownWidget, type StoredWidget, showWidget, storeWidget } from './widget-stored';

/** A dashboard as one role sees it: each widget with its state for that role. */
export interface DashboardInfo {
  id: string;
  name: string;
  label: string;
  description: string | null;
  /** Personal: its owner's alone (read and edited on /graphql); otherwise shared, defined by admins. */
  personal: boolean;
  widgets: ShownWidget[];
  createdAt: string;
  updatedAt: string;
}

type Row = systemEntity.Dashboard;
const dashboardId = z.uuid();

const show = (snapshot: WorkspaceSnapshot, permissions: RolePermissions, row: Row): DashboardInfo => ({
  id: row.id,
  name: row.name,
  label: row.label,
  description: row.description ?? null,
  personal: row.ownerId != null,
  widgets: (row.widgets as StoredWidget[]).map((w) => showWidget(snapshot, permissions, w)),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/**
 * Who a personal dashboard belongs to, with their rights: its widgets may name only what they read.
 * Null for shared dashboards (admins on /metadata).
 */
export interface DashboardOwner {
  id: string;
  permissions: RolePermissions;
}

/**
 * `widgets` by ids. For a personal dashboard each must be OK for its owner, and any widget that is
 * not (unknown, hidden, wrong type) gets the same answer: a hidden field is never told from a missing one.
 */
function stored(snapshot: WorkspaceSnapshot, widgets: WidgetInput[], owner: DashboardOwner | null): StoredWidget[] {
  return widgets.map((w, i) => {
    const path = `input.widgets[${i}]`;
    if (!owner) return storeWidget(snapshot, w, path);
    try {
      const kept = storeWidget(snapshot, w, path);
      if (showWidget(snapshot, owner.permissions, kept).state === 'OK') return kept;
    } catch (error) {
      if (!isRelataError(error)) throw error;
    }
    throw badInput(
      path,
      `${path} names an object or field that does not exist or that you cannot read, or one that does not fit.`,
    );
  });
}

/** Shared dashboards of the workspace: defined by admins on /metadata, read by everyone on /graphql. */
export function createDashboardStore(db: Database) {
  /** Shared dashboard `id`, or `viewer`'s own personal one (another's is NOT_FOUND, as if it did not exist). */
  async function row(snapshot: WorkspaceSnapshot, id: string, viewer: string | null, em?: EntityManager): Promise<Row> {
    if (!dashboardId.safeParse(id).success) throw badInput('id', 'id must be a dashboard id (uuid).');
    const found = await (em ?? (await db.entities())).findOne(systemEntity.Dashboard, {
      workspace: snapshot.workspaceId,
      id,
      ownerId: viewer,
    });
    if (!found) throw notFound(`No dashboard ${id}; list the dashboards for valid ids.`, { field: 'id' });
    return found;
  }

  return {
    /** Shared dashboards, and `viewer`'s personal ones when given. */
    async list(
      snapshot: WorkspaceSnapshot,
      permissions: RolePermissions,
      viewer: string | null = null,
    ): Promise<DashboardInfo[]> {
      const em = await db.entities();
      const rows = await em.find(
        systemEntity.Dashboard,
        {
          workspace: snapshot.workspaceId,
          ...(viewer ? { $or: [{ ownerId: viewer }, { ownerId: null }] } : { ownerId: null }),
        },
        { orderBy: { label: 'asc' } },
      );
      return rows.map((r) => show(snapshot, permissions, r));
    },

    /** A shared dashboard, or `viewer`'s personal one. */
    async get(
      snapshot: WorkspaceSnapshot,
      permissions: RolePermissions,
      id: string,
      viewer: string | null = null,
    ): Promise<DashboardInfo> {
      try {
        return show(snapshot, permissions, await row(snapshot, id, null));
      } catch (error) {
        if (!viewer) throw error;
        return show(snapshot, permissions, await row(snapshot, id, viewer));
      }
    },

    /** The stored widget `widgetId` of dashboard `id`. @throws NOT_FOUND on `widget` */
    async widget(
      snapshot: WorkspaceSnapshot,
      permissions: RolePermissions,
      id: string,
      widgetId: string,
      viewer: string | null = null,
    ) {
      const found = (await this.get(snapshot, permissions, id, viewer)).widgets.find((w) => w.id === widgetId);
      if (!found) throw notFound(`Dashboard ${id} has no widget ${widgetId}.`, { field: 'widget' });
      return found;
    },

    /** A shared dashboard, or `owner`'s personal one (names unique per owner). */
    async create(
      snapshot: WorkspaceSnapshot,
      input: unknown,
      actor: Actor,
      owner: DashboardOwner | null = null,
    ): Promise<DashboardInfo> {
      const data = parseInput(createDashboardInput, input, 'input');
      const em = await db.entities();
      // Names are unique in the workspace, personal ones included (one index): a taken name says only that.
      if (await em.findOne(systemEntity.Dashboard, { workspace: snapshot.workspaceId, name: data.name }))
        throw conflict(`A dashboard named "${data.name}" exists; choose another name.`, { field: 'input.name' });
      const created = em.create(systemEntity.Dashboard, {
        id: uuidv7(),
        workspace: snapshot.workspaceId,
        name: data.name,
        key: await freshRowKey(em, systemEntity.Dashboard, snapshot.workspaceId, data.name),
        label: data.label,
        description: data.description ?? null,
        widgets: stored(snapshot, data.widgets, owner),
        ownerId: owner?.id ?? null,
        createdBy: actor.id,
        updatedBy: actor.id,
      });
      await em.flush();
      return show(snapshot, owner?.permissions ?? UNRESTRICTED, created);
    },

    async update(
      snapshot: WorkspaceSnapshot,
      id: string,
      input: unknown,
      actor: Actor,
      owner: DashboardOwner | null = null,
    ): Promise<DashboardInfo> {
      const data = parseInput(updateDashboardInput, input, 'input');
      const em = await db.entities();
      const found = await row(snapshot, id, owner?.id ?? null, em);
      if (data.label !== undefined) found.label = data.label;
      if (data.description !== undefined) found.description = data.description ?? null;
      if (data.widgets !== undefined) found.widgets = stored(snapshot, data.widgets, owner);
      found.updatedBy = actor.id;
      found.updatedAt = new Date();
      await em.flush();
      return show(snapshot, owner?.permissions ?? UNRESTRICTED, found);
    },

    async delete(snapshot: WorkspaceSnapshot, id: string, owner: DashboardOwner | null = null): Promise<DashboardInfo> {
      const em = await db.entities();
      const found = await row(snapshot, id, owner?.id ?? null, em);
      const shown = show(snapshot, owner?.permissions ?? UNRESTRICTED, found);
      await em.remove(found).flush();
      return shown;
    },
  };
}

export type DashboardStore = ReturnType<typeof createDashboardStore>;
