import type { GraphQLSchema } from 'graphql';
import { optionIndexRebuilds } from '../indexes';
import { getWorkspace, loadSnapshot } from '../workspace';
import { createMetadataBuilder } from './builder';
import { addBundleFields } from './bundle-fields';
import { addDashboardFields } from './dashboard-fields';
import { addFormFields } from './form-fields';
import { addFormulaFunctionFields } from './formula-function-fields';
import { addInboundEmailFields } from './inbound-email-fields';
import { addInboundSmsFields } from './inbound-sms-fields';
import { addIndexFields } from './index-fields';
import { defineInputTypes } from './input-types';
import { defineOutputTypes } from './output-types';
import { addPluginFields } from './plugin-fields';
import { addPortalFields } from './portal-fields';
import { addPortalSettingsFields } from './portal-settings-fields';
import { addRoleFields } from './role-fields';
import { defineRoleTypes } from './role-types';
import { addScoringModelFields } from './scoring-model-fields';
import { addSecretFields } from './secret-fields';
import { addSegmentFields } from './segment-fields';
import { addTemplateChoiceFields } from './template-choice-fields';
import { addTemplateFields } from './template-fields';
import { addWebhookFields } from './webhook-fields';
import { addWorkflowFields } from './workflow-fields';
import { addWorkflowRunFields } from './workflow-run-fields';
import { addWorkflowWebhookFields } from './workflow-webhook-fields';
import { addWorkspaceAdminFields } from './workspace-admin-fields';
import { addWorkspaceSettingsFields } from './workspace-settings-fields';

let built: GraphQLSchema | undefined;

const DRY_RUN = 'true: return the plan, warnings and counts without changing anything.';

/**
 * The `/metadata` GraphQL schema (ARCHITECTURE, "metadata endpoint"). It does not depend on
 * any workspace, so it is built once and shared; resolvers act on `ctx.workspaceId`.
 */
export function buildMetadataSchema(): GraphQLSchema {
  if (built) return built;
  const builder = createMetadataBuilder();
  const outputs = defineOutputTypes(builder);
  const inputs = defineInputTypes(builder, outputs);
  const { ObjectRef, ChangeRef } = outputs;

  builder.queryType({
    fields: (t) => ({
      objects: t.field({
        type: [ObjectRef],
        resolve: async (_root, _args, ctx) => (await loadSnapshot(ctx.db, ctx.workspaceId)).objects,
      }),
      object: t.field({
        type: ObjectRef,
        nullable: true,
        args: { name: t.arg.string({ required: true, description: 'Singular API name.' }) },
        resolve: async (_root, args, ctx) =>
          (await loadSnapshot(ctx.db, ctx.workspaceId)).objects.find((o) => o.nameSingular === args.name) ?? null,
      }),
      metadataVersion: t.int({
        resolve: async (_root, _args, ctx) => (await getWorkspace(ctx.db, { id: ctx.workspaceId })).metadataVersion,
      }),
    }),
  });

  builder.mutationType({
    fields: (t) => ({
      createObject: t.field({
        type: ChangeRef,
        args: {
          input: t.arg({ type: inputs.CreateObjectInput, required: true }),
          dryRun: t.arg.boolean({ description: DRY_RUN }),
        },
        resolve: (_root, args, ctx) =>
          ctx.metadata.createObject(ctx.workspaceId, { ...args.input }, { dryRun: args.dryRun ?? false }),
      }),
      updateObject: t.field({
        type: ChangeRef,
        args: {
          name: t.arg.string({ required: true }),
          input: t.arg({ type: inputs.UpdateObjectInput, required: true }),
          dryRun: t.arg.boolean({ description: DRY_RUN }),
        },
        resolve: (_root, args, ctx) =>
          ctx.metadata.updateObject(ctx.workspaceId, args.name, { ...args.input }, { dryRun: args.dryRun ?? false }),
      }),
      deleteObject: t.field({
        type: ChangeRef,
        args: { name: t.arg.string({ required: true }), dryRun: t.arg.boolean({ description: DRY_RUN }) },
        resolve: (_root, args, ctx) =>
          ctx.metadata.deleteObject(ctx.workspaceId, args.name, { dryRun: args.dryRun ?? false }),
      }),
      createField: t.field({
        type: ChangeRef,
        args: {
          object: t.arg.string({ required: true }),
          input: t.arg({ type: inputs.CreateFieldInput, required: true }),
          dryRun: t.arg.boolean({ description: DRY_RUN }),
        },
        resolve: (_root, args, ctx) =>
          ctx.metadata.createField(ctx.workspaceId, args.object, { ...args.input }, { dryRun: args.dryRun ?? false }),
      }),
      updateField: t.field({
        type: ChangeRef,
        args: {
          object: t.arg.string({ required: true }),
          name: t.arg.string({ required: true }),
          input: t.arg({ type: inputs.UpdateFieldInput, required: true }),
          dryRun: t.arg.boolean({ description: DRY_RUN }),
        },
        resolve: (_root, args, ctx) => {
          const input = { ...args.input };
          // A renamed option is a literal in the WHERE of partial indexes filtering on the field.
          const renames = input.options?.some((o) => o.renameFrom != null) ?? false;
          const field = input.name ?? args.name;
          return ctx.metadata.updateField(ctx.workspaceId, args.object, args.name, input, {
            dryRun: args.dryRun ?? false,
            ...(renames && {
              alsoRuns: async (tx, next, reviewed) => {
                const carried = new Map(reviewed.indexes.carried.map((c) => [c.id, c.filter]));
                const rebuilds = await optionIndexRebuilds(tx, next, args.object, field, carried);
                return {
                  sql: rebuilds.flatMap((r) => r.sql),
                  summary: rebuilds.map((r) => `Partial index ${r.name} is rebuilt on the renamed option values.`),
                };
              },
            }),
          });
        },
      }),
      deleteField: t.field({
        type: ChangeRef,
        args: {
          object: t.arg.string({ required: true }),
          name: t.arg.string({ required: true }),
          dryRun: t.arg.boolean({ description: DRY_RUN }),
        },
        resolve: (_root, args, ctx) =>
          ctx.metadata.deleteField(ctx.workspaceId, args.object, args.name, { dryRun: args.dryRun ?? false }),
      }),
    }),
  });
  addRoleFields(builder, defineRoleTypes(builder));
  addPortalFields(builder);
  addSecretFields(builder);
  addPluginFields(builder);
  addWorkflowFields(builder);
  addWorkflowRunFields(builder);
  addWorkflowWebhookFields(builder);
  addWebhookFields(builder);
  addFormFields(builder);
  addIndexFields(builder);
  addWorkspaceAdminFields(builder);
  addFormulaFunctionFields(builder);
  addSegmentFields(builder);
  addDashboardFields(builder);
  addWorkspaceSettingsFields(builder);
  addBundleFields(builder);
  addInboundSmsFields(builder, addInboundEmailFields(builder).UnknownSender);
  addPortalSettingsFields(builder);
  addScoringModelFields(builder);
  addTemplateFields(builder);
  addTemplateChoiceFields(builder);
  built = builder.toSchema({ sortSchema: false });
  return built;
}
