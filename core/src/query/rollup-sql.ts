import { type FieldMetadata, type ObjectMetadata, type RollupFunction, rollupEdge } from '../metadata';
import type { CompileContext } from './compile-context';
import { valueRead } from './computed-sql';
import { whereClause } from './filter-sql';
import { FORMULA_SQL_TYPES } from './object-fields';
import { relationSource } from './record-json';

const AGGREGATES: { [F in Exclude<RollupFunction, 'COUNT'>]: (value: string) => string } = {
  // An empty relation sums to 0 (no won deals is a total of 0), while its average, minimum... are unknown.
  SUM: (v) => `coalesce(sum(${v}), 0)`,
  AVG: (v) => `avg(${v})`,
  MIN: (v) => `min(${v})`,
  MAX: (v) => `max(${v})`,
  EARLIEST: (v) => `min(${v})`,
  LATEST: (v) => `max(${v})`,
};

/**
 * The SQL of the ROLLUP field `field` of `object` on the row `alias`: one correlated aggregate
 * over the related records (so a list of any length stays one statement). The related records
 * are those the reader may read: their soft-delete rule and record scope apply, so a roll-up never
 * counts what its reader cannot see; its filter is the roll-up's own.
 */
export function rollupSql(ctx: CompileContext, object: ObjectMetadata, field: FieldMetadata, alias: string): string {
  const rollup = field.settings.rollup;
  const edge = rollup ? rollupEdge(ctx.snapshot, object, rollup) : undefined;
  // The metadata service refuses changes that break a roll-up, so this is a bug, not bad input.
  if (!rollup || !edge) throw new Error(`roll-up ${object.nameSingular}.${field.name} lost its relation`);
  const target = edge.to;
  const inner = ctx.alias();
  const source = relationSource(ctx, edge, alias);
  const where = whereClause(ctx, `${field.name}.filter`, target, inner, rollup.filter);
  let aggregate = 'count(*)';
  const fn = rollup.function;
  if (fn !== 'COUNT') {
    const rolled = target.fields.find((f) => f.id === rollup.fieldId);
    if (!rolled) throw new Error(`roll-up ${object.nameSingular}.${field.name} lost its field`);
    aggregate = AGGREGATES[fn](valueRead(ctx, target, inner, rolled, rolled.name));
  }
  const conditions = [source.condition?.(inner), where].filter((c) => c).join(' and ');
  return `(select ${aggregate} from ${source.from(inner)} where ${conditions})::${FORMULA_SQL_TYPES[rollup.resultType]}`;
}
