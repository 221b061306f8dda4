import type { Database, SqlExecutor } from '../db';
import { createMetadataService, type MetadataBundle } from '../metadata';
import { activityTargetsTableSql, getWorkspace } from '../workspace';
import { activityModel } from './activity-model';

/** Bumped when the standard objects change; a workspace below it is upgraded by `upgradeWorkspaces`. */
export const STANDARD_OBJECTS_VERSION = 3;

/** The standard objects `workspaceId` lacks (an admin's own object of that name is kept as is). */
async function missingObjects(db: SqlExecutor, workspaceId: string): Promise<MetadataBundle['objects']> {
  const { rows } = await db.query<{ name_singular: string }>(
    'select name_singular from relata.objects where workspace_id = $1',
    [workspaceId],
  );
  const present = new Set(rows.map((r) => r.name_singular));
  return activityModel.objects.filter((o) => !present.has(o.nameSingular));
}

/**
 * The standard fields that standard objects of `workspaceId` lack (fields added to the model after
 * the workspace got the object, such as the message's `quotedBody`); an admin's field of the same
 * name is kept as is.
 */
async function missingFields(db: SqlExecutor, workspaceId: string): Promise<{ object: string; field: unknown }[]> {
  const { rows } = await db.query<{ object: string; field: string }>(
    `select o.name_singular as object, f.name as field from relata.objects o
       join relata.fields f on f.object_id = o.id where o.workspace_id = $1`,
    [workspaceId],
  );
  const present = new Set(rows.map((r) => `${r.object}.${r.field}`));
  const objects = new Set(rows.map((r) => r.object));
  return activityModel.objects.flatMap((o) =>
    objects.has(o.nameSingular)
      ? (o.fields ?? [])
          .filter((f) => !present.has(`${o.nameSingular}.${f.name}`))
          .map((field) => ({ object: o.nameSingular, field }))
      : [],
  );
}

/**
 * Gives a workspace the standard activity objects (notes, tasks, calls, meetings, messages), the
 * standard fields its standard objects lack, and their link table, then records the version. Idempotent: run again, it adds only what is missing, so a
 * node that loses a race with another (both planning the same objects) retries and finds them.
 */
export async function installStandardObjects(db: Database, workspaceId: string): Promise<void> {
  const metadata = createMetadataService({ db });
  for (let attempt = 0; ; attempt++) {
    const objects = await missingObjects(db, workspaceId);
    if (objects.length === 0) break;
    try {
      await metadata.applyBundle(workspaceId, { objects });
      break;
    } catch (error) {
      if (attempt > 0) throw error;
    }
  }
  for (const { object, field } of await missingFields(db, workspaceId)) {
    await metadata.createField(workspaceId, object, field).catch(async (error: unknown) => {
      // Another node added it meanwhile: nothing is missing any more.
      if ((await missingFields(db, workspaceId)).some((m) => m.object === object && m.field === field)) throw error;
    });
  }
  const { schemaName } = await getWorkspace(db, { id: workspaceId });
  await db.transaction(async (tx) => {
    for (const statement of activityTargetsTableSql(schemaName)) await tx.query(statement);
    await tx.query('update relata.workspaces set standard_objects_version = $2 where id = $1', [
      workspaceId,
      STANDARD_OBJECTS_VERSION,
    ]);
  });
}

/**
 * The data migration of the standard objects: every workspace below `STANDARD_OBJECTS_VERSION`
 * gets them (run after the system migrations, which add the version column). Returns the slugs
 * of the workspaces it upgraded.
 */
export async function upgradeWorkspaces(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ id: string; slug: string }>(
    'select id, slug from relata.workspaces where standard_objects_version < $1 order by slug',
    [STANDARD_OBJECTS_VERSION],
  );
  for (const row of rows) await installStandardObjects(db, row.id);
  return rows.map((r) => r.slug);
}
