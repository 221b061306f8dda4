import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** A tenant: its object tables live in their own PostgreSQL schema (`schema_name`). */
export const Workspace = defineEntity({
  name: 'Workspace',
  schema: 'relata',
  tableName: 'workspaces',
  properties: {
    id: p.uuid().primary(),
    slug: p.text().unique(),
    name: p.text(),
    schemaName: p.text().unique(),
    metadataVersion: p.integer().default(1),
    standardObjectsVersion: p.integer().default(0),
    defaultCurrency: p.text().default('USD'),
    timeZone: p.text().default('UTC'),
    dateFormat: p.text().default('MMM D, YYYY'),
    logo: p.text().nullable(),
    /** The first-start template choice is still to be offered (core/src/workspace/template-choice.ts). */
    templateChoicePending: p.boolean().default(false),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export type Workspace = InferEntity<typeof Workspace>;
