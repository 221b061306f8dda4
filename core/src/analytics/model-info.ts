import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { UNRESTRICTED } from '../permissions';
import { readFilter } from '../segments';
import type { systemEntity } from '../system';
import type { ModelDefinition, ModelKind } from './model-definition';

/** A scoring model as the metadata API shows it: today's names for what it reads and writes. */
export interface ScoringModelInfo {
  id: string;
  kind: ModelKind;
  name: string;
  label: string;
  /** The subject object's singular API name. */
  object: string;
  /** The definition with today's names (a name that is gone reads as null). */
  definition: Record<string, unknown>;
  lastRunAt: string | null;
  lastRunMs: number | null;
  /** Records whose values the last run changed. */
  lastChanged: number | null;
  createdAt: string;
}

const nameOf = (object: ObjectMetadata | undefined, id: string) =>
  id === 'createdAt' ? id : (object?.fields.find((f) => f.id === id)?.name ?? null);

function namedDefinition(snapshot: WorkspaceSnapshot, subject: ObjectMetadata | undefined, d: ModelDefinition) {
  if (d.kind === 'LIFECYCLE')
    return {
      field: nameOf(subject, d.fieldId),
      stages: d.stages.map((stage) => {
        const read = stage.condition && subject ? readFilter(snapshot, UNRESTRICTED, subject, stage.condition) : null;
        return { ...stage, condition: read?.kind === 'ok' ? read.filter : null };
      }),
    };
  const related = snapshot.objects.find((o) => o.id === d.relatedObjectId);
  return {
    related: {
      object: related?.nameSingular ?? null,
      relation: nameOf(related, d.relationFieldId),
      date: nameOf(related, d.date),
      amount: nameOf(related, d.amountFieldId),
    },
    windowDays: d.windowDays,
    fields: {
      recency: nameOf(subject, d.fields.recency),
      frequency: nameOf(subject, d.fields.frequency),
      monetary: nameOf(subject, d.fields.monetary),
      segment: nameOf(subject, d.fields.segment),
    },
  };
}

export function modelInfo(snapshot: WorkspaceSnapshot, row: systemEntity.ScoringModel): ScoringModelInfo {
  const subject = snapshot.objects.find((o) => o.id === row.objectId);
  return {
    id: row.id,
    kind: row.kind as ModelKind,
    name: row.name,
    label: row.label,
    object: subject?.nameSingular ?? '',
    definition: namedDefinition(snapshot, subject, row.definition as unknown as ModelDefinition),
    lastRunAt: row.lastRunAt?.toISOString() ?? null,
    lastRunMs: row.lastRunMs ?? null,
    lastChanged: row.lastChanged ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
