import type { Statement } from './ddl-plan';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from './types';

/** The audit key of a field: its name, `<name>Id` for a relation to one, `<name>Ids` to many. */
export function auditKey(field: Pick<FieldMetadata, 'name' | 'type' | 'settings'>): string {
  if (field.type !== 'RELATION') return field.name;
  return field.settings.relation?.kind === 'MANY_TO_MANY' ? `${field.name}Ids` : `${field.name}Id`;
}

/**
 * History names fields by key. A deleted field's values leave the history with it (as they leave
 * the table), so a later field of the same name starts with an empty history and can never
 * show values it did not hold, to a role that may read it.
 */
export function dropFromHistory(snapshot: WorkspaceSnapshot, object: ObjectMetadata, field: FieldMetadata): Statement {
  return {
    sql: `update relata.audit_log
             set "before" = "before" - $3::text, "after" = "after" - $3::text,
                 changed_fields = array_remove(changed_fields, $3::text)
           where workspace_id = $1 and object_name = $2
             and ("before" ? $3 or "after" ? $3 or $3 = any(changed_fields))`,
    params: [snapshot.workspaceId, object.nameSingular, auditKey(field)],
  };
}

/** A renamed field keeps its history: its key is renamed in every entry. */
export function renameInHistory(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  before: FieldMetadata,
  after: FieldMetadata,
): Statement[] {
  const [from, to] = [auditKey(before), auditKey(after)];
  if (from === to) return [];
  const renamed = (column: string) =>
    `case when ${column} ? $3 then (${column} - $3::text) || jsonb_build_object($4::text, ${column} -> $3) else ${column} end`;
  return [
    {
      sql: `update relata.audit_log
               set "before" = ${renamed('"before"')}, "after" = ${renamed('"after"')},
                   changed_fields = array_replace(changed_fields, $3::text, $4::text)
             where workspace_id = $1 and object_name = $2
               and ("before" ? $3 or "after" ? $3 or $3 = any(changed_fields))`,
      params: [snapshot.workspaceId, object.nameSingular, from, to],
    },
  ];
}

/** History names objects too: a renamed object keeps it, a deleted one takes it along. */
export function objectHistorySql(
  snapshot: WorkspaceSnapshot,
  before: ObjectMetadata,
  after: ObjectMetadata | null,
): Statement[] {
  if (after && after.nameSingular === before.nameSingular) return [];
  return [
    after
      ? {
          sql: 'update relata.audit_log set object_name = $3 where workspace_id = $1 and object_name = $2',
          params: [snapshot.workspaceId, before.nameSingular, after.nameSingular],
        }
      : {
          sql: 'delete from relata.audit_log where workspace_id = $1 and object_name = $2',
          params: [snapshot.workspaceId, before.nameSingular],
        },
  ];
}
