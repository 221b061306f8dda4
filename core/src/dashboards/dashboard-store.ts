import type { EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { Database } from '../db';
import { badInput, conflict, notFound } from '../errors';
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
  widgets: (row.widgets as StoredWidget[]).map((w) => showWidget(snapshot, permissions, w)),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const stored = (snapshot: WorkspaceSnapshot, widgets: WidgetInput[]) =>
  widgets.map((w, i) => storeWidget(snapshot, w, `input.widgets[${i}]`));

/** Shared dashboards of the workspace: defined by admins on /metadata, read by everyone on /graphql. */
export function createDashboardStore(db: Database) {
  async function row(snapshot: WorkspaceSnapshot, id: string, em?: EntityManager): Promise<Row> {
    if (!dashboardId.safeParse(id).success) throw badInput('id', 'id must be a dashboard id (uuid).');
    const found = await (em ?? (await db.entities())).findOne(systemEntity.Dashboard, {
      workspace: snapshot.workspaceId,
      id,
    });
    if (!found) throw notFound(`No dashboard ${id}; list the dashboards for valid ids.`, { field: 'id' });
    return found;
  }

  return {
    async list(snapshot: WorkspaceSnapshot, permissions: RolePermissions): Promise<DashboardInfo[]> {
      const em = await db.entities();
      const rows = await em.find(
        systemEntity.Dashboard,
        { workspace: snapshot.workspaceId },
        { orderBy: { label: 'asc' } },
      );
      return rows.map((r) => show(snapshot, permissions, r));
    },

    async get(snapshot: WorkspaceSnapshot, permissions: RolePermissions, id: string): Promise<DashboardInfo> {
      return show(snapshot, permissions, await row(snapshot, id));
    },

    /** The stored widget `widgetId` of dashboard `id`. @throws NOT_FOUND on `widget` */
    async widget(snapshot: WorkspaceSnapshot, permissions: RolePermissions, id: string, widgetId: string) {
      const found = (await this.get(snapshot, permissions, id)).widgets.find((w) => w.id === widgetId);
      if (!found) throw notFound(`Dashboard ${id} has no widget ${widgetId}.`, { field: 'widget' });
      return found;
    },

    async create(snapshot: WorkspaceSnapshot, input: unknown, actor: Actor): Promise<DashboardInfo> {
      const data = parseInput(createDashboardInput, input, 'input');
      const em = await db.entities();
      if (await em.findOne(systemEntity.Dashboard, { workspace: snapshot.workspaceId, name: data.name }))
        throw conflict(`A dashboard named "${data.name}" exists; choose another name.`, { field: 'input.name' });
      const created = em.create(systemEntity.Dashboard, {
        id: uuidv7(),
        workspace: snapshot.workspaceId,
        name: data.name,
        key: await freshRowKey(em, systemEntity.Dashboard, snapshot.workspaceId, data.name),
        label: data.label,
        description: data.description ?? null,
        widgets: stored(snapshot, data.widgets),
        createdBy: actor.id,
        updatedBy: actor.id,
      });
      await em.flush();
      return show(snapshot, UNRESTRICTED, created);
    },

    async update(snapshot: WorkspaceSnapshot, id: string, input: unknown, actor: Actor): Promise<DashboardInfo> {
      const data = parseInput(updateDashboardInput, input, 'input');
      const em = await db.entities();
      const found = await row(snapshot, id, em);
      if (data.label !== undefined) found.label = data.label;
      if (data.description !== undefined) found.description = data.description ?? null;
      if (data.widgets !== undefined) found.widgets = stored(snapshot, data.widgets);
      found.updatedBy = actor.id;
      found.updatedAt = new Date();
      await em.flush();
      return show(snapshot, UNRESTRICTED, found);
    },

    async delete(snapshot: WorkspaceSnapshot, id: string): Promise<DashboardInfo> {
      const em = await db.entities();
      const found = await row(snapshot, id, em);
      const shown = show(snapshot, UNRESTRICTED, found);
      await em.remove(found).flush();
      return shown;
    },
  };
}

export type DashboardStore = ReturnType<typeof createDashboardStore>;
