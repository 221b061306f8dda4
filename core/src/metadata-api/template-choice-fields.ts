import { clearTemplateChoice, isTemplateChoicePending } from '../workspace';
import type { MetadataBuilder } from './builder';

/**
 * On `/metadata` (admins only): whether the studio should offer the first-start "Choose your CRM"
 * screen in this workspace, and the mutation recording that the admin chose.
 */
export function addTemplateChoiceFields(builder: MetadataBuilder) {
  builder.queryFields((t) => ({
    templateChoicePending: t.boolean({
      description:
        "True on the workspace an installation's first run created until its admin picked a template or kept the demo.",
      resolve: (_root, _args, ctx) => isTemplateChoicePending(ctx.db, ctx.workspaceId),
    }),
  }));
  builder.mutationFields((t) => ({
    dismissTemplateChoice: t.boolean({
      description: 'Records that the first-start choice was made; the studio does not offer it again. Answers true.',
      resolve: async (_root, _args, ctx) => {
        await clearTemplateChoice(ctx.db, ctx.workspaceId);
        return true;
      },
    }),
  }));
}
