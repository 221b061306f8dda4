import { z } from 'zod';
import { badInput } from '../errors';
import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { compileConditionProbe, type FilterInput } from '../query';
import { displayCondition, storeCondition } from '../workflows';

export const WEBHOOK_EVENTS = ['CREATED', 'UPDATED', 'DELETED'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const subscriptionFields = {
  name: z.string().trim().min(1, 'Give the subscription a name.').max(200, 'A name holds at most 200 characters.'),
  object: z.string().min(1, 'Name the object (its singular API name).'),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, 'Choose at least one event: CREATED, UPDATED or DELETED.'),
  /** Updates count only when one of these fields changed. */
  fields: z.array(z.string()).max(100).nullish(),
  filter: z.record(z.string(), z.unknown()).nullish(),
  role: z.string().min(1, 'Name the role whose rights limit the payload.'),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048),
  active: z.boolean().optional(),
};

export const createSubscriptionSchema = z.strictObject(subscriptionFields);
export const updateSubscriptionSchema = z.strictObject(subscriptionFields).partial();
export type SubscriptionInput = z.infer<typeof updateSubscriptionSchema>;

/** Parses API input; the error names the offending field (`input.events.0`). */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const at = ['input', ...issue.path.map(String)].join('.');
  throw badInput(at, `${at}: ${issue.message}`);
}

export function objectNamed(snapshot: WorkspaceSnapshot, ref: string, path = 'input.object'): ObjectMetadata {
  const object = snapshot.objects.find((o) => o.nameSingular === ref || o.id === ref);
  if (!object) throw badInput(path, `${path}: there is no object "${ref}".`);
  return object;
}

/** Field names (API input) as stable ids. */
export function fieldIds(object: ObjectMetadata, names: readonly string[]): string[] {
  return names.map((name, i) => {
    const field = object.fields.find((f) => f.name === name || f.id === name);
    if (!field)
      throw badInput(`input.fields.${i}`, `input.fields.${i}: ${object.nameSingular} has no field "${name}".`);
    return field.id;
  });
}

/** Field ids as today's names (fields deleted since are left out). */
export function fieldNames(object: ObjectMetadata, ids: readonly string[]): string[] {
  return ids.flatMap((id) => object.fields.filter((f) => f.id === id).map((f) => f.name));
}

/** A filter in the API's language, checked by the query compiler, stored with fields by id. */
export function storeFilter(snapshot: WorkspaceSnapshot, object: ObjectMetadata, filter: Record<string, unknown>) {
  const path = 'input.filter';
  compileConditionProbe(snapshot, object, filter as FilterInput, path);
  return storeCondition(snapshot, object, filter as FilterInput, path) as Record<string, unknown>;
}

export function shownFilter(snapshot: WorkspaceSnapshot, object: ObjectMetadata, stored: Record<string, unknown>) {
  return displayCondition(snapshot, object, stored as FilterInput, 'filter') as Record<string, unknown>;
}
