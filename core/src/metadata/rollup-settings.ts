import { badInput } from '../errors';
import { formulaValueType, type ValueType } from '../formula';
import { COMPOSITE_PARTS, isComposite } from './field-columns';
import { carriedFilter, type FieldDependent } from './field-dependents';
import type { RollupInput } from './metadata-inputs';
import { indexSnapshot, type RelationEdge } from './snapshot-index';
import type {
  FieldMetadata,
  ObjectMetadata,
  RollupFunction,
  RollupSettings,
  StandardFieldName,
  WorkspaceSnapshot,
} from './types';
import { STANDARD_FIELDS } from './types';

/** Which value types each function rolls up; COUNT takes no field. */
const ROLLS: Record<Exclude<RollupFunction, 'COUNT'>, readonly ValueType[]> = {
  SUM: ['NUMBER'],
  AVG: ['NUMBER'],
  MIN: ['NUMBER'],
  MAX: ['NUMBER'],
  EARLIEST: ['DATE', 'DATE_TIME'],
  LATEST: ['DATE', 'DATE_TIME'],
};

const OPERATORS = new Set([
  ...['eq', 'neq', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte'],
  ...['like', 'ilike', 'startsWith', 'isNull', 'containsAny', 'containsAll'],
]);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The to-many relation a roll-up's settings name, from `object`'s side; undefined when gone. */
export function rollupEdge(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  rollup: RollupSettings,
): RelationEdge | undefined {
  return indexSnapshot(snapshot)
    .relations(object.nameSingular)
    .find(
      (e) => e.field.id === rollup.relation.fieldId && e.owning === rollup.relation.owning && e.kind !== 'MANY_TO_ONE',
    );
}

function checkOperators(value: unknown, at: string): void {
  if (!isRecord(value)) throw badInput(at, `${at} takes operators such as { eq: ... }.`);
  for (const op of Object.keys(value)) {
    if (!OPERATORS.has(op)) throw badInput(`${at}.${op}`, `Unknown filter operator ${op}.`);
  }
}

/** Refuses a roll-up filter naming anything but `target`'s own fields with known operators. */
function checkFilter(target: ObjectMetadata, filter: unknown, path: string): void {
  if (!isRecord(filter)) throw badInput(path, `${path} must be a filter object.`);
  for (const [key, value] of Object.entries(filter)) {
    const at = `${path}.${key}`;
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value)) throw badInput(at, `${key} takes a list of filters.`);
      value.forEach((item, i) => {
        checkFilter(target, item, `${at}[${i}]`);
      });
      continue;
    }
    if (key === 'not') {
      checkFilter(target, value, at);
      continue;
    }
    const field = target.fields.find((f) => f.name === key);
    if (!field && !(key in STANDARD_FIELDS && (key as StandardFieldName) !== 'deletedAt')) {
      throw badInput(at, `${target.nameSingular} has no field ${key} a roll-up can filter on.`);
    }
    if (field?.type === 'RELATION' || field?.type === 'ROLLUP') {
      throw badInput(at, `A roll-up filters on the related records' own values; ${key} is a ${field.type}.`);
    }
    if (field && isComposite(field.type)) {
      const parts = COMPOSITE_PARTS[field.type];
      if (!isRecord(value)) throw badInput(at, `${at} takes parts such as { ${Object.keys(parts)[0]}: { eq: ... } }.`);
      for (const [part, ops] of Object.entries(value)) {
        if (!(part in parts)) throw badInput(`${at}.${part}`, `${key} has no part ${part}.`);
        checkOperators(ops, `${at}.${part}`);
      }
    } else checkOperators(value, at);
  }
}

/**
 * `field` with its roll-up resolved against `snapshot`: the relation and the rolled field by id,
 * the function checked against the field's type. A ROLLUP field needs `input.rollup` when
 * created; an update without it keeps the stored one.
 */
