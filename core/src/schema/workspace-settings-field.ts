import { readWorkspaceSettings, type WorkspaceSettings } from '../workspace';
import type { DataBuilder } from './data-builder';

/**
 * `workspaceSettings` for members: the name, logo and money and date defaults every display of
 * the studio formats with. Read-only here; admins change them on `/metadata`.
 */
export function addWorkspaceSettingsField(builder: DataBuilder) {
  const settings = builder.objectRef<WorkspaceSettings>('WorkspaceSettings').implement({
    description: 'Name, logo and how money and dates are shown in this workspace.',
    fields: (t) => ({
      name: t.exposeString('name'),
      defaultCurrency: t.exposeString('defaultCurrency'),
      timeZone: t.exposeString('timeZone'),
      dateFormat: t.exposeString('dateFormat'),
      logo: t.exposeString('logo', { nullable: true }),
    }),
  });
  builder.queryFields((t) => ({
    workspaceSettings: t.field({
      type: settings,
      resolve: (_root, _args, ctx) => readWorkspaceSettings(ctx.db, ctx.workspace.id),
    }),
  }));
}
