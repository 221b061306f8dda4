import { quoteIdent } from '../db';
import { badInput, limitExceeded } from '../errors';
import { fieldColumns, indexSnapshot, type ObjectMetadata, SEARCHABLE_TYPES } from '../metadata';
import { canReadField, canReadObject } from './access-rules';
import type { CompileContext } from './compile-context';
import { whereClause } from './filter-sql';
import { jsonObject } from './json-sql';
import { objectFields } from './object-fields';
import { fieldObjectType, type SelectedField, selectFields } from './selection';

const TEXT_TYPES = new Set(['TEXT', 'EMAIL', 'PHONE', 'URL']);
const MAX_TERMS = 10;

/** The record's title: its label field (default: first text field); a full name reads "first last". */
export function labelSql(ctx: CompileContext, object: ObjectMetadata, alias: string): string {
  const field = object.labelField
    ? object.fields.find((f) => f.name === object.labelField)
    : object.fields.find((f) => TEXT_TYPES.has(f.type) || f.type === 'FULL_NAME');
  const access = field && objectFields(ctx.snapshot, object).get(field.name);
  if (!access || !canReadField(ctx.access.permissions, object, access.name)) return 'null::text';
  if (access.kind === 'column') return `${alias}.${quoteIdent(access.column)}::text`;
  if (access.kind === 'composite') {
    return `nullif(concat_ws(' ', ${Object.values(access.parts)
      .map((p) => `${alias}.${quoteIdent(p.column)}`)
      .join(', ')}), '')`;
  }
  return 'null::text';
}

/**
 * The tsvector to match: the stored `search` column, or, when the role cannot read some
 * searched field, one built from the readable fields only (matching must not reveal hidden text).
 */
function searchVector(ctx: CompileContext, object: ObjectMetadata, alias: string): string {
  const searched = object.fields.filter(
    (f) => SEARCHABLE_TYPES.has(f.type) || (f.name === object.labelField && f.type !== 'RELATION'),
  );
  const visible = searched.filter((f) => canReadField(ctx.access.permissions, object, f.name));
  if (visible.length === searched.length) return `${alias}."search"`;
  const columns = visible.flatMap((f) => fieldColumns(f).map((c) => `${alias}.${quoteIdent(c.column)}::text`));
  return columns.length > 0 ? `to_tsvector('simple', concat_ws(' ', ${columns.join(', ')}))` : `''::tsvector`;
}

/** Prefix query over the words of `text` (letters and digits only, so never tsquery syntax). */
function prefixQuery(text: string): string | null {
  const terms = text
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, MAX_TERMS);
  return terms.length > 0 ? terms.map((t) => `${t.toLowerCase()}:*`).join(' & ') : null;
}

/**
 * `search(query, objects, first)`: one `union all` over the objects' `search` tsvector columns,
 * best rank first. Null when the query holds no searchable word (the answer is an empty list).
 */
export function searchQuery(ctx: CompileContext, field: SelectedField): string | null {
  const query = prefixQuery(String(field.args.query ?? ''));
  if (!query) return null;
  const first = (field.args.first as number | null | undefined) ?? 20;
  if (first < 0) throw badInput('first', 'first must be zero or more.');
  if (first > ctx.limits.maxPageSize) throw limitExceeded('first asks for more search hits than one page may hold.');
  const index = indexSnapshot(ctx.snapshot);
  const permissions = ctx.access.permissions;
  const names =
    (field.args.objects as string[] | null | undefined) ??
    ctx.snapshot.objects.filter((o) => canReadObject(permissions, o)).map((o) => o.nameSingular);
  const objects = names.map((name, i) => {
    const object = index.object(name);
    // An object the role cannot read is answered exactly like one that does not exist.
    if (!object || !canReadObject(permissions, object))
      throw badInput(`objects.${i}`, `There is no object named ${name}; use the objects' singular names.`);
    return object;
  });
  if (objects.length === 0) return null;
  const tsquery = `to_tsquery('simple', ${ctx.params.add(query)})`;
  const branches = objects.map((object) => {
    const a = ctx.alias();
    const name = ctx.params.add(object.nameSingular);
    const vector = searchVector(ctx, object, a);
    const where = whereClause(ctx, 'search', object, a, null);
    return `(select ${name}::text as "object", ${a}."id", ${labelSql(ctx, object, a)} as "label", ts_rank(${vector}, ${tsquery}) as "rank" from ${ctx.table(object)} ${a} where ${vector} @@ ${tsquery} and ${where} order by 4 desc limit ${first})`;
  });
  const pairs = selectFields(ctx, fieldObjectType(field), field.nodes).map((s): [string, string] => [
    s.key,
    `h.${quoteIdent(s.name)}`,
  ]);
  ctx.addCost(first);
  return `select ${jsonObject(pairs)} as "row" from (${branches.join(' union all ')}) h order by h."rank" desc, h."id" limit ${first}`;
}
