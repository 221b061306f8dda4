import { checkModelDefinition, type ModelDefinition, markManaged, runModelIn } from '../../analytics';
import { systemEntity } from '../../system';
import type { SectionContext } from '../bundle-section';
import { rowSection } from './row-section';
import {
  type ScoringDocument,
  type ScoringRow,
  type ScoringValues,
  scoringDocument,
  scoringFromDocument,
  scoringToDocument,
} from './scoring-document';
import { inFile } from './section-refs';

/** The field ids a definition writes (what the model owns on its subject). */
const writtenIds = (d: ModelDefinition) =>
  d.kind === 'LIFECYCLE' ? [d.fieldId] : [d.fields.recency, d.fields.frequency, d.fields.monetary, d.fields.segment];

/**
 * Stores the model's row as `values` say, takes over the fields it writes and runs it once in the
 * bundle's transaction (as creating a model through the API runs it), so scores exist on apply.
 * When a seed follows, the caller runs it once after the seed instead (issue 15: not three times).
 */
async function save(ctx: SectionContext, id: string, values: ScoringValues, isNew: boolean): Promise<void> {
  const em = await ctx.tx.entities();
  const row = isNew
    ? em.create(systemEntity.ScoringModel, {
        id,
        workspace: ctx.workspaceId,
        objectId: values.objectId,
        kind: values.definition.kind,
        name: values.key,
        label: values.name,
        definition: values.definition as unknown as Record<string, unknown>,
        createdBy: ctx.deps.actor.id,
      })
    : await em.findOneOrFail(systemEntity.ScoringModel, { id, workspace: ctx.workspaceId });
  if (!isNew)
    em.assign(row, {
      objectId: values.objectId,
      kind: values.definition.kind,
      label: values.name,
      definition: values.definition as unknown as Record<string, unknown>,
      updatedAt: new Date(),
    });
  await em.flush();
  await release(ctx, id);
  await markManaged(ctx.tx, writtenIds(values.definition), { kind: values.definition.kind, modelId: id });
  if (!ctx.deps.seedFollows) await runModelIn(ctx.tx, ctx.after, id);
}

/** Gives back the fields model `id` wrote (they keep their values and become ordinary fields). */
async function release(ctx: SectionContext, id: string): Promise<void> {
  const owned = ctx.after.objects.flatMap((o) => o.fields.filter((f) => f.settings.managedBy?.modelId === id));
  await markManaged(
    ctx.tx,
    owned.map((f) => f.id),
    null,
  );
}

/** The workspace's models as rows of the section: key = the model's name, name = its label. */
async function listModels(ctx: SectionContext): Promise<ScoringRow[]> {
  const em = await ctx.tx.entities();
  const rows = await em.find(systemEntity.ScoringModel, { workspace: ctx.workspaceId }, { orderBy: { name: 'asc' } });
  return rows.map((r) => ({
    id: r.id,
    key: r.name,
    name: r.label,
    objectId: r.objectId,
    definition: r.definition as unknown as ModelDefinition,
  }));
}

/**
 * `scoring/<name>.yaml`: scoring models (RFM, lifecycle). The fields a model writes are the
 * objects section's (so a bundle creates them like any field); the model takes them over on apply.
 */
export const scoringSection = rowSection<ScoringRow, ScoringDocument, ScoringValues>({
  name: 'scoring',
  folder: 'scoring',
  noun: 'scoring model',
  schema: scoringDocument,
  list: listModels,
  toDocument: scoringToDocument,
  fromDocument: scoringFromDocument,
  async check(ctx, values, site) {
    const existing = (await listModels(ctx)).find((r) => r.key === values.key);
    await inFile(site, () => {
      const subject = ctx.after.objects.find((o) => o.id === values.objectId)!;
      checkModelDefinition(ctx.after, subject, values.definition, existing?.id ?? '');
    });
    return { values, warnings: [] };
  },
  create: (ctx, id, values) => save(ctx, id, values, true),
  update: (ctx, id, values) => save(ctx, id, values, false),
  async remove(ctx, id) {
    await release(ctx, id);
    await (await ctx.tx.entities()).nativeDelete(systemEntity.ScoringModel, { id, workspace: ctx.workspaceId });
  },
});
