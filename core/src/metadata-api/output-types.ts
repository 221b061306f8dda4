import {
  FIELD_TYPES,
  type FieldMetadata,
  type FieldSettings,
  type FieldValidation,
  type MetadataChange,
  type ObjectMetadata,
  type RelationSettings,
  type SelectOption,
} from '../metadata';
import type { MetadataBuilder } from './builder';
import { defineComputedOutput } from './computed-output';

/** Registers the output types of the metadata schema and returns the refs resolvers use. */
export function defineOutputTypes(builder: MetadataBuilder) {
  const FieldTypeEnum = builder.enumType('FieldType', { values: FIELD_TYPES });
  const RelationKindEnum = builder.enumType('RelationKind', { values: ['MANY_TO_ONE', 'MANY_TO_MANY'] as const });
  const OnDeleteEnum = builder.enumType('OnDelete', { values: ['RESTRICT', 'SET_NULL', 'CASCADE'] as const });

  const SelectOptionRef = builder.objectRef<SelectOption>('SelectOption').implement({
    fields: (t) => ({
      value: t.exposeString('value'),
      label: t.exposeString('label'),
      color: t.exposeString('color'),
      position: t.exposeInt('position'),
    }),
  });
  const ValidationRef = builder.objectRef<FieldValidation>('FieldValidation').implement({
    fields: (t) => ({
      minLength: t.exposeInt('minLength', { nullable: true }),
      maxLength: t.exposeInt('maxLength', { nullable: true }),
      min: t.exposeFloat('min', { nullable: true }),
      max: t.exposeFloat('max', { nullable: true }),
      pattern: t.exposeString('pattern', { nullable: true }),
    }),
  });
  const RelationRef = builder.objectRef<RelationSettings>('RelationSettings').implement({
    fields: (t) => ({
      target: t.exposeString('target', { description: 'Singular API name of the target object.' }),
      kind: t.field({ type: RelationKindEnum, resolve: (r) => r.kind }),
      inverseName: t.exposeString('inverseName'),
      inverseLabel: t.exposeString('inverseLabel', { nullable: true }),
      onDelete: t.field({ type: OnDeleteEnum, resolve: (r) => r.onDelete }),
      junctionTable: t.exposeString('junctionTable', { nullable: true }),
    }),
  });
  const computed = defineComputedOutput(builder);
  const SettingsRef = builder.objectRef<FieldSettings>('FieldSettings').implement({
    fields: (t) => ({
      scale: t.exposeInt('scale', { nullable: true }),
      defaultCurrency: t.exposeString('defaultCurrency', { nullable: true }),
      maxRating: t.exposeInt('maxRating', { nullable: true }),
      options: t.field({ type: [SelectOptionRef], nullable: true, resolve: (s) => s.options ?? null }),
      validation: t.field({ type: ValidationRef, nullable: true, resolve: (s) => s.validation ?? null }),
      relation: t.field({ type: RelationRef, nullable: true, resolve: (s) => s.relation ?? null }),
    }),
  });
  const FieldRef = builder.objectRef<FieldMetadata>('FieldMetadata').implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      key: t.exposeString('key', {
        description: 'Stable key that bundle files name it by; set at creation, unchanged by renames.',
      }),
      name: t.exposeString('name'),
      label: t.exposeString('label'),
      type: t.field({ type: FieldTypeEnum, resolve: (f) => f.type }),
      description: t.exposeString('description', { nullable: true }),
      required: t.exposeBoolean('required'),
      unique: t.exposeBoolean('unique'),
      indexed: t.exposeBoolean('indexed'),
      portalVisible: t.exposeBoolean('portalVisible', {
        description: 'Shown to portal users; on a RELATION field it also opens the related records to them.',
      }),
      defaultValue: t.field({ type: 'JSON', nullable: true, resolve: (f) => f.defaultValue ?? null }),
      columnName: t.exposeString('columnName'),
      position: t.exposeInt('position'),
      settings: t.field({ type: SettingsRef, resolve: (f) => f.settings }),
      options: t.field({
        type: [SelectOptionRef],
        nullable: true,
        description: 'SELECT / MULTI_SELECT options by position (same as settings.options).',
        resolve: (f) => (f.settings.options ? [...f.settings.options].sort((a, b) => a.position - b.position) : null),
      }),
      relation: t.field({
        type: RelationRef,
        nullable: true,
        description: 'RELATION settings (same as settings.relation).',
        resolve: (f) => f.settings.relation ?? null,
      }),
      formula: t.field({
        type: computed.FormulaRef,
        nullable: true,
        description: 'FORMULA settings: the expression (with the current field names) and its result type.',
        resolve: (f, _args, ctx) => computed.formula(f, ctx),
      }),
      rollup: t.field({
        type: computed.RollupRef,
        nullable: true,
        description: 'ROLLUP settings: what is computed over which related records.',
        resolve: (f, _args, ctx) => computed.rollup(f, ctx),
      }),
    }),
  });
  const ObjectRef = builder.objectRef<ObjectMetadata>('ObjectMetadata').implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      key: t.exposeString('key', {
        description: 'Stable key that bundle files name it by; set at creation, unchanged by renames.',
      }),
      nameSingular: t.exposeString('nameSingular'),
      namePlural: t.exposeString('namePlural'),
      labelSingular: t.exposeString('labelSingular'),
      labelPlural: t.exposeString('labelPlural'),
      description: t.exposeString('description', { nullable: true }),
      icon: t.exposeString('icon', { nullable: true }),
      tableName: t.exposeString('tableName'),
      labelField: t.exposeString('labelField', { nullable: true }),
      fields: t.field({ type: [FieldRef], resolve: (o) => [...o.fields].sort((a, b) => a.position - b.position) }),
    }),
  });
  const ChangeRef = builder.objectRef<MetadataChange>('MetadataChange').implement({
    fields: (t) => ({
      applied: t.exposeBoolean('applied'),
      plan: t.exposeStringList('plan', { description: 'The SQL the change runs (or would run), in order.' }),
      warnings: t.exposeStringList('warnings'),
      affectedRows: t.exposeInt('affectedRows', { nullable: true }),
      summary: t.exposeStringList('summary', {
        description: 'The plan in plain words, with the row counts of now: one sentence per table it touches.',
      }),
      object: t.field({ type: ObjectRef, nullable: true, resolve: (c) => c.object ?? null }),
      field: t.field({ type: FieldRef, nullable: true, resolve: (c) => c.field ?? null }),
      metadataVersion: t.exposeInt('metadataVersion'),
    }),
  });
  return {
    FieldTypeEnum,
    FormulaResultTypeEnum: computed.ResultTypeEnum,
    RollupFunctionEnum: computed.RollupFunctionEnum,
    RelationKindEnum,
    OnDeleteEnum,
    ObjectRef,
    FieldRef,
    ChangeRef,
  };
}

export type OutputTypes = ReturnType<typeof defineOutputTypes>;
