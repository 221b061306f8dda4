import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Workspace } from './workspace';

/**
 * A CSV / XLSX file uploaded once to the studio's import (`POST /import/analyze`): its preview and
 * its run name it, so the file crosses the network once. Only its uploader (`actor`: kind and id
 * of the member or API key) may use it; uploads older than an hour are deleted by the hourly cron.
 */
export const ImportUpload = defineEntity({
  name: 'ImportUpload',
  schema: 'relata',
  tableName: 'import_uploads',
  indexes: [{ name: 'import_uploads_workspace_created', properties: ['workspace', 'createdAt'] }],
  properties: {
    id: p.uuid().primary(),
    workspace: () => p.manyToOne(Workspace).deleteRule('cascade').updateRule('no action'),
    actor: p.text(),
    file: p.blob().lazy(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export type ImportUpload = InferEntity<typeof ImportUpload>;
