import { activityModel } from '../activities';
import { readSetupChecklist, type SetupChecklist } from '../workspace';
import type { MetadataBuilder } from './builder';

const STANDARD_OBJECTS = activityModel.objects.map((o) => o.nameSingular);

/** `workspaceSetup` of `/metadata` (admins only): the first-run checklist the studio's home shows. */
export function addWorkspaceSettingsFields(builder: MetadataBuilder) {
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
  }));
}
