import { z } from 'zod';
import { qualify, quoteIdent } from '../db';
import { badInput } from '../errors';
import { indexSnapshot, type ObjectMetadata, type WorkspaceSnapshot } from '../metadata';
import { fieldValueSchema, type InputMode } from './field-value-schema';
import { type FieldCodec, fieldCodecs, recordColumns } from './record-mapper';
import type { RecordValues } from './record-service-contract';

/** A relation the record input can set: `<name>Id` (many-to-one) or `<name>Ids` (many-to-many). */
export interface ReferenceInput {
  key: string;
  target: ObjectMetadata;
  /** Qualified target table, for existence checks. */
  targetTable: string;
  /** Many-to-many: qualified junction table (`source_id` = this record, `target_id` = target). */
  junction: string | null;
}

/** Everything the record service needs about one object, derived once per snapshot. */
export interface WriteModel {
  snapshot: WorkspaceSnapshot;
  object: ObjectMetadata;
  table: string;
  /** Quoted column list for RETURNING / SELECT (never `search`). */
  selectList: string;
  codecs: FieldCodec[];
  byKey: Map<string, FieldCodec>;
  references: ReferenceInput[];
  schemas: Record<InputMode, z.ZodType<RecordValues>>;
}

function objectSchema(codecs: FieldCodec[], mode: InputMode): z.ZodType<RecordValues> {
  const shape: Record<string, z.ZodType> = {
    ownerId: z.guid({ error: 'must be a user id (uuid)' }).nullable().optional(),
  };
  for (const { field, key } of codecs) {
    const base = fieldValueSchema(field, mode);
    const required = field.required && field.settings.relation?.kind !== 'MANY_TO_MANY';
    if (!required) shape[key] = base.nullable().optional();
    else shape[key] = mode === 'create' ? base : base.optional();
  }
  return z.strictObject(shape) as unknown as z.ZodType<RecordValues>;
}

function buildModel(snapshot: WorkspaceSnapshot, object: ObjectMetadata): WriteModel {
  const index = indexSnapshot(snapshot);
  const codecs = fieldCodecs(object);
  const references: ReferenceInput[] = [];
  for (const edge of index.relations(object.nameSingular)) {
    if (!edge.owning) continue;
    const key = codecs.find((c) => c.field.id === edge.field.id)?.key;
    if (!key) continue;
    references.push({
      key,
      target: edge.to,
      targetTable: qualify(snapshot.schemaName, edge.to.tableName),
      junction: edge.junction ? qualify(snapshot.schemaName, edge.junction.table) : null,
    });
  }
  return {
    snapshot,
    object,
    table: qualify(snapshot.schemaName, object.tableName),
    selectList: recordColumns(object).map(quoteIdent).join(', '),
    codecs,
    byKey: new Map(codecs.map((c) => [c.key, c])),
    references,
    schemas: { create: objectSchema(codecs, 'create'), update: objectSchema(codecs, 'update') },
  };
}

const models = new WeakMap<WorkspaceSnapshot, Map<string, WriteModel>>();

/** The write model of `objectName`, memoised per snapshot; unknown objects are bad input. */
export function writeModel(snapshot: WorkspaceSnapshot, objectName: string): WriteModel {
  let perObject = models.get(snapshot);
  if (!perObject) {
    perObject = new Map();
    models.set(snapshot, perObject);
  }
  let model = perObject.get(objectName);
  if (!model) {
    const object = indexSnapshot(snapshot).object(objectName);
    if (!object) throw badInput('object', `Object "${objectName}" does not exist in this workspace.`);
    model = buildModel(snapshot, object);
    perObject.set(objectName, model);
  }
  return model;
}
