import type { MetadataBuilder } from './builder';
import type { OutputTypes } from './output-types';

/**
 * Input types of the metadata mutations. They only shape the GraphQL surface: the metadata
 * service validates every value again with zod (it is also called without GraphQL).
 */
export function defineInputTypes(builder: MetadataBuilder, outputs: OutputTypes) {
  const SelectOptionInput = builder.inputType('SelectOptionInput', {
    fields: (t) => ({
      value: t.string({ required: true, description: 'UPPER_SNAKE_CASE; also the GraphQL enum value.' }),
      label: t.string({ required: true }),
      color: t.string({ description: '#rrggbb or a colour name (gray, red, blue...).' }),
      position: t.int(),
      renameFrom: t.string({
        description: 'updateField only: the current value this option replaces; records holding it follow.',
      }),
    }),
  });
  const ValidationInput = builder.inputType('FieldValidationInput', {
    fields: (t) => ({
      minLength: t.int(),
      maxLength: t.int(),
      min: t.float(),
      max: t.float(),
      pattern: t.string(),
    }),
  });
  const RelationInput = builder.inputType('RelationInput', {
    fields: (t) => ({
      target: t.string({ required: true, description: 'Singular API name of the target object.' }),
      kind: t.field({ type: outputs.RelationKindEnum, required: true }),
      inverseName: t.string({ required: true }),
      inverseLabel: t.string(),
      onDelete: t.field({ type: outputs.OnDeleteEnum }),
    }),
  });
  const RelationUpdateInput = builder.inputType('RelationUpdateInput', {
    fields: (t) => ({
      inverseName: t.string(),
      inverseLabel: t.string(),
      onDelete: t.field({ type: outputs.OnDeleteEnum }),
    }),
  });
  const FormulaInput = builder.inputType('FormulaInput', {
    fields: (t) => ({
      expression: t.string({
        required: true,
        description: "e.g. `amount * probability / 100`, `if(stage = 'WON', amount, 0)`, `company.name`.",
      }),
      resultType: t.field({ type: outputs.FormulaResultTypeEnum, required: true }),
    }),
  });
  const RollupInput = builder.inputType('RollupInput', {
    fields: (t) => ({
      relation: t.string({
        required: true,
        description: 'A one-to-many or many-to-many relation, e.g. `opportunities`.',
      }),
      function: t.field({ type: outputs.RollupFunctionEnum, required: true }),
      field: t.string({ description: 'The related field rolled up (none for COUNT).' }),
      filter: t.field({
        type: 'JSON',
        description: 'Which related records count, e.g. `{ "stage": { "eq": "WON" } }` (their own fields).',
      }),
    }),
  });
  const CreateObjectInput = builder.inputType('CreateObjectInput', {
    fields: (t) => ({
      key: t.string({
        description:
          'Stable key that bundle files name it by (metadata as code); default: from the name. Never changes.',
      }),
      nameSingular: t.string({ required: true }),
      namePlural: t.string({ required: true }),
      labelSingular: t.string({ required: true }),
      labelPlural: t.string({ required: true }),
      description: t.string(),
      icon: t.string(),
      fields: t.field({
        type: [CreateFieldInput],
        description: 'Fields the object starts with (its primary Name field): one CREATE TABLE holds them all.',
      }),
      labelField: t.string({ description: 'The field that titles a record; one of `fields`.' }),
    }),
  });
  const UpdateObjectInput = builder.inputType('UpdateObjectInput', {
    fields: (t) => ({
      nameSingular: t.string(),
      namePlural: t.string(),
      labelSingular: t.string(),
      labelPlural: t.string(),
      description: t.string(),
      icon: t.string(),
      labelField: t.string(),
    }),
  });
  const CreateFieldInput = builder.inputType('CreateFieldInput', {
    fields: (t) => ({
      key: t.string({
        description:
          'Stable key that bundle files name it by (metadata as code); default: from the name. Never changes.',
      }),
      name: t.string({ required: true }),
      label: t.string({ required: true }),
      type: t.field({ type: outputs.FieldTypeEnum, required: true }),
      description: t.string(),
      required: t.boolean(),
      unique: t.boolean(),
      indexed: t.boolean(),
      portalVisible: t.boolean({ description: 'Shown to portal users (default false).' }),
      defaultValue: t.field({ type: 'JSON' }),
      options: t.field({ type: [SelectOptionInput] }),
      relation: t.field({ type: RelationInput }),
      scale: t.int(),
      maxRating: t.int(),
      defaultCurrency: t.string(),
      validation: t.field({ type: ValidationInput }),
      formula: t.field({ type: FormulaInput, description: 'FORMULA fields: the expression and its result type.' }),
      rollup: t.field({ type: RollupInput, description: 'ROLLUP fields: what to compute over which related records.' }),
      position: t.int(),
    }),
  });
  const UpdateFieldInput = builder.inputType('UpdateFieldInput', {
    fields: (t) => ({
      name: t.string(),
      label: t.string(),
      type: t.field({ type: outputs.FieldTypeEnum }),
      description: t.string(),
      required: t.boolean(),
      unique: t.boolean(),
      indexed: t.boolean(),
      portalVisible: t.boolean({ description: 'Shown to portal users (default false).' }),
      defaultValue: t.field({ type: 'JSON', description: 'null clears the default.' }),
      options: t.field({
        type: [SelectOptionInput],
        description: 'The complete new option list; options left out are removed.',
      }),
      relation: t.field({ type: RelationUpdateInput }),
      scale: t.int(),
      maxRating: t.int(),
      defaultCurrency: t.string(),
      validation: t.field({ type: ValidationInput, description: 'null clears the validation.' }),
      formula: t.field({ type: FormulaInput, description: 'FORMULA fields: a new expression and result type.' }),
      rollup: t.field({ type: RollupInput, description: 'ROLLUP fields: a new definition.' }),
      position: t.int(),
    }),
  });
  return { CreateObjectInput, UpdateObjectInput, CreateFieldInput, UpdateFieldInput };
}
