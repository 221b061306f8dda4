import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Workspace } from './workspace';

/** A scoring model (RFM or lifecycle) over one subject object; see core/src/analytics. */
export const ScoringModel = defineEntity({
  name: 'ScoringModel',
  schema: 'relata',
  tableName: 'scoring_models',
  uniques: [{ properties: ['workspace', 'name'] }],
  properties: {
    id: p.uuid().primary(),
    workspace: () => p.manyToOne(Workspace).deleteRule('cascade'),
    objectId: p.uuid(),
    kind: p.text(),
    name: p.text(),
    label: p.text(),
    definition: p.json<Record<string, unknown>>(),
    lastRunAt: p.datetime().nullable(),
    lastRunMs: p.integer().nullable(),
    lastChanged: p.integer().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    createdBy: p.uuid().nullable(),
  },
});
export type ScoringModel = InferEntity<typeof ScoringModel>;
