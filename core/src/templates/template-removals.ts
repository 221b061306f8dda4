import { parse } from 'yaml';
import { qualify, quoteIdent, type SqlExecutor } from '../db';
import { type FieldMetadata, fieldColumns, type ObjectMetadata, type WorkspaceSnapshot } from '../metadata';
import { type BundleFile, fileTarget } from '../workspace-bundle';

type Keyed = { key?: unknown };
const keysOf = (doc: unknown, list: 'fields' | 'indexes'): string[] => {
  const items = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)[list] : undefined;
  return Array.isArray(items) ? items.flatMap((item: Keyed) => (typeof item?.key === 'string' ? [item.key] : [])) : [];
};

/**
 * What a new template version removed from the version installed, as plan targets: whole files
 * (`object lead`, `view open_leads`, `workflow x`) and, in object files both versions have,
 * fields and indexes (`field lead.fax`, `index lead.by_fax`).
 */
export function templateRemovals(base: readonly BundleFile[], next: readonly BundleFile[]): string[] {
  const nextByPath = new Map(next.map((f) => [f.path, f]));
  const removed: string[] = [];
  for (const file of base) {
    const now = nextByPath.get(file.path);
    if (!now) {
      const target = fileTarget(file.path);
      if (target) removed.push(target);
      continue;
    }
    if (!file.path.startsWith('objects/')) continue;
    const object = file.path.slice('objects/'.length).replace(/\.ya?ml$/, '');
    const [before, after] = [parse(file.content) as unknown, parse(now.content) as unknown];
    for (const [list, noun] of [
      ['fields', 'field'],
      ['indexes', 'index'],
    ] as const) {
      const kept = new Set(keysOf(after, list));
      for (const key of keysOf(before, list)) if (!kept.has(key)) removed.push(`${noun} ${object}.${key}`);
    }
  }
  return removed;
}

/** Records of `object` written (created, changed, deleted) since `since`, with a value in `field` when given. */
async function writtenSince(
  db: SqlExecutor,
  schema: string,
  object: ObjectMetadata,
  field: FieldMetadata | null,
  since: string,
): Promise<number> {
  const relation = field?.settings.relation;
  if (field && relation?.kind === 'MANY_TO_MANY' && relation.junctionTable) {
    // Links carry no time: any link may be the admin's, so a linked many-to-many counts as written.
    const { rows } = await db.query<{ n: string }>(
      `select count(*) as n from ${qualify(schema, relation.junctionTable)}`,
    );
    return Number(rows[0]!.n);
  }
  const columns = field ? fieldColumns(field).map((c) => `${quoteIdent(c.column)} is not null`) : [];
  // A computed field holds nothing of its own.
  if (field && columns.length === 0) return 0;
  const valued = columns.length ? ` and (${columns.join(' or ')})` : '';
  const { rows } = await db.query<{ n: string }>(
    `select count(*) as n from ${qualify(schema, object.tableName)} where (created_at > $1::timestamptz or updated_at > $1::timestamptz)${valued}`,
    [since],
  );
  return Number(rows[0]!.n);
}

/**
 * Relations (`contact.favouriteTag`) of objects the upgrade keeps that point to `object`, and
 * that the upgrade does not remove itself: the admin's, added since the install. Dropping the
 * object would have to drop them too (PostgreSQL refuses, or the admin's relation goes silently).
 */
function relationsKeeping(snapshot: WorkspaceSnapshot, object: ObjectMetadata, removals: readonly string[]): string[] {
  const removed = new Set(removals);
  return snapshot.objects.flatMap((holder) =>
    holder.id === object.id || removed.has(`object ${holder.key}`)
      ? []
      : holder.fields.flatMap((f) =>
          f.settings.relation?.target === object.nameSingular && !removed.has(`field ${holder.key}.${f.key}`)
            ? [`${holder.key}.${f.key}`]
            : [],
        ),
  );
}

/**
 * Splits the template's removals into those an upgrade drops and those it keeps because the
 * workspace wrote data there since the install (or last upgrade): records of a removed object,
 * values of a removed field created or changed since then. What the template's own seed or the
 * install wrote is the template's to take back; what came later is the admin's and is kept, with
 * a warning saying why. So is a removed object one of the admin's relations still points to.
 */
export async function guardRemovals(
  db: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  removals: readonly string[],
  /** The install's (or last upgrade's) time as PostgreSQL prints it: a JS Date would lose its microseconds. */
  since: string,
): Promise<{ drop: string[]; warnings: string[] }> {
  const drop: string[] = [];
  const warnings: string[] = [];
  for (const target of removals) {
    const match = /^(object|field) ([^.]+)(?:\.(.+))?$/.exec(target);
    const object = match ? snapshot.objects.find((o) => o.key === match[2]) : undefined;
    const field = match?.[1] === 'field' ? (object?.fields.find((f) => f.key === match[3]) ?? null) : null;
    const measured = object && (match![1] === 'object' || field);
    const holders = object && match![1] === 'object' ? relationsKeeping(snapshot, object, removals) : [];
    if (holders.length > 0) {
      warnings.push(
        `The template no longer has ${target}; it is kept: ${holders.join(', ')} still point(s) to it. Delete ${holders.length === 1 ? 'that relation' : 'those relations'} first if it is no longer needed.`,
      );
      continue;
    }
    const written = measured ? await writtenSince(db, snapshot.schemaName, object, field, since) : 0;
    if (written === 0) drop.push(target);
    else
      warnings.push(
        `The template no longer has ${target}; it is kept: ${written} record(s) were written to it since the template was installed. Delete it yourself if it is no longer needed.`,
      );
  }
  return { drop, warnings };
}
