import { snakeCase } from './naming';

/**
 * Names of everything the engine creates in a workspace schema. Indexes and constraints
 * are always named explicitly (never left to Postgres' truncating defaults), so a rename
 * can rename them too and the names stay derivable from metadata.
 */
export const physicalNames = {
  table: (namePlural: string) => snakeCase(namePlural),
  column: (fieldName: string) => snakeCase(fieldName),
  primaryKey: (table: string) => `${table}_pkey`,
  searchIndex: (table: string) => `${table}_search_idx`,
  /** For the `own` record scope. No field can claim it: `owner_id` is a standard column. */
  ownerIndex: (table: string) => `${table}_owner_id_idx`,
  searchFunction: (table: string) => `${table}_search`,
  /** Trigger names are per table in Postgres, so one constant name is enough. */
  searchTrigger: 'relata_search',
  index: (table: string, column: string) => `${table}_${column}_idx`,
  uniqueIndex: (table: string, column: string) => `${table}_${column}_key`,
  foreignKey: (table: string, column: string) => `${table}_${column}_fkey`,
  requiredCheck: (table: string, column: string) => `${table}_${column}_required`,
  junctionTable: (ownerTable: string, column: string) => `${ownerTable}_${column}`,
  junctionTargetIndex: (junction: string) => `${junction}_target_idx`,
  junctionSourceKey: (junction: string) => `${junction}_source_fkey`,
  junctionTargetKey: (junction: string) => `${junction}_target_fkey`,
} as const;
