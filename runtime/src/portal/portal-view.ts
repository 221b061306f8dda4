import {
  createPortalSettingsStore,
  type Database,
  type EventBus,
  type FieldMetadata,
  isComputed,
  notFound,
  type ObjectMetadata,
  type PortalObjectSettings,
  type PortalSettings,
  portalPermissions,
  type RecordHooks,
  type RecordWriter,
  type RolePermissions,
  type SchemaCache,
  type WorkspaceSnapshot,
} from '@relata/core';
import type { GraphQLSchema } from 'graphql';
import type { WorkspaceManager, WorkspaceState } from '../workspaces';

/** What the portal's reads and writes need of the server. */
export interface PortalDeps {
  db: Database;
  events: EventBus;
  hooks: RecordHooks;
  /** The record service (reads hand it to the data API's context; writes open one in their transaction). */
  records: RecordWriter;
  workspaces: WorkspaceManager;
  schemas: SchemaCache;
}

/** The signed-in portal user: the account and the contact record it is linked to. */
export interface PortalViewer {
  portalUserId: string;
  workspaceId: string;
  /** Singular API name of the linked record's object. */
  object: string;
  recordId: string;
}

/** One configured object as the portal shows it. */
export interface ShownObject {
  object: ObjectMetadata;
  config: PortalObjectSettings;
  /** Portal-visible plain fields (no relations), in position order: what the portal displays. */
  fields: FieldMetadata[];
  /** The field shown as a record's title; null: none readable. */
  titleField: string | null;
}

/** Everything one portal request runs against, from one snapshot. */
export interface PortalView {
  deps: PortalDeps;
  viewer: PortalViewer;
  workspace: WorkspaceState['workspace'];
  snapshot: WorkspaceSnapshot;
  settings: PortalSettings;
  /** The portal user's rights (core/src/portal): every read compiles them into its SQL. */
  permissions: RolePermissions;
  schema: GraphQLSchema;
  objects: ShownObject[];
}

/** The one answer for a closed portal, a foreign record and a missing one alike. */
export const notShown = (what: string) => notFound(`There is no ${what} here.`);

function shownObject(snapshot: WorkspaceSnapshot, config: PortalObjectSettings): ShownObject | null {
  const object = snapshot.objects.find((o) => o.nameSingular === config.object);
  if (!object) return null;
  const fields = [...object.fields]
    .filter((f) => f.portalVisible && f.type !== 'RELATION' && f.type !== 'JSON')
    .sort((a, b) => a.position - b.position);
  const label =
    fields.find((f) => f.name === object.labelField) ?? fields.find((f) => f.type === 'TEXT' && !isComputed(f));
  return { object, config, fields, titleField: label?.name ?? null };
}

/**
 * Opens the portal for `viewer`: the workspace's current snapshot, its portal settings and the
 * viewer's portal rights and schema. A portal switched off, or configured for another contact
 * object than the viewer's, answers NOT_FOUND (as if nothing were there).
 */
export async function openPortalView(deps: PortalDeps, viewer: PortalViewer): Promise<PortalView> {
  const { workspace, snapshot } = await deps.workspaces.get(viewer.workspaceId);
  const settings = await createPortalSettingsStore(deps.db).get(snapshot);
  if (!settings.enabled || settings.contactObject !== viewer.object) throw notShown('portal');
  const permissions = portalPermissions(snapshot, viewer.object);
  const schema = await deps.schemas.get(snapshot, permissions);
  const objects = settings.objects.flatMap((config) => shownObject(snapshot, config) ?? []);
  return { deps, viewer, workspace, snapshot, settings, permissions, schema, objects };
}

/** The configured object named `name`; NOT_FOUND for any other (configured or not, it is not shown). */
export function shownByName(view: PortalView, name: string): ShownObject {
  const shown = view.objects.find((o) => o.object.nameSingular === name);
  if (!shown) throw notShown('such list');
  return shown;
}
