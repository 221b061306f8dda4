import type { FieldMeta, ObjectMeta } from '../api/metadata-types';

/** Fields a board column can total: numbers, money, and computed fields that yield a number. */
export function summableFields(object: ObjectMeta): FieldMeta[] {
  return object.fields.filter(
    (f) =>
      f.type === 'CURRENCY' ||
      f.type === 'NUMBER' ||
      f.formula?.resultType === 'NUMBER' ||
      f.rollup?.resultType === 'NUMBER',
  );
}

/** Cards show what a salesperson scans for first: the money, who it is with, and when. */
const DETAIL_PRIORITY = ['CURRENCY', 'RELATION', 'DATE', 'SELECT', 'NUMBER', 'EMAIL'];

/** Fields a card can show under its title: everything but rich text, JSON and to-many relations. */
export function cardFieldChoices(object: ObjectMeta): FieldMeta[] {
  return object.fields.filter(
    (f) =>
      f.type !== 'RICH_TEXT' &&
      f.type !== 'JSON' &&
      (f.type !== 'RELATION' || f.settings.relation?.kind === 'MANY_TO_ONE'),
  );
}

/**
 * The fields a card shows: the ones the view names, in its order; without a choice, up to three
 * picked by type (money first), never the title or the grouping field.
 */
export function cardFields(
  object: ObjectMeta,
  chosen: readonly string[] | null,
  title: FieldMeta | undefined,
  group: FieldMeta | undefined,
): FieldMeta[] {
  const choices = cardFieldChoices(object);
  if (chosen) return chosen.flatMap((name) => choices.find((f) => f.name === name) ?? []);
  return choices
    .filter((f) => f !== title && f !== group && DETAIL_PRIORITY.includes(f.type))
    .sort((a, b) => DETAIL_PRIORITY.indexOf(a.type) - DETAIL_PRIORITY.indexOf(b.type))
    .slice(0, 3);
}
