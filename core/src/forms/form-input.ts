import { z } from 'zod';
import { badInput } from '../errors';
import { FIELD_TYPES, type ObjectMetadata, type WorkspaceSnapshot } from '../metadata';
import type { systemEntity } from '../system';

const formField = z.strictObject({
  field: z.string().min(1, 'Name the field (its API name).'),
  label: z.string().max(200).nullish(),
  required: z.boolean().optional(),
});

const formSettings = {
  name: z.string().trim().min(1, 'Give the form a name.').max(200, 'A name holds at most 200 characters.'),
  title: z.string().trim().min(1, 'Give the form a title (shown above it).').max(200),
  object: z.string().min(1, 'Name the object (its singular API name).'),
  fields: z.array(formField).min(1, 'A form shows at least one field.').max(50, 'A form shows at most 50 fields.'),
  role: z.string().min(1, 'Name the role the records are created as.'),
  successMessage: z.string().max(500).optional(),
  active: z.boolean().optional(),
};

export const createFormSchema = z.strictObject(formSettings);
export const updateFormSchema = z.strictObject(formSettings).partial();
export type FormInput = z.infer<typeof updateFormSchema>;

/** Field types a visitor cannot fill in one input: composites, links to records, computed values. */
const NOT_ON_FORMS = new Set<string>(['CURRENCY', 'JSON', 'ADDRESS', 'FULL_NAME', 'RELATION', 'FORMULA', 'ROLLUP']);

/** Field types a public form can show: plain values a visitor can type or pick. */
export const FORM_FIELD_TYPES = new Set<string>(FIELD_TYPES.filter((type) => !NOT_ON_FORMS.has(type)));

/** Parses API input; the error names the offending field (`input.fields.0.field`). */
export function parseFormInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const at = ['input', ...issue.path.map(String)].join('.');
  throw badInput(at, `${at}: ${issue.message}`);
}

export function formObject(snapshot: WorkspaceSnapshot, ref: string): ObjectMetadata {
  const object = snapshot.objects.find((o) => o.nameSingular === ref || o.id === ref);
  if (!object) throw badInput('input.object', `input.object: there is no object "${ref}".`);
  return object;
}

/** The form's fields by id, each checked to exist and to be a type a visitor can fill. */
export function formFieldSettings(
  object: ObjectMetadata,
  fields: NonNullable<FormInput['fields']>,
): systemEntity.FormFieldSetting[] {
  const seen = new Set<string>();
  return fields.map((entry, i) => {
    const path = `input.fields.${i}.field`;
    const field = object.fields.find((f) => f.name === entry.field || f.id === entry.field);
    if (!field) throw badInput(path, `${path}: ${object.nameSingular} has no field "${entry.field}".`);
    if (!FORM_FIELD_TYPES.has(field.type))
      throw badInput(path, `${path}: ${field.type} fields cannot be filled in a public form.`);
    if (seen.has(field.id)) throw badInput(path, `${path}: "${field.name}" is on the form twice.`);
    seen.add(field.id);
    return { fieldId: field.id, label: entry.label ?? null, required: entry.required ?? false };
  });
}
