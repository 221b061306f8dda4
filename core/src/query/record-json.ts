import { type FieldNode, type GraphQLObjectType, getNamedType } from 'graphql';
import { quoteIdent } from '../db';
import type { ObjectMetadata, RelationEdge } from '../metadata';
import { requireReadable } from './access-rules';
import { columnRead, shownColumn } from './column-sql';
import type { CompileContext } from './compile-context';
import { computedSql } from './computed-sql';
import { connectionJson, type RowSource } from './connection-json';
import { readableRelationId, whereClause } from './filter-sql';
import { historyJson } from './history-json';
import { HISTORY_FIELD } from './history-keys';
import { jsonObject } from './json-sql';
import { objectFields } from './object-fields';
import { fieldObjectType, type SelectedField, selectFields } from './selection';

/** Where a to-many relation's rows come from, seen from the parent row `alias`. */
export function relationSource(ctx: CompileContext, edge: RelationEdge, parentAlias: string): RowSource {
  if (edge.kind === 'ONE_TO_MANY') {
    return {
      from: (a) => `${ctx.table(edge.to)} ${a}`,
      condition: (a) => `${a}.${quoteIdent(edge.fkColumn ?? '')} = ${parentAlias}."id"`,
    };
  }
  const junction = edge.junction;
  if (!junction) throw new Error(`relation ${edge.name} has no junction table`);
  const link = ctx.alias();
  return {
    from: (a) =>
      `${ctx.junction(junction.table)} ${link} join ${ctx.table(edge.to)} ${a} on ${a}."id" = ${link}.${quoteIdent(junction.toColumn)}`,
    condition: () => `${link}.${quoteIdent(junction.fromColumn)} = ${parentAlias}."id"`,
  };
}

// The ISO form `DateTime` serializes to (`Date#toISOString`), so the JSON is final without graphql-js.
const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** A column's JSON value, already in the form its GraphQL scalar serializes to. */
function columnJson(column: string, field: SelectedField): string {
  if (getNamedType(field.def.type).name !== 'DateTime') return column;
  return `to_char(${column} at time zone 'UTC', ${ISO_UTC})`;
}

function compositeJson(
  ctx: CompileContext,
  alias: string,
  parts: Record<string, { column: string }>,
  field: SelectedField,
): string {
  const pairs = selectFields(ctx, fieldObjectType(field), field.nodes).flatMap((part): [string, string][] => {
    const column = parts[part.name];
    return column ? [[part.key, `${alias}.${quoteIdent(column.column)}`]] : [];
  });
  // A composite with every part null reads as null (no value), not as an object of nulls.
  const allNull = Object.values(parts)
    .map((c) => `${alias}.${quoteIdent(c.column)} is null`)
    .join(' and ');
  return `case when ${allNull} then null else ${jsonObject(pairs)} end`;
}

/**
 * `json_build_object(...)` of one row of `object` (table alias `alias`) holding exactly the
 * selected fields under their response keys; relations become correlated subqueries.
 * `rows` is how many such objects the statement may produce (for the cost estimate).
 */
export function recordJson(
  ctx: CompileContext,
  object: ObjectMetadata,
  type: GraphQLObjectType,
  nodes: readonly FieldNode[],
  alias: string,
  rows: number,
): string {
  const access = objectFields(ctx.snapshot, object);
  const pairs: [string, string][] = [];
  for (const field of selectFields(ctx, type, nodes)) {
    const target = access.get(field.name);
    if (!target) {
      if (field.name === HISTORY_FIELD) pairs.push([field.key, historyJson(ctx, object, field, alias, rows)]);
      continue;
    }
    requireReadable(ctx.access.permissions, object, target, field.key);
    if (target.kind === 'column') {
      const column = columnRead(alias, target.column, shownColumn(ctx, object, target));
      // The rule of the nested record, for its id: a company out of the reader's scope (or in the
      // recycle bin) reads as null, so the id never tells which record outside it is linked.
      const readable = readableRelationId(ctx, field.key, target.field, column);
      pairs.push([field.key, readable === column ? columnJson(column, field) : readable]);
    } else if (target.kind === 'computed') {
      pairs.push([field.key, columnJson(computedSql(ctx, object, target.field, alias), field)]);
    } else if (target.kind === 'composite') {
      pairs.push([field.key, compositeJson(ctx, alias, target.parts, field)]);
    } else if (target.edge.kind === 'MANY_TO_ONE') {
      const edge = target.edge;
      const inner = ctx.alias();
      const json = recordJson(ctx, edge.to, fieldObjectType(field), field.nodes, inner, rows);
      // The target's own soft-delete rule and record scope: a company out of scope reads as null.
      const where = whereClause(ctx, field.key, edge.to, inner, null);
      pairs.push([
        field.key,
        `(select ${json} from ${ctx.table(edge.to)} ${inner} where ${inner}."id" = ${alias}.${quoteIdent(edge.fkColumn ?? '')} and ${where})`,
      ]);
    } else {
      const source = relationSource(ctx, target.edge, alias);
      pairs.push([field.key, connectionJson(ctx, target.edge.to, field, source, rows)]);
    }
  }
  return jsonObject(pairs);
}
