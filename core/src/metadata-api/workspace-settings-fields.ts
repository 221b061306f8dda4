import { activityModel } from '../activities';
import {
  DATE_FORMATS,
  MAX_LOGO_BYTES,
  readSetupChecklist,
  readWorkspaceSettings,
  type SetupChecklist,
  updateWorkspaceSettings,
  type WorkspaceSettings,
} from '../workspace';
import type { MetadataBuilder } from './builder';

const STANDARD_OBJECTS = activityModel.objects.map((o) => o.nameSingular);

/** The workspace settings as `/metadata` answers them. */
function settingsRef(builder: MetadataBuilder) {
  return builder.objectRef<WorkspaceSettings>('WorkspaceSettings').implement({
    description: 'Name, logo and how money and dates are shown in this workspace.',
    fields: (t) => ({
      name: t.exposeString('name'),
      defaultCurrency: t.exposeString('defaultCurrency', {
        description: 'ISO 4217 code of amounts given without one.',
      }),
      timeZone: t.exposeString('timeZone', { description: 'IANA time zone dates and times are shown in.' }),
      dateFormat: t.exposeString('dateFormat', { description: `One of ${DATE_FORMATS.join(' | ')}.` }),
      logo: t.exposeString('logo', { nullable: true, description: 'A data URL (PNG, JPEG or WebP), or null.' }),
    }),
  });
}

/**
 * On `/metadata` (admins only): `workspaceSetup`, the first-run checklist the studio's home shows,
 * and `workspaceSettings` / `updateWorkspaceSettings`.
 */
export function addWorkspaceSettingsFields(builder: MetadataBuilder) {
  const SettingsRef = settingsRef(builder);
  const SettingsInput = builder.inputType('WorkspaceSettingsInput', {
    description: 'Only the given settings change.',
    fields: (t) => ({
      name: t.string(),
      defaultCurrency: t.string(),
      timeZone: t.string(),
      dateFormat: t.string({ description: `One of ${DATE_FORMATS.join(' | ')}.` }),
      logo: t.string({
        description: `A data URL of a PNG, JPEG or WebP image of at most ${MAX_LOGO_BYTES / 1024} KB; null removes the logo.`,
      }),
    }),
  });
  const SetupRef = builder.objectRef<SetupChecklist>('WorkspaceSetup').implement({
    description: 'First-run checklist; each item is true once the workspace holds what it asks for.',
    fields: (t) => ({
      invitedTeam: t.exposeBoolean('invitedTeam', { description: 'A second member was added or invited.' }),
      importedData: t.exposeBoolean('importedData', { description: 'Records were imported (CLI or studio).' }),
      shapedDataModel: t.exposeBoolean('shapedDataModel', {
        description: 'An object beside the standard activity objects exists.',
      }),
      triedWorkflow: t.exposeBoolean('triedWorkflow', { description: 'A workflow was created.' }),
    }),
  });
  builder.queryFields((t) => ({
    workspaceSetup: t.field({
      type: SetupRef,
      resolve: (_root, _args, ctx) => readSetupChecklist(ctx.db, ctx.workspaceId, STANDARD_OBJECTS),
    }),
    workspaceSettings: t.field({
      type: SettingsRef,
      resolve: (_root, _args, ctx) => readWorkspaceSettings(ctx.db, ctx.workspaceId),
    }),
  }));
  builder.mutationFields((t) => ({
    updateWorkspaceSettings: t.field({
      type: SettingsRef,
      args: { input: t.arg({ type: SettingsInput, required: true }) },
      // Omitted fields arrive as undefined; an explicit null is kept only for the logo (removal).
      resolve: (_root, args, ctx) =>
        updateWorkspaceSettings(
          ctx.db,
          ctx.workspaceId,
          Object.fromEntries(Object.entries(args.input).filter(([key, value]) => value !== null || key === 'logo')),
        ),
    }),
  }));
}
