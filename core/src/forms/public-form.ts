import type { SqlExecutor } from '../db';
import { notFound } from '../errors';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import type { systemEntity } from '../system';
import { loadSnapshot } from '../workspace';
import { formPath } from './form-service';

/** The hidden input bots fill and people do not: a submission with it set is dropped quietly. */
export const HONEYPOT_FIELD = 'website_url';

/** What anyone may read of an active form: enough to render it, nothing about roles or the object. */
export interface PublicFormDefinition {
  id: string;
  title: string;
  fields: {
    name: string;
    label: string;
    type: string;
    required: boolean;
    options: { value: string; label: string }[] | null;
  }[];
  honeypot: string;
  submitPath: string;
}

/** An active form with its workspace's metadata. */
export interface LoadedForm {
  row: {
    id: string;
    workspace_id: string;
    title: string;
    role: string;
    success_message: string;
    fields: systemEntity.FormFieldSetting[];
  };
  snapshot: WorkspaceSnapshot;
  object: ObjectMetadata;
  /** The form's fields that still exist, in order, with their settings. */
  fields: { field: FieldMetadata; label: string; required: boolean }[];
}

/**
 * Loads an active form by id (any workspace: the id is the public address).
 * @throws NOT_FOUND when there is no such active form
 */
export async function loadActiveForm(db: SqlExecutor, id: string): Promise<LoadedForm> {
  const missing = notFound('There is no form at this address.');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw missing;
  const { rows } = await db.query<LoadedForm['row'] & { object_id: string }>(
    `select id, workspace_id, title, role, success_message, fields, object_id from relata.forms where id = $1 and active`,
    [id],
  );
  const row = rows[0];
  if (!row) throw missing;
  const snapshot = await loadSnapshot(db, row.workspace_id);
  const object = snapshot.objects.find((o) => o.id === row.object_id);
  if (!object) throw missing;
  const fields = row.fields.flatMap((setting) => {
    const field = object.fields.find((f) => f.id === setting.fieldId);
    return field ? [{ field, label: setting.label ?? field.label, required: setting.required }] : [];
  });
  return { row, snapshot, object, fields };
}

/** The definition a page or a script renders the form from. */
export function publicDefinition(form: LoadedForm): PublicFormDefinition {
  return {
    id: form.row.id,
    title: form.row.title,
    fields: form.fields.map(({ field, label, required }) => ({
      name: field.name,
      label,
      type: field.type,
      required,
      options: field.settings.options?.map((o) => ({ value: o.value, label: o.label })) ?? null,
    })),
    honeypot: HONEYPOT_FIELD,
    submitPath: formPath(form.row.id),
  };
}
