import type { ObjectMetadata, WorkspaceSnapshot } from '../../metadata';
import { type CompileAccess, canReadField, canReadObject } from '../../query';
import { fieldKey } from '../../records';
import { type ExprType, isDataMap } from '../expressions';
import type { AnalysedDefinition } from '../model';
import { type HiddenFields, settingTainted } from './run-log-taint';

/** Who reads a run log: the metadata and the reader's compiled rights. */
export interface RunLogReader {
  snapshot: WorkspaceSnapshot;
  access: CompileAccess;
}

/** Records found in logged values, by object: their ids are checked against the reader's record scope. */
export type RecordSightings = Map<ObjectMetadata, Set<string>>;

export function hiddenFields(reader: RunLogReader): HiddenFields {
  const ids = new Set<string>();
  for (const object of reader.snapshot.objects) {
    for (const field of object.fields) {
      if (!canReadField(reader.access.permissions, object, field.name)) ids.add(field.id);
    }
  }
  return { ids };
}

type OnRecord = (object: ObjectMetadata | undefined, record: Record<string, unknown>) => unknown;

/**
 * Walks a logged value along its static type. Records go through `onRecord`; other leaves stay
 * when `shown` (false when the step read something hidden from the reader: they may hold it).
 */
function walk(reader: RunLogReader, value: unknown, type: ExprType, shown: boolean, onRecord: OnRecord): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (type.kind === 'object' && type.byId) {
    if (typeof value !== 'object' || Array.isArray(value)) return null;
    const object = reader.snapshot.objects.find((o) => o.nameSingular === type.label);
    return onRecord(object, value as Record<string, unknown>);
  }
  if (type.kind === 'object') {
    if (typeof value !== 'object' || Array.isArray(value)) return shown ? value : null;
    const out = Object.create(null) as Record<string, unknown>;
    for (const member of type.members.values()) {
      const item = (value as Record<string, unknown>)[member.key];
      if (item !== undefined) out[member.key] = walk(reader, item, member.type, shown, onRecord);
    }
    return out;
  }
  if (type.kind === 'list') {
    if (!Array.isArray(value)) return shown ? value : null;
    const items = value.map((item) => walk(reader, item, type.of, shown, onRecord));
    return type.of.kind === 'object' && type.of.byId ? items.filter((item) => item !== null) : items;
  }
  return shown ? value : null;
}

export function addSighting(sightings: RecordSightings, object: ObjectMetadata, id: string): void {
  const ids = sightings.get(object) ?? new Set<string>();
  ids.add(id);
  sightings.set(object, ids);
}

/** Notes every record in a logged output, so their ids can be checked in one query per object. */
export function sightRecords(reader: RunLogReader, value: unknown, type: ExprType, sightings: RecordSightings): void {
  walk(reader, value, type, true, (object, record) => {
    if (object && typeof record.id === 'string') addSighting(sightings, object, record.id);
    return record;
  });
}

/**
 * A logged output as the reader may see it: hidden fields and unreadable records removed.
 * `readable`: the ids of records the reader sees; null for a reader who sees every record.
 */
export function redactOutput(
  reader: RunLogReader,
  value: unknown,
  type: ExprType,
  tainted: boolean,
  readable: ReadonlySet<string> | null,
): unknown {
  return walk(reader, value, type, !tainted, (object, record) => {
    if (!object || !canReadObject(reader.access.permissions, object)) return null;
    if (readable && (typeof record.id !== 'string' || !readable.has(record.id))) return null;
    const out: Record<string, unknown> = { ...record };
    for (const field of object.fields) {
      if (!canReadField(reader.access.permissions, object, field.name)) delete out[fieldKey(field)];
    }
    return out;
  });
}

/**
 * A logged input (evaluated settings) as the reader may see it: a setting whose stored form
 * reads something hidden is left out; in `values`, fields the reader cannot read are left out.
 */
export function redactInput(
  reader: RunLogReader,
  analysis: AnalysedDefinition,
  step: string,
  input: unknown,
  hidden: HiddenFields,
  tainted: ReadonlySet<string>,
): unknown {
  if (!isDataMap(input)) return input;
  const definition = analysis.definition.steps.find((s) => s.key === step);
  const type = analysis.stepTypes.get(step);
  if (!definition || !type) return null;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
    const spec = type.settings[name];
    const stored = definition.settings[name];
    if (spec?.kind === 'values' && typeof value === 'object' && value !== null) {
      const object = reader.snapshot.objects.find((o) => o.id === definition.settings[spec.object]);
      const kept = Object.create(null) as Record<string, unknown>;
      for (const [fieldId, template] of Object.entries((stored ?? {}) as Record<string, unknown>)) {
        const field = object?.fields.find((f) => f.id === fieldId);
        if (!field || hidden.ids.has(field.id) || settingTainted(template, hidden, tainted)) continue;
        const key = fieldKey(field);
        if (key in value) kept[key] = (value as Record<string, unknown>)[key];
      }
      out[name] = kept;
    } else if (!settingTainted(stored, hidden, tainted)) {
      out[name] = value;
    }
  }
  return out;
}
