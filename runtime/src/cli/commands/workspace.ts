import { createWorkspace, installStandardObjects, listWorkspaces } from '@relata/core';
import { UsageError } from '../cli-errors';
import { parseOptions, required } from '../parse';
import { withDatabase } from '../with-database';

/** `relata workspace create --slug S --name N` and `relata workspace list` */
export async function workspaceCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'create') {
    const values = parseOptions(rest, { slug: { type: 'string' }, name: { type: 'string' } });
    const input = { slug: required(values.slug, 'slug'), name: required(values.name, 'name') };
    const workspace = await withDatabase(async (db) => {
      const created = await createWorkspace(db, input);
      await installStandardObjects(db, created.id);
      return created;
    });
    console.log(`Workspace "${workspace.slug}" created (id ${workspace.id}, schema ${workspace.schemaName}).`);
    console.log('It has the standard objects: notes, tasks, calls and meetings.');
    console.log(`Add an admin: relata user create --workspace ${workspace.slug} --email you@example.com --role admin`);
    return;
  }
  if (action === 'list') {
    parseOptions(rest, {});
    const workspaces = await withDatabase((db) => listWorkspaces(db));
    console.table(
      workspaces.map((w) => ({ slug: w.slug, name: w.name, id: w.id, metadataVersion: w.metadataVersion })),
    );
    return;
  }
  throw new UsageError('Use: relata workspace create --slug S --name N | relata workspace list');
}
