import type { SqlExecutor } from '../db';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from './types';

/**
 * The key a field's values carry in audit rows (the record input/output key): `<name>` for
 * values, `<name>Id` for a to-one relation, `<name>Ids` for a many-to-many set.
 */
export function auditKey(field: FieldMetadata): string {
  if (field.type !== 'RELATION') return field.name;
  return field.settings.relation?.kind === 'MANY_TO_MANY' ? `${field.name}Ids` : `${field.name}Id`;
}

/** How one object's audit rows follow a metadata change. */
interface AuditRewrite {
  objectName: string;
  nextObjectName: string;
  /** Keys of fields that are gone (their values leave every row). */
  dropped: string[];
  /** Keys of fields whose key changed, old -> new. */
  renamed: { from: string; to: string }[];
}

function rewritesOf(before: WorkspaceSnapshot, after: WorkspaceSnapshot): AuditRewrite[] {
  const afterObjects = new Map(after.objects.map((o) => [o.id, o]));
  const rewrites: AuditRewrite[] = [];
  for (const object of before.objects) {
    const next: ObjectMetadata | undefined = afterObjects.get(object.id);
    // A dropped object's records are gone with their ids; no later record can share them.
    if (!next) continue;
    const nextFields = new Map(next.fields.map((f) => [f.id, f]));
    const dropped: string[] = [];
    const renamed: { from: string; to: string }[] = [];
    for (const field of object.fields) {
      const kept = nextFields.get(field.id);
      if (!kept) dropped.push(auditKey(field));
      else if (auditKey(kept) !== auditKey(field)) renamed.push({ from: auditKey(field), to: auditKey(kept) });
    }
    if (dropped.length > 0 || renamed.length > 0 || next.nameSingular !== object.nameSingular) {
      rewrites.push({ objectName: object.nameSingular, nextObjectName: next.nameSingular, dropped, renamed });
    }
  }
  return rewrites;
}

/** `column` (before/after jsonb) without the old keys, with the renamed ones under their new key. */
const rewrittenJson = (column: string) =>
  `case when ${column} is null then null else (${column} - $4::text[]) || coalesce(
     (select jsonb_object_agg(r.to_key, ${column} -> r.from_key) from unnest($5::text[], $6::text[]) as r(from_key, to_key)
      where ${column} ? r.from_key), '{}'::jsonb) end`;

/**
 * Keeps the audit log bound to field identity across a metadata change: the values of a
 * deleted field leave every audit row of its object (so a field re-created under the same
 * name starts with an empty history), a renamed field's values move to its new key, and a
 * renamed object's rows follow it. Runs in the change's transaction, so the log never names
 * a field the metadata does not hold. One statement per touched object; renames are applied
 * all at once, so swapping two names is safe.
 */
export async function rebindHistory(tx: SqlExecutor, before: WorkspaceSnapshot, after: WorkspaceSnapshot) {
  for (const rewrite of rewritesOf(before, after)) {
    const froms = rewrite.renamed.map((r) => r.from);
    const removed = [...rewrite.dropped, ...froms];
    await tx.query(
      `update relata.audit_log set
         object_name = $3,
         before = ${rewrittenJson('before')},
         after = ${rewrittenJson('after')},
         changed_fields = array(
           select coalesce(r.to_key, f.key) from unnest(changed_fields) with ordinality as f(key, n)
           left join unnest($5::text[], $6::text[]) as r(from_key, to_key) on r.from_key = f.key
           where r.from_key is not null or f.key <> all($4::text[]) order by f.n)
       where workspace_id = $1 and object_name = $2
         and ($2 <> $3 or before ?| $4::text[] or after ?| $4::text[] or changed_fields && $4::text[])`,
      [
        before.workspaceId,
        rewrite.objectName,
        rewrite.nextObjectName,
        removed,
        froms,
        rewrite.renamed.map((r) => r.to),
      ],
    );
  }
}
