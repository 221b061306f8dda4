import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { Database } from '../db';
import { ParamList } from '../db';
import { badInput, forbidden, notFound } from '../errors';
import { newKey, type ObjectMetadata, type WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { canReadObject } from '../query';
import type { Actor } from '../records';
import {
  checkSettingsFields,
  createViewInput,
  parseViewInput,
  updateViewInput,
  type ViewKind,
  type ViewSettings,
  viewSettings,
} from './view-input';
import { readableFieldNames, visibleSettings } from './view-visibility';

/** A saved view as the APIs return it. */
export interface SavedView {
  id: string;
  /** Object API name (singular). */
  object: string;
  name: string;
  kind: ViewKind;
  shared: boolean;
  ownerUserId: string | null;
  /** Cut to what the caller's role reads (see `visibleSettings`). */
  settings: ViewSettings;
  /** The settings name fields the caller cannot read; those parts (a whole filter) were left out. */
  restricted: boolean;
  position: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * Whose views: the workspace snapshot, the acting user and its role's rights. Views of objects
 * the role cannot read are out of reach, like the objects; fields it cannot read are cut.
 */
export interface ViewScope {
  snapshot: WorkspaceSnapshot;
  actor: Actor;
  permissions: RolePermissions;
}

interface ViewRow {
  id: string;
  object_id: string;
  name: string;
  kind: ViewKind;
  owner_user_id: string | null;
  settings: unknown;
  position: number;
  created_at: Date | string;
  updated_at: Date | string;
}

const COLUMNS = 'id, object_id, name, kind, owner_user_id, settings, position, created_at, updated_at';
const viewId = z.uuid();

const isAdmin = (actor: Actor) => actor.role === 'admin';

const readableObjects = (scope: ViewScope) => scope.snapshot.objects.filter((o) => canReadObject(scope.permissions, o));

/** Views of the objects the scope's role reads, within its workspace. */
function scopeWhere(scope: ViewScope, params: ParamList): string {
  const objectIds = readableObjects(scope).map((o) => o.id);
  return `workspace_id = ${params.add(scope.snapshot.workspaceId)} and object_id = any(${params.add(objectIds)}::uuid[])`;
}

/** Personal views of the actor plus every shared view. */
function visibleWhere(scope: ViewScope, params: ParamList): string {
  return `${scopeWhere(scope, params)} and (owner_user_id is null or owner_user_id = ${params.add(scope.actor.id)})`;
}

/** Personal views of the actor, and shared views when the actor is an admin. */
function editableWhere(scope: ViewScope, params: ParamList): string {
  const shared = isAdmin(scope.actor) ? 'owner_user_id is null or ' : '';
  return `${scopeWhere(scope, params)} and (${shared}owner_user_id = ${params.add(scope.actor.id)})`;
}

/** A readable object by name; a hidden one is answered like one that does not exist. */
function objectByName(scope: ViewScope, name: string, field: string): ObjectMetadata {
  const object = readableObjects(scope).find((o) => o.nameSingular === name);
  if (!object) throw badInput(field, `${field}: no object named "${name}"; use an object's singular API name.`);
  return object;
}

/** A stored view as the scope's actor may see it: settings cut to the fields its role reads. */
function toView(scope: ViewScope, row: ViewRow): SavedView {
  const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
  const object = readableObjects(scope).find((o) => o.id === row.object_id);
  // Only views of readable objects are ever selected (scopeWhere); this guards the invariant.
  if (!object) throw notFound(`No view ${row.id}; list the object's views for valid ids.`);
  // Settings were validated on write; re-parsing fills defaults added since.
  const stored = viewSettings.parse(typeof row.settings === 'string' ? JSON.parse(row.settings) : row.settings);
  const { settings, restricted } = visibleSettings(scope.snapshot, scope.permissions, object, stored);
  return {
    id: row.id,
    object: object.nameSingular,
    name: row.name,
    kind: row.kind,
    shared: row.owner_user_id === null,
    ownerUserId: row.owner_user_id,
    settings,
    restricted,
    position: row.position,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Who owns a new or updated view: nobody when shared (admins only), else the acting user. */
function ownerFor(scope: ViewScope, shared: boolean, field: string): string | null {
  if (shared) {
    if (!isAdmin(scope.actor)) throw forbidden('Only admins can create or change shared views; save it as personal.');
    return null;
  }
  if (!scope.actor.id) throw badInput(field, `${field}: a personal view needs a signed-in user; set shared: true.`);
  return scope.actor.id;
}

/** Views of `objectName` the actor may see, shared and personal, in position order. */
export async function listViews(db: Database, scope: ViewScope, objectName: string): Promise<SavedView[]> {
  const object = objectByName(scope, objectName, 'object');
  const params = new ParamList();
  const { rows } = await db.query<ViewRow>(
    `select ${COLUMNS} from relata.views where ${visibleWhere(scope, params)} and object_id = ${params.add(object.id)}
     order by position, created_at, id`,
    params.values,
  );
  return rows.map((r) => toView(scope, r));
}

/** Saves a new view; settings may only name fields of the object the caller reads. */
export async function createView(db: Database, scope: ViewScope, input: unknown): Promise<SavedView> {
  const data = parseViewInput(createViewInput, input, 'input');
  const object = objectByName(scope, data.object, 'input.object');
  checkSettingsFields(object, readableFieldNames(scope.snapshot, scope.permissions, object), data.settings, 'input');
  const owner = ownerFor(scope, data.shared, 'input.shared');
  const taken = await db.query<{ key: string }>('select key from relata.views where workspace_id = $1', [
    scope.snapshot.workspaceId,
  ]);
  const key = newKey(
    data.key,
    data.name,
    taken.rows.map((r) => r.key),
    'input.key',
  );
  const params = new ParamList();
  const [workspace, objectId] = [params.add(scope.snapshot.workspaceId), params.add(object.id)];
  // New views go last unless a position is given.
  const position =
    data.position === undefined
      ? `(select coalesce(max(position) + 1, 0) from relata.views where workspace_id = ${workspace} and object_id = ${objectId})`
      : params.add(data.position);
  const values = [uuidv7(), key, data.name, data.kind, owner, JSON.stringify(data.settings)].map((v) => params.add(v));
  const { rows } = await db.query<ViewRow>(
    `insert into relata.views (workspace_id, object_id, id, key, name, kind, owner_user_id, settings, position)
     values (${workspace}, ${objectId}, ${values.join(', ')}, ${position})
     returning ${COLUMNS}`,
    params.values,
  );
  return toView(scope, rows[0] as ViewRow);
}

/** Explains why `id` matched no editable view: it is someone else's shared view, or absent. */
async function missing(db: Database, scope: ViewScope, id: string): Promise<never> {
  const params = new ParamList();
  const { rows } = await db.query(
    `select 1 from relata.views where ${visibleWhere(scope, params)} and id = ${params.add(id)}`,
    params.values,
  );
  if (rows.length > 0) throw forbidden('Only admins can change shared views; save a personal copy instead.');
  throw notFound(`No view ${id}; list the object's views for valid ids.`);
}

function parseId(id: string): string {
  if (!viewId.safeParse(id).success) throw badInput('id', 'id must be a view id (uuid).');
  return id;
}

/** Changes the given parts of a view the actor may edit. */
export async function updateView(db: Database, scope: ViewScope, id: string, input: unknown): Promise<SavedView> {
  parseId(id);
  const data = parseViewInput(updateViewInput, input, 'input');
  const params = new ParamList();
  const sets: string[] = ['updated_at = now()'];
  if (data.name !== undefined) sets.push(`name = ${params.add(data.name)}`);
  if (data.kind !== undefined) sets.push(`kind = ${params.add(data.kind)}`);
  if (data.position !== undefined) sets.push(`position = ${params.add(data.position)}`);
  if (data.shared !== undefined)
    sets.push(`owner_user_id = ${params.add(ownerFor(scope, data.shared, 'input.shared'))}`);
  if (data.settings !== undefined) {
    const current = await db.query<{ object_id: string }>(
      'select object_id from relata.views where workspace_id = $1 and id = $2',
      [scope.snapshot.workspaceId, id],
    );
    const object = readableObjects(scope).find((o) => o.id === current.rows[0]?.object_id);
    if (object) {
      checkSettingsFields(
        object,
        readableFieldNames(scope.snapshot, scope.permissions, object),
        data.settings,
        'input',
      );
    }
    sets.push(`settings = ${params.add(JSON.stringify(data.settings))}`);
  }
  const { rows } = await db.query<ViewRow>(
    `update relata.views set ${sets.join(', ')} where ${editableWhere(scope, params)} and id = ${params.add(id)}
     returning ${COLUMNS}`,
    params.values,
  );
  const row = rows[0];
  if (!row) return missing(db, scope, id);
  return toView(scope, row);
}

/** Deletes a view the actor may edit; returns its id. */
export async function deleteView(db: Database, scope: ViewScope, id: string): Promise<string> {
  parseId(id);
  const params = new ParamList();
  const { rows } = await db.query(
    `delete from relata.views where ${editableWhere(scope, params)} and id = ${params.add(id)} returning id`,
    params.values,
  );
  if (rows.length === 0) return missing(db, scope, id);
  return id;
}