export function withRollup(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  field: FieldMetadata,
  input: RollupInput | null | undefined,
  path = 'input.rollup',
): FieldMetadata {
  if (field.type !== 'ROLLUP') return field;
  if (!input) {
    if (field.settings.rollup) return field;
    throw badInput(path, 'A ROLLUP field needs input.rollup { relation function field filter }.');
  }
  const edge = indexSnapshot(snapshot).relation(object.nameSingular, input.relation);
  if (!edge || edge.kind === 'MANY_TO_ONE') {
    throw badInput(
      `${path}.relation`,
      `${object.nameSingular} has no one-to-many or many-to-many relation ${input.relation}.`,
    );
  }
  const target = edge.to;
  let fieldId: string | null = null;
  let resultType: ValueType = 'NUMBER';
  if (input.function === 'COUNT') {
    if (input.field) throw badInput(`${path}.field`, 'COUNT counts records; remove input.rollup.field.');
  } else {
    const rolled = target.fields.find((f) => f.name === input.field);
    if (!rolled)
      throw badInput(
        `${path}.field`,
        `${target.nameSingular} has no field ${input.field ?? '(none given)'} to roll up.`,
      );
    const type = formulaValueType(rolled);
    const accepted = ROLLS[input.function];
    if (!type || !accepted.includes(type)) {
      throw badInput(
        `${path}.field`,
        `${input.function} rolls up ${accepted.join(' or ')} values; ${rolled.name} is ${type ?? rolled.type}.`,
      );
    }
    if (rolled.type === 'ROLLUP') throw badInput(`${path}.field`, 'A roll-up cannot roll up another roll-up.');
    fieldId = rolled.id;
    resultType = type;
  }
  if (input.filter) checkFilter(target, input.filter, `${path}.filter`);
  const rollup: RollupSettings = {
    relation: { fieldId: edge.field.id, owning: edge.owning },
    function: input.function,
    fieldId,
    filter: input.filter ?? null,
    resultType: resultType as RollupSettings['resultType'],
  };
  return { ...field, settings: { ...field.settings, rollup } };
}

/** What a change does to roll-ups: the ones it breaks, and the fields whose filter follows a rename. */
export interface RollupChanges {
  broken: FieldDependent[];
  carried: FieldMetadata[];
}

/**
 * Roll-ups of `after` a change breaks (the relation, the rolled field or a filtered field gone,
 * or retyped), and those whose filter it renames (carried along, to be written).
 */
export function rollupChanges(before: WorkspaceSnapshot, after: WorkspaceSnapshot): RollupChanges {
  const changes: RollupChanges = { broken: [], carried: [] };
  for (const object of after.objects) {
    for (const field of object.fields) {
      const rollup = field.settings.rollup;
      if (field.type !== 'ROLLUP' || !rollup) continue;
      const was = before.objects.find((o) => o.id === object.id);
      const then = was?.fields.find((f) => f.id === field.id);
      const edge = rollupEdge(after, object, rollup);
      const rolled = rollup.fieldId ? edge?.to.fields.find((f) => f.id === rollup.fieldId) : null;
      const oldEdge = was ? rollupEdge(before, was, rollup) : undefined;
      const filter = edge && oldEdge ? carriedFilter(before, after, edge.to.id, rollup.filter) : rollup.filter;
      const stale =
        !edge ||
        rolled === undefined ||
        (rolled !== null && formulaValueType(rolled) !== rollup.resultType) ||
        (rollup.filter !== null && filter === null);
      if (stale) {
        changes.broken.push({
          kind: 'ROLLUP',
          name: then?.name ?? field.name,
          object: object.nameSingular,
          path: 'rollup',
        });
      } else if (JSON.stringify(filter) !== JSON.stringify(rollup.filter)) {
        changes.carried.push({
          ...field,
          settings: { ...field.settings, rollup: { ...rollup, filter: filter as RollupSettings['filter'] } },
        });
      }
    }
  }
  return changes;
}
