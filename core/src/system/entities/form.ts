import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Workspace } from './workspace';

/** One field of a public form: which field (by id), how it is labelled, whether it must be filled. */
export interface FormFieldSetting {
  fieldId: string;
  label: string | null;
  required: boolean;
}

/**
 * A public form built from an object's fields (web-to-lead...): anyone may submit it; the record
 * is created as the form's role, and FORM-triggered workflows start.
 */
export const Form = defineEntity({
  name: 'Form',
  schema: 'relata',
  tableName: 'forms',
  uniques: [
    { properties: ['workspace', 'name'] },
    { name: 'forms_workspace_key_key', properties: ['workspace', 'key'] },
  ],
  properties: {
    id: p.uuid().primary(),
    workspace: () => p.manyToOne(Workspace).deleteRule('cascade'),
    name: p.text(),
    /** Stable per workspace, never changed by a rename: its bundle file and references use it. */
    key: p.text(),
    title: p.text(),
    objectId: p.uuid(),
    fields: p.json<FormFieldSetting[]>(),
    /** The record is created with this role's rights. */
    role: p.text(),
    successMessage: p.text(),
    active: p.boolean().default(true),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    createdBy: p.uuid().nullable(),
  },
});
export type Form = InferEntity<typeof Form>;
