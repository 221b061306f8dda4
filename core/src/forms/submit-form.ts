import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../db';
import { transactionAsDatabase } from '../db';
import { badInput, ErrorCode, isRelataError } from '../errors';
import type { EventBus } from '../events';
import { enqueueJobs, type JobSpec } from '../jobs';
import { recordFormMessage } from '../messages';
import type { FieldMetadata } from '../metadata';
import { loadRolePermissions } from '../permissions';
import { type Actor, createRecordService, type RecordHooks, type RecordValues, type RecordWriter } from '../records';
import { beginRun, type Trigger } from '../workflows';
import { HONEYPOT_FIELD, type LoadedForm, loadActiveForm } from './public-form';
import { returningRecord } from './returning-record';

export interface FormSubmitDeps {
  db: Database;
  events: EventBus;
  /** The node's record hooks: the created record triggers workflows and webhooks as any other. */
  hooks?: Partial<RecordHooks>;
}

export interface FormSubmission {
  /** Null when the honeypot was filled: the bot is thanked and nothing is stored. */
  recordId: string | null;
  message: string;
}

/** A browser posts every value as text: numbers, booleans and lists are read back from it. */
function formValue(field: FieldMetadata, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text === '') return null;
  switch (field.type) {
    case 'NUMBER':
    case 'RATING':
      return Number.isFinite(Number(text)) ? Number(text) : value;
    case 'BOOLEAN':
      return ['on', 'true', '1', 'yes'].includes(text.toLowerCase());
    case 'MULTI_SELECT':
      return [text];
    default:
      return value;
  }
}

function recordValues(form: LoadedForm, body: Record<string, unknown>): RecordValues {
  const values: RecordValues = Object.create(null);
  for (const { field, label, required } of form.fields) {
    const value = formValue(field, body[field.name]);
    if (value === undefined || value === null) {
      if (required) throw badInput(field.name, `${label} is required.`);
      continue;
    }
    values[field.name] = value;
  }
  return { ...values };
}

/**
 * A returning visitor's record with only its empty fields filled from the form: an anonymous form
 * overwrites nothing a record holds (anyone may type a customer's email address). Left as it is
 * when the form's role may not update records.
 */
async function fillEmpty(
  writer: RecordWriter,
  write: Parameters<RecordWriter['update']>[0],
  objectName: string,
  stored: RecordValues,
  values: RecordValues,
): Promise<RecordValues> {
  const empty = Object.fromEntries(Object.entries(values).filter(([name]) => stored[name] == null));
  if (Object.keys(empty).length === 0) return stored;
  return writer.update(write, objectName, String(stored.id), empty).catch((error: unknown) => {
    if (isRelataError(error) && error.code === ErrorCode.FORBIDDEN) return stored;
    throw error;
  });
}

interface FormVersion {
  id: string;
  workflow_id: string;
  definition: { trigger: Trigger; steps: { key: string }[] };
}

/**
 * Creates the record a public form submission describes, as the form's role (its create and
 * field rights apply), or finds the one the visitor already is (by a unique key of the form's
 * fields, see returningRecord: its empty fields are filled, nothing is overwritten), records the submission as a WEB_FORM message on its timeline, and starts
 * the FORM-triggered workflows of the object, in one transaction: a stored record always has its runs. Only the form's fields are read from the
 * body; a filled honeypot stores nothing and answers as a success.
 * @throws NOT_FOUND for a form that is not active; BAD_USER_INPUT naming the field at fault
 */
export async function submitForm(deps: FormSubmitDeps, formId: string, body: unknown): Promise<FormSubmission> {
  const form = await loadActiveForm(deps.db, formId);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badInput('body', 'Send the form values as an object of field name to value.');
  const input = body as Record<string, unknown>;
  const message = form.row.success_message;
  const honeypot = input[HONEYPOT_FIELD];
  if (typeof honeypot === 'string' ? honeypot.trim() !== '' : honeypot != null) return { recordId: null, message };
  const values = recordValues(form, input);
  const { snapshot, object } = form;
  const permissions = await loadRolePermissions(deps.db, snapshot, form.row.role);
  const actor: Actor = { kind: 'system', id: null, role: form.row.role };
  const recordId = await deps.db.transaction(async (tx) => {
    const writer = createRecordService({ db: transactionAsDatabase(tx), events: deps.events, hooks: deps.hooks });
    const write = { snapshot, actor, via: 'api' as const, permissions };
    const returning = await returningRecord(tx, form, values);
    const record = await (returning
      ? fillEmpty(writer, write, object.nameSingular, returning, values)
      : writer.create(write, object.nameSingular, values)
    ).catch((error: unknown) => {
      // The record service names `data.<field>`; a form's visitor knows the field by its own name.
      const field = isRelataError(error) ? error.details.field : undefined;
      if (isRelataError(error) && typeof field === 'string' && field.startsWith('data.'))
        throw badInput(field.slice('data.'.length), error.message);
      throw error;
    });
    const id = String(record.id);
    await recordFormMessage(tx, deps, snapshot, {
      formId: form.row.id,
      formTitle: form.row.title,
      object,
      recordId: id,
      fields: form.fields,
      values,
    });
    const { rows } = await tx.query<FormVersion>(
      `select v.id, v.workflow_id, v.definition from relata.workflows w
       join relata.workflow_versions v on v.workflow_id = w.id and v.version = w.published_version
       where w.workspace_id = $1 and w.active and v.trigger_type = 'FORM' and v.trigger_object_id = $2`,
      [snapshot.workspaceId, object.id],
    );
    const jobs: JobSpec[] = [];
    for (const version of rows) {
      const trigger = version.definition.trigger;
      if (trigger.type !== 'FORM' || (trigger.form && trigger.form !== form.row.id)) continue;
      const run = await beginRun(tx, {
        workspaceId: snapshot.workspaceId,
        workflowId: version.workflow_id,
        versionId: version.id,
        firstStep: version.definition.steps[0]?.key ?? null,
        // One run per submission: a returning visitor's record has had runs already.
        triggerKey: `form:${uuidv7()}`,
        recordId: id,
        // A returning visitor's runs see what they submitted now (the stored record keeps its values).
        input: {
          record: returning ? { ...record, ...values } : record,
          previous: null,
          trigger: { formId: form.row.id, returning: returning !== null },
          actor,
        },
      });
      if (run?.job) jobs.push(run.job);
    }
    await enqueueJobs(tx, jobs);
    return id;
  });
  return { recordId, message };
}
