import type { SqlExecutor } from '../../db';
import type { ObjectMetadata, WorkspaceSnapshot } from '../../metadata';
import { type RolePermissions, readableRecord } from '../../permissions';
import { canReadObject, compileReadableIds, objectPermission } from '../../query';
import { runAsRights } from './run-as-rights';

/** The trigger values that hold the trigger record (before and after the write). */
const RECORD_KEYS = ['record', 'previous'] as const;

type Values = Record<string, unknown>;

const isRecord = (value: unknown): value is Values =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The ids among `ids` the role reaches: all of them when its scope on the object is `all`, else
 * those whose row is in its scope now (soft-deleted ones included; destroyed ones are gone). A run
 * has no user: an `own` scope reaches none, as the run's find steps do. One statement for all.
 */
async function reached(
  tx: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  rights: RolePermissions,
  object: ObjectMetadata,
  ids: string[],
): Promise<Set<string>> {
  if (!canReadObject(rights, object)) return new Set();
  if (objectPermission(rights, object)?.scope === 'all' || ids.length === 0) return new Set(ids);
  const access = { permissions: rights, actorId: null };
  const query = compileReadableIds(snapshot, access, object, ids, { includeDeleted: true });
  return new Set((await tx.query<{ id: string }>(query.text, query.params)).rows.map((row) => row.id));
}

/**
 * Runs' trigger values (one per run) as their version's `runAs` role may read the trigger record:
 * the fields the role cannot read are removed from `record` and `previous`, and a record the role
 * cannot read at all (its object, or outside its record scope) is reduced to its id. What is
 * removed here never reaches the steps' expressions, their inputs and outputs, or the run log.
 * Without a `runAs` (the admin) the values are kept whole. A role that no longer exists reads
 * nothing; the run's first step then fails saying so.
 */
export async function triggerInputsForRunAs(
  tx: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  runAs: string | null | undefined,
  object: ObjectMetadata | undefined,
  inputs: readonly Values[],
): Promise<Values[]> {
  const hasRecord = (input: Values) => RECORD_KEYS.some((key) => isRecord(input[key]));
  if (!runAs || !inputs.some(hasRecord)) return [...inputs];
  const rights = await runAsRights(tx, snapshot, runAs).catch(() => null);
  if (rights?.unrestricted) return [...inputs];
  const idOf = (input: Values) => RECORD_KEYS.map((key) => input[key]).find(isRecord)?.id;
  const ids = inputs.map(idOf).filter((id): id is string => typeof id === 'string');
  const readable = rights && object ? await reached(tx, snapshot, rights, object, [...new Set(ids)]) : new Set();
  // A sample record of a dry run has no row: its object decides.
  const readsObject = Boolean(rights && object && canReadObject(rights, object));
  return inputs.map((input) => {
    const id = idOf(input);
    const shown: Values = { ...input };
    for (const key of RECORD_KEYS) {
      const record = input[key];
      if (!isRecord(record)) continue;
      const reads = typeof id === 'string' ? readable.has(id) : readsObject;
      shown[key] = reads ? readableRecord(rights!, object!.nameSingular, record) : { id: record.id ?? null };
    }
    return shown;
  });
}
