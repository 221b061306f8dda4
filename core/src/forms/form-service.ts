import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { Database, SqlExecutor } from '../db';
import { badInput, conflict, notFound } from '../errors';
import type { WorkspaceSnapshot } from '../metadata';
import { loadRolePermissions } from '../permissions';
import type { Actor } from '../records';
import { systemEntity } from '../system';
import { freshRowKey, loadSnapshot } from '../workspace';
import {
  createFormSchema,
  type FormInput,
  formFieldSettings,
  formObject,
  parseFormInput,
  updateFormSchema,
} from './form-input';

export const DEFAULT_SUCCESS_MESSAGE = 'Thank you, we received your submission.';

/** A form as `/metadata` shows it: fields by current name. */
export interface FormInfo {
  id: string;
  name: string;
  title: string;
  object: string;
  fields: { field: string; label: string | null; required: boolean }[];
  role: string;
  successMessage: string;
  active: boolean;
  /** Where the public form is served: GET for its definition or page, POST to submit. */
  path: string;
  createdAt: string;
  updatedAt: string;
}

type Row = systemEntity.Form;
const idSchema = z.guid({ error: 'must be a form id (uuid)' });

/** Path of a public form on every node. */
export const formPath = (id: string) => `/forms/${id}`;

function info(snapshot: WorkspaceSnapshot, row: Row): FormInfo {
  const object = snapshot.objects.find((o) => o.id === row.objectId);
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    object: object?.nameSingular ?? row.objectId,
    fields: row.fields.flatMap((f) => {
      const field = object?.fields.find((candidate) => candidate.id === f.fieldId);
      return field ? [{ field: field.name, label: f.label, required: f.required }] : [];
    }),
    role: row.role,
    successMessage: row.successMessage,
    active: row.active,
    path: formPath(row.id),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function apply(tx: SqlExecutor, snapshot: WorkspaceSnapshot, row: Partial<Row>, input: FormInput) {
  if (input.name !== undefined) row.name = input.name;
  if (input.title !== undefined) row.title = input.title;
  if (input.object !== undefined) row.objectId = formObject(snapshot, input.object).id;
  const object = formObject(snapshot, row.objectId!);
  if (input.fields !== undefined) row.fields = formFieldSettings(object, input.fields);
  else if (input.object !== undefined)
    throw badInput('input.fields', 'input.fields: give the fields of the new object.');
  if (input.role !== undefined) {
    await loadRolePermissions(tx, snapshot, input.role).catch(() => {
      throw badInput('input.role', `input.role: there is no role "${input.role}" in this workspace.`);
    });
    row.role = input.role;
  }
  if (input.successMessage !== undefined) row.successMessage = input.successMessage;
  if (input.active !== undefined) row.active = input.active;
}

/** Public forms on `/metadata`: admins build them from an object's fields. */
export function createFormService({ db }: { db: Database }) {
  async function load(tx: SqlExecutor, workspaceId: string, rawId: unknown): Promise<Row> {
    const parsed = idSchema.safeParse(rawId);
    if (!parsed.success) throw badInput('id', `id: ${parsed.error.issues[0]!.message}`);
    const row = await (await tx.entities()).findOne(systemEntity.Form, { id: parsed.data, workspace: workspaceId });
    if (!row) throw notFound(`There is no form with id ${parsed.data}.`, { field: 'id' });
    return row;
  }
  async function uniqueName(tx: SqlExecutor, workspaceId: string, name: string | undefined, except?: string) {
    if (name === undefined) return;
    const same = await (await tx.entities()).findOne(systemEntity.Form, { workspace: workspaceId, name });
    if (same && same.id !== except)
      throw conflict(`A form named "${name}" exists; choose another name.`, { field: 'input.name' });
  }

  return {
    async list(workspaceId: string): Promise<FormInfo[]> {
      const rows = await (await db.entities()).find(
        systemEntity.Form,
        { workspace: workspaceId },
        { orderBy: { name: 'asc' } },
      );
      const snapshot = await loadSnapshot(db, workspaceId);
      return rows.map((row) => info(snapshot, row));
    },
    async get(workspaceId: string, id: unknown): Promise<FormInfo> {
      return info(await loadSnapshot(db, workspaceId), await load(db, workspaceId, id));
    },
    async create(workspaceId: string, raw: unknown, actor: Actor): Promise<FormInfo> {
      const input = parseFormInput(createFormSchema, raw);
      return db.transaction(async (tx) => {
        await uniqueName(tx, workspaceId, input.name);
        const snapshot = await loadSnapshot(tx, workspaceId);
        const row: Partial<Row> = { id: uuidv7(), successMessage: DEFAULT_SUCCESS_MESSAGE, active: true };
        await apply(tx, snapshot, row, input);
        const em = await tx.entities();
        const created = em.create(systemEntity.Form, {
          ...(row as Row),
          workspace: workspaceId,
          key: await freshRowKey(em, systemEntity.Form, workspaceId, input.name),
          createdBy: actor.id,
          createdAt: new Date(),
          updatedAt: new Date(),
        });
        await em.flush();
        return info(snapshot, created);
      });
    },
    async update(workspaceId: string, id: unknown, raw: unknown): Promise<FormInfo> {
      const input = parseFormInput(updateFormSchema, raw);
      return db.transaction(async (tx) => {
        const row = await load(tx, workspaceId, id);
        await uniqueName(tx, workspaceId, input.name, row.id);
        const snapshot = await loadSnapshot(tx, workspaceId);
        await apply(tx, snapshot, row, input);
        row.updatedAt = new Date();
        await (await tx.entities()).flush();
        return info(snapshot, row);
      });
    },
    async delete(workspaceId: string, id: unknown): Promise<FormInfo> {
      return db.transaction(async (tx) => {
        const row = await load(tx, workspaceId, id);
        const shown = info(await loadSnapshot(tx, workspaceId), row);
        await (await tx.entities()).remove(row).flush();
        return shown;
      });
    },
  };
}

export type FormService = ReturnType<typeof createFormService>;
