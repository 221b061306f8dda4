import { z } from 'zod';
import { insertActivityLinks, type StoredRef } from '../activities';
import { qualify, quoteIdent, type SqlExecutor } from '../db';
import { badInput } from '../errors';
import type { WorkspaceSnapshot } from '../metadata';
import { KeyMap } from '../workspace-bundle';

/**
 * The header of a template's `seed/activity-targets.csv`: which records each seeded activity
 * (a message, call, meeting, note, task) is about. Importing rows cannot say that: the links live
 * in the activity-target table, not in a field. Every record is named by a field of its own
 * (`message,externalId,seed-003@…,contact,email,ann@…`), like the seed's relation columns.
 */
export const ACTIVITY_TARGET_HEADERS = [
  'activity',
  'activityField',
  'activityValue',
  'target',
  'targetField',
  'targetValue',
] as const;

const cell = z.string().trim().min(1, 'is empty');
const linkRow = z.tuple([cell, cell, cell, cell, cell, cell]);

/** A parsed CSV (the shape `importTable` reads). */
export interface SeedTable {
  headers: string[];
  rows: string[][];
}

interface RecordName {
  object: string;
  field: string;
  value: string;
  /** Where the name stands in the file, for errors: `rows[3].target`. */
  at: string;
}

/** Where the rows name records by one (object, field): their values, and where each was named. */
type Lookups = Map<string, { object: string; field: string; names: RecordName[] }>;

/**
 * The id of every named record, one query per (object, field). A name that matches no record, or
 * more than one, is BAD_USER_INPUT naming its row and column.
 */
async function resolve(tx: SqlExecutor, snapshot: WorkspaceSnapshot, lookups: Lookups) {
  const keys = new KeyMap(snapshot);
  const ids = new Map<string, StoredRef>();
  for (const { object: objectKey, field: fieldKey, names } of lookups.values()) {
    const first = names[0]!;
    const object = keys.object(objectKey);
    if (!object) throw badInput(`${first.at}`, `${first.at}: there is no object "${objectKey}".`);
    const field = keys.field(objectKey, fieldKey)?.field;
    if (!field) throw badInput(`${first.at}Field`, `${first.at}Field: ${objectKey} has no field "${fieldKey}".`);
    const column = quoteIdent(field.columnName);
    const { rows } = await tx.query<{ id: string; value: string }>(
      `select "id", ${column}::text as value from ${qualify(snapshot.schemaName, object.tableName)}
        where ${column}::text = any($1::text[]) and "deleted_at" is null`,
      [[...new Set(names.map((n) => n.value))]],
    );
    const found = new Map<string, string[]>();
    for (const row of rows) found.set(row.value, [...(found.get(row.value) ?? []), row.id]);
    for (const name of names) {
      const matches = found.get(name.value) ?? [];
      if (matches.length !== 1)
        throw badInput(
          `${name.at}Value`,
          `${name.at}Value: ${matches.length === 0 ? 'no' : matches.length} ${objectKey} records have ${fieldKey} "${name.value}"; name exactly one.`,
        );
      ids.set(`${objectKey}\u0000${fieldKey}\u0000${name.value}`, { objectId: object.id, id: matches[0]! });
    }
  }
  return ids;
}

/**
 * Links seeded activities to the records they are about, from a template's activity-target table,
 * in the caller's transaction (after the seed's records are in). Links already present are kept,
 * so loading the same table twice links nothing new. Answers the number of rows read.
 * @throws BAD_USER_INPUT with `field` naming the header, or the row and column at fault
 */
export async function linkSeedActivities(
  tx: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  table: SeedTable,
  actorId: string | null = null,
): Promise<number> {
  if (table.headers.join(',') !== ACTIVITY_TARGET_HEADERS.join(','))
    throw badInput('headers', `headers: the activity-target table's header is ${ACTIVITY_TARGET_HEADERS.join(',')}.`);
  const lookups: Lookups = new Map();
  const want = (object: string, field: string, value: string, at: string) => {
    const key = `${object}\u0000${field}`;
    const lookup = lookups.get(key) ?? { object, field, names: [] };
    lookup.names.push({ object, field, value, at });
    lookups.set(key, lookup);
  };
  const parsed = table.rows.map((raw, i) => {
    const result = linkRow.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      // A cell's problem names its column; a row of the wrong length names the row.
      const column = issue.path.length > 0 ? ACTIVITY_TARGET_HEADERS[Number(issue.path[0])] : undefined;
      const at = column ? `rows[${i}].${column}` : `rows[${i}]`;
      throw badInput(at, `${at}: ${issue.message} (a row has 6 cells).`);
    }
    const [activity, activityField, activityValue, target, targetField, targetValue] = result.data;
    want(activity, activityField, activityValue, `rows[${i}].activity`);
    want(target, targetField, targetValue, `rows[${i}].target`);
    return { activity: [activity, activityField, activityValue], target: [target, targetField, targetValue] };
  });
  const ids = await resolve(tx, snapshot, lookups);
  const byActivity = new Map<string, { activity: StoredRef; targets: StoredRef[] }>();
  for (const row of parsed) {
    const activity = ids.get(row.activity.join('\u0000'))!;
    const entry = byActivity.get(activity.id) ?? { activity, targets: [] };
    entry.targets.push(ids.get(row.target.join('\u0000'))!);
    byActivity.set(activity.id, entry);
  }
  for (const { activity, targets } of byActivity.values())
    await insertActivityLinks(tx, snapshot.schemaName, activity, targets, actorId);
  return parsed.length;
}
