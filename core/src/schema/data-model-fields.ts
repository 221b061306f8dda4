import type { FieldMetadata, FieldSettings, ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { canReadField, canReadObject, objectPermission } from '../query';
import type { DataBuilder } from './data-builder';
import { type RootFieldEnv, requestPermissions } from './root-context';

interface ModelField {
  field: FieldMetadata;
  canWrite: boolean;
  settings: Record<string, unknown>;
}

interface ModelObject {
  object: ObjectMetadata;
  canCreate: boolean;
  canUpdate: boolean;
  canDelete: boolean;
  fields: ModelField[];
}

/**
 * The display settings a member's screens need. Formula expressions and roll-up definitions
 * stay on `/metadata`: they name the fields they read, which may be fields this role cannot see.
 */
function displaySettings(field: FieldMetadata): Record<string, unknown> {
  const s: FieldSettings = field.settings;
  const computed = s.formula?.resultType ?? s.rollup?.resultType;
  return {
    ...(s.scale !== undefined && { scale: s.scale }),
    ...(s.defaultCurrency !== undefined && { defaultCurrency: s.defaultCurrency }),
    ...(s.maxRating !== undefined && { maxRating: s.maxRating }),
    ...(s.options && { options: s.options }),
    ...(s.validation && { validation: s.validation }),
    ...(s.relation && {
      relation: {
        target: s.relation.target,
        kind: s.relation.kind,
        inverseName: s.relation.inverseName,
        inverseLabel: s.relation.inverseLabel ?? null,
        onDelete: s.relation.onDelete,
      },
    }),
    ...(computed && { resultType: computed }),
  };
}

/** The objects and fields `permissions` read, each with what the role may write. */
export function dataModelOf(snapshot: WorkspaceSnapshot, permissions: RolePermissions): ModelObject[] {
  const readable = snapshot.objects.filter((o) => canReadObject(permissions, o));
  const names = new Set(readable.map((o) => o.nameSingular));
  return readable.map((object) => {
    const rights = objectPermission(permissions, object);
    const writes = (rights?.create || rights?.update) ?? false;
    const fields = object.fields.filter(
      (f) =>
        canReadField(permissions, object, f.name) &&
        // A relation to an object the role cannot read is no field of its model at all.
        (f.type !== 'RELATION' || names.has(f.settings.relation?.target ?? '')),
    );
    return {
      object,
      canCreate: rights?.create ?? false,
      canUpdate: rights?.update ?? false,
      canDelete: rights?.delete ?? false,
      fields: fields.map((field) => ({
        field,
        canWrite: writes && !rights?.readOnlyFields.has(field.name),
        settings: displaySettings(field),
      })),
    };
  });
}

/**
 * `dataModel` for members: the objects and fields their role reads, so the studio's lists,
 * forms and record pages work for every member, not only for admins (`/metadata` is theirs).
 */
export function addDataModelFields(builder: DataBuilder, env: RootFieldEnv) {
  const field = builder.objectRef<ModelField>('DataModelField').implement({
    description: 'A field the signed-in role reads.',
    fields: (t) => ({
      id: t.id({ resolve: (m) => m.field.id }),
      name: t.string({ resolve: (m) => m.field.name }),
      label: t.string({ resolve: (m) => m.field.label }),
      type: t.string({ resolve: (m) => m.field.type }),
      description: t.string({ nullable: true, resolve: (m) => m.field.description }),
      required: t.boolean({ resolve: (m) => m.field.required }),
      unique: t.boolean({ resolve: (m) => m.field.unique }),
      position: t.int({ resolve: (m) => m.field.position }),
      defaultValue: t.field({ type: 'JSON', nullable: true, resolve: (m) => m.field.defaultValue ?? null }),
      settings: t.field({
        type: 'JSON',
        description: 'Display settings: options, validation, relation, scale, currency, rating, resultType.',
        resolve: (m) => m.settings,
      }),
      canWrite: t.boolean({ resolve: (m) => m.canWrite }),
    }),
  });
  const object = builder.objectRef<ModelObject>('DataModelObject').implement({
    description: 'An object the signed-in role reads.',
    fields: (t) => ({
      id: t.id({ resolve: (m) => m.object.id }),
      nameSingular: t.string({ resolve: (m) => m.object.nameSingular }),
      namePlural: t.string({ resolve: (m) => m.object.namePlural }),
      labelSingular: t.string({ resolve: (m) => m.object.labelSingular }),
      labelPlural: t.string({ resolve: (m) => m.object.labelPlural }),
      description: t.string({ nullable: true, resolve: (m) => m.object.description }),
      icon: t.string({ nullable: true, resolve: (m) => m.object.icon }),
      labelField: t.string({
        nullable: true,
        resolve: (m) => (m.fields.some((f) => f.field.name === m.object.labelField) ? m.object.labelField : null),
      }),
      canCreate: t.boolean({ resolve: (m) => m.canCreate }),
      canUpdate: t.boolean({ resolve: (m) => m.canUpdate }),
      canDelete: t.boolean({ resolve: (m) => m.canDelete }),
      fields: t.field({ type: [field], resolve: (m) => m.fields }),
    }),
  });
  builder.queryFields((t) => ({
    dataModel: t.field({
      type: [object],
      description:
        'The objects and fields your role reads (admins: everything; the full definitions are on /metadata).',
      resolve: (_root, _args, ctx) => dataModelOf(ctx.snapshot, requestPermissions(env, ctx)),
    }),
    dataModelVersion: t.int({
      description: 'The metadata version `dataModel` belongs to; poll it to notice changes.',
      resolve: (_root, _args, ctx) => ctx.snapshot.version,
    }),
  }));
}
