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

const titleField = (object: ObjectMetadata) =>
  object.labelField
    ? object.fields.find((f) => f.name === object.labelField)
    : object.fields.find((f) => TEXT_TYPES.has(f.type) || f.type === 'FULL_NAME');

/** The record's title: its label field (default: first text field); a full name reads "first last". */
export function labelSql(ctx: CompileContext, object: ObjectMetadata, alias: string): string {
  const field = titleField(object);
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

/** A tsquery lexeme in quotes (its quotes and backslashes escaped), matched as a prefix. */
const quotedPrefix = (lexeme: string) => `'${lexeme.replace(/['\\]/g, (c) => `\\${c}`)}':*`;

/**
 * The tsquery of `text`, ANDing its words as prefixes; null when it holds none. A word with an
 * `@` is one lexeme, as the search vector holds an email address whole: it is cast as a quoted
 * lexeme (so "ada.lovelace@acme" is a prefix of "ada.lovelace@acme-corp.com", which the parser
 * of to_tsquery would split). Other words keep their letters and digits only, so no input is
 * ever read as tsquery syntax.
 */
function tsquerySql(ctx: CompileContext, text: string): string | null {
  const words = text.split(/\s+/u).filter(Boolean);
  const emails = words.filter((word) => word.includes('@')).slice(0, MAX_TERMS);
  const terms = words
    .filter((word) => !word.includes('@'))
    .flatMap((word) => word.split(/[^\p{L}\p{N}]+/u).filter(Boolean))
    .slice(0, MAX_TERMS)
    .map((term) => `${term.toLowerCase()}:*`);
  const parts = [
    ...(terms.length > 0 ? [`to_tsquery('simple', ${ctx.params.add(terms.join(' & '))})`] : []),
    ...emails.map((email) => `${ctx.params.add(quotedPrefix(email.toLowerCase()))}::tsquery`),
  ];
  return parts.length > 0 ? `(${parts.join(' && ')})` : null;
}

/** Digits of a query that reads as a phone number ("+1 555-123 4567"): 6 or more, nothing but separators around. */
function phoneDigits(text: string): string | null {
  if (!/^[\d\s()+.-]+$/.test(text.trim())) return null;
  const digits = text.replace(/\D/g, '');
  return digits.length >= 6 ? digits : null;
}

/**
 * The match condition: the search vector, or for a phone-like query also the digits of readable
 * PHONE fields (the vector splits "(555) 123-4567" into pieces no typed form matches).
 */
function matchSql(
  ctx: CompileContext,
  object: ObjectMetadata,
  alias: string,
  vector: string,
  tsquery: string,
  digits: string | null,
) {
  const phones = digits
    ? object.fields
        .filter((f) => f.type === 'PHONE' && canReadField(ctx.access.permissions, object, f.name))
        .flatMap((f) => fieldColumns(f).map((c) => `${alias}.${quoteIdent(c.column)}`))
    : [];
  if (phones.length === 0) return `${vector} @@ ${tsquery}`;
  const like = ctx.params.add(`%${digits}%`);
  const byDigits = phones.map((column) => `regexp_replace(${column}, '\\D', '', 'g') like ${like}`);
  return `(${vector} @@ ${tsquery} or ${byDigits.join(' or ')})`;
}

/** Types a hit's detail may come from, in order: what tells two records of the same name apart. */
const DETAIL_TYPES = ['EMAIL', 'PHONE', 'URL', 'TEXT'];

/** The hit's detail: its first readable email, phone, URL or text field other than the title. */
function detailSql(ctx: CompileContext, object: ObjectMetadata, alias: string, label: string): string {
  const fields = object.fields.filter((f) => f.name !== label && DETAIL_TYPES.includes(f.type));
  fields.sort((a, b) => DETAIL_TYPES.indexOf(a.type) - DETAIL_TYPES.indexOf(b.type));
  const field = fields.find((f) => canReadField(ctx.access.permissions, object, f.name));
  const access = field && objectFields(ctx.snapshot, object).get(field.name);
  return access?.kind === 'column' ? `${alias}.${quoteIdent(access.column)}::text` : 'null::text';
}

/**
 * `search(query, objects, first)`: one `union all` over the objects' `search` tsvector columns,
 * best rank first. Null when the query holds no searchable word (the answer is an empty list).
 */
export function searchQuery(ctx: CompileContext, field: SelectedField): string | null {
  const text = String(field.args.query ?? '');
  const tsquery = tsquerySql(ctx, text);
  if (!tsquery) return null;
  const digits = phoneDigits(text);
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
  const branches = objects.map((object) => {
    const a = ctx.alias();
    const name = ctx.params.add(object.nameSingular);
    const vector = searchVector(ctx, object, a);
    const where = whereClause(ctx, 'search', object, a, null);
    const match = matchSql(ctx, object, a, vector, tsquery, digits);
    const detail = detailSql(ctx, object, a, titleField(object)?.name ?? '');
    return `(select ${name}::text as "object", ${a}."id", ${labelSql(ctx, object, a)} as "label", ${detail} as "detail", ts_rank(${vector}, ${tsquery}) as "rank" from ${ctx.table(object)} ${a} where ${match} and ${where} order by 5 desc limit ${first})`;
  });
  const pairs = selectFields(ctx, fieldObjectType(field), field.nodes).map((s): [string, string] => [
    s.key,
    `h.${quoteIdent(s.name)}`,
  ]);
  ctx.addCost(first);
  return `select ${jsonObject(pairs)} as "row" from (${branches.join(' union all ')}) h order by h."rank" desc, h."id" limit ${first}`;
}
