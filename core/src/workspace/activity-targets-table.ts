import { qualify } from '../db';

/**
 * The table linking activities (notes, tasks, calls, meetings) to the records they are about, in
 * each workspace's own schema. Its leading underscore keeps it apart from object tables, whose
 * names are the snake_case of a camelCase plural (never starting with `_`).
 */
export const ACTIVITY_TARGETS_TABLE = '_activity_targets';

/**
 * Its DDL, idempotent. One statement per schema rather than a MikroORM entity: it lives in each
 * workspace's own schema (the shard unit, so joins with object tables stay local), which
 * MikroORM's static entity metadata cannot name. Object and record ids are stable ids, so renames
 * never touch it. Every workspace schema has it from its creation on, so reads of an object an
 * admin named like an activity (`note`, `task`...) never meet a missing table.
 */
export function activityTargetsTableSql(schemaName: string): string[] {
  const table = qualify(schemaName, ACTIVITY_TARGETS_TABLE);
  return [
    `create table if not exists ${table} (
      "activity_object_id" uuid not null,
      "activity_id" uuid not null,
      "target_object_id" uuid not null,
      "target_id" uuid not null,
      "created_at" timestamptz not null default now(),
      "created_by" uuid,
      primary key ("activity_id", "target_object_id", "target_id")
    )`,
    `create index if not exists "_activity_targets_target_idx" on ${table} ("target_object_id", "target_id")`,
  ];
}
