import { badInput } from '../../errors';
import { computedResultType, type ObjectMetadata, type WorkspaceSnapshot } from '../../metadata';
import type { RolePermissions } from '../../permissions';
import { canReadField, canReadObject } from '../../query';
import type { AnalysisInput } from './analysis-input';

/** An analytical widget's definition as stored: object and field ids (`createdAt` by name). */
export type StoredAnalysis = {
  kind: AnalysisInput['kind'];
  objectIds: Record<string, string>;
  fieldIds: Record<string, string>;
};

/** Which object each named field of an analysis lives on: the widget's own (`self`) or the related one. */
type Side = 'self' | 'related';
const FIELDS: Record<AnalysisInput['kind'], Record<string, { side: Side; types: string[] }>> = {
  HISTORY_FUNNEL: { field: { side: 'self', types: ['SELECT'] } },
  COHORT: {
    relation: { side: 'related', types: ['RELATION'] },
    date: { side: 'related', types: ['DATE', 'DATE_TIME'] },
  },
  BASKET: { order: { side: 'self', types: ['RELATION'] }, product: { side: 'self', types: ['RELATION'] } },
  FORECAST: {
    amount: { side: 'self', types: ['NUMBER', 'CURRENCY'] },
    probability: { side: 'self', types: ['NUMBER', 'RATING'] },
    closeDate: { side: 'self', types: ['DATE', 'DATE_TIME'] },
  },
};
const SETTINGS: Record<string, string[]> = { HISTORY_FUNNEL: ['sinceDays'], COHORT: ['months'], BASKET: ['top'] };

const nameIn = (input: AnalysisInput, key: string): string =>
  ((input as Record<string, unknown>)[key] ?? (input as { related?: Record<string, string> }).related?.[key]) as string;

/** `input` by ids, checked against the metadata. @throws BAD_USER_INPUT on `path.<key>` */
export function storeAnalysis(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  input: AnalysisInput,
  path: string,
): StoredAnalysis & { settings: Record<string, number> } {
  const related =
    input.kind === 'COHORT' ? snapshot.objects.find((o) => o.nameSingular === input.related.object) : undefined;
  if (input.kind === 'COHORT' && !related)
    throw badInput(`${path}.related.object`, `No object named "${input.related.object}".`);
  const fieldIds: Record<string, string> = Object.create(null);
  for (const [key, rule] of Object.entries(FIELDS[input.kind])) {
    const owner = rule.side === 'self' ? object : (related as ObjectMetadata);
    const name = nameIn(input, key);
    const at = input.kind === 'COHORT' ? `${path}.related.${key}` : `${path}.${key}`;
    if (name === 'createdAt' && rule.types.includes('DATE_TIME')) {
      fieldIds[key] = 'createdAt';
      continue;
    }
    const field = owner.fields.find((f) => f.name === name);
    if (!field || !rule.types.includes(computedResultType(field) ?? field.type))
      throw badInput(at, `${owner.nameSingular}.${name} must be a field of type ${rule.types.join(' or ')}.`);
    const target = field.settings.relation;
    if (field.type === 'RELATION' && target?.kind !== 'MANY_TO_ONE')
      throw badInput(at, `${owner.nameSingular}.${name} must be a many-to-one relation.`);
    if (key === 'relation' && target?.target !== object.nameSingular)
      throw badInput(at, `${owner.nameSingular}.${name} must point at ${object.nameSingular}.`);
    fieldIds[key] = field.id;
  }
  const settings: Record<string, number> = Object.create(null);
  for (const key of SETTINGS[input.kind] ?? [])
    settings[key] = (input as unknown as Record<string, number>)[key] as number;
  return { kind: input.kind, objectIds: related ? { related: related.id } : {}, fieldIds, settings };
}

/** What a role reads of a stored analysis: today's names, RESTRICTED when it names what the role cannot read. */
export type ShownAnalysis =
  | { state: 'OK'; input: AnalysisInput }
  | { state: 'RESTRICTED' }
  | { state: 'BROKEN'; problem: string };

export function showAnalysis(
  snapshot: WorkspaceSnapshot,
  permissions: RolePermissions,
  object: ObjectMetadata,
  stored: StoredAnalysis & { settings?: Record<string, number> },
): ShownAnalysis {
  const related = stored.objectIds.related ? snapshot.objects.find((o) => o.id === stored.objectIds.related) : null;
  if (stored.objectIds.related && !related) return { state: 'BROKEN', problem: 'The related object was deleted.' };
  if (related && !canReadObject(permissions, related)) return { state: 'RESTRICTED' };
  const names: Record<string, string> = Object.create(null);
  for (const [key, rule] of Object.entries(FIELDS[stored.kind])) {
    const owner = rule.side === 'self' ? object : (related as ObjectMetadata);
    const id = stored.fieldIds[key] as string;
    const name = id === 'createdAt' ? id : owner.fields.find((f) => f.id === id)?.name;
    if (!name) return { state: 'BROKEN', problem: `A field it reads (${key}) was deleted; edit the widget.` };
    if (!canReadField(permissions, owner, name)) return { state: 'RESTRICTED' };
    names[key] = name;
  }
  const settings = stored.settings ?? {};
  const input = (() => {
    switch (stored.kind) {
      case 'HISTORY_FUNNEL':
        return { kind: stored.kind, field: names.field, sinceDays: settings.sinceDays ?? 90 };
      case 'COHORT':
        return {
          kind: stored.kind,
          related: { object: related?.nameSingular, relation: names.relation, date: names.date },
          months: settings.months ?? 6,
        };
      case 'BASKET':
        return { kind: stored.kind, order: names.order, product: names.product, top: settings.top ?? 10 };
      case 'FORECAST':
        return { kind: stored.kind, amount: names.amount, probability: names.probability, closeDate: names.closeDate };
    }
  })();
  return { state: 'OK', input: input as AnalysisInput };
}
