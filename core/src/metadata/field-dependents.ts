import type { RowCheck, Statement } from './ddl-plan';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from './types';

// Every key anywhere in a filter-shaped JSON value (conditions and view filters name fields by key).
const keysOf = (json: string) =>
  `jsonb_path_query(coalesce(${json}, 'null'::jsonb), 'lax $.** ? (@.type() == "object").keyvalue().key')`;

/**
 * What refers to a field by its name and would break, or silently follow a later field of the
 * same name, if it were deleted: role record conditions and view filters anywhere in the
 * workspace (through a relation, a condition on another object can name it), and the views of
 * its object that sort, group or sum by it. The delete is refused with their list.
 * Conservative: a key equal to the name counts even where it names another object's field.
 */
export function fieldDependentsCheck(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  field: FieldMetadata,
): RowCheck {
  return {
    sql: `select format('role "%s" (its record condition on %s)', r.name, o.name_plural) as label
            from relata.role_permissions p
            join relata.roles r on r.id = p.role_id
            join relata.objects o on o.id = p.object_id
           where r.workspace_id = $1 and p.record_scope = 'condition'
             and exists (select from ${keysOf('p.record_condition')} k where k #>> '{}' = $2)
          union all
          select format('view "%s" of %s', v.name, o.name_plural)
            from relata.views v join relata.objects o on o.id = v.object_id
           where v.workspace_id = $1
             and (exists (select from ${keysOf("v.settings -> 'filter'")} k where k #>> '{}' = $2)
                  or (v.object_id = $3 and (v.settings ->> 'groupBy' = $2 or v.settings ->> 'sumField' = $2
                      or exists (select from jsonb_array_elements(coalesce(v.settings -> 'orderBy', '[]'))
                                  s where s ->> 'field' = $2))))
          order by 1`,
    params: [snapshot.workspaceId, field.name, object.id],
    effect: 'refuse',
    field: 'name',
    message: (count) =>
      `${count} role condition(s) or view(s) use ${object.nameSingular}.${field.name}; change them first`,
    listsDependents: true,
  };
}

/** Views showing the field as a column simply stop showing it: removed in the delete's transaction. */
export function dropFromViewColumns(object: ObjectMetadata, field: FieldMetadata): Statement {
  return {
    sql: `update relata.views
             set settings = jsonb_set(settings, '{columns}', (
                   select coalesce(jsonb_agg(c order by n), '[]'::jsonb)
                     from jsonb_array_elements(settings -> 'columns') with ordinality as e(c, n)
                    where c ->> 'field' <> $2)),
                 updated_at = now()
           where object_id = $1 and jsonb_typeof(settings -> 'columns') = 'array'
             and exists (select from jsonb_array_elements(settings -> 'columns') c where c ->> 'field' = $2)`,
    params: [object.id, field.name],
  };
}
