import { qualify, type SqlExecutor } from '../db';
import type { Statement } from './ddl-plan';
import type { ObjectMetadata, WorkspaceSnapshot } from './types';

/** What one statement of a plan does to a table's data, as an admin weighs it. */
type Effect =
  | 'create'
  | 'drop'
  | 'rename'
  | 'addColumn'
  | 'dropColumn'
  | 'retype'
  | 'check'
  | 'update'
  | 'index'
  | 'search'
  | 'createLinks'
  | 'dropLinks';

/**
 * The effect of a statement the planners write. They write every statement themselves (none
 * comes from input), so the leading words say what it is; unknown forms count as metadata.
 */
const EFFECTS: ReadonlyArray<[RegExp, Effect]> = [
  [/^create table /i, 'create'],
  [/^drop table /i, 'drop'],
  [/^alter table \S+ rename /i, 'rename'],
  [/^alter table \S+ add column /i, 'addColumn'],
  [/^alter table \S+ drop column /i, 'dropColumn'],
  [/^alter table \S+ alter column \S+ type /i, 'retype'],
  [/^alter table \S+ (alter column \S+ set not null|add constraint)/i, 'check'],
  [/^update \S+ set "search" = /i, 'search'],
  [/^update /i, 'update'],
  [/^create (unique )?index /i, 'index'],
];

/** Counting stops here: the summary says "1,000,000+" rather than scanning a huge table. */
const COUNT_CAP = 1_000_000;

interface TableEffects {
  object: ObjectMetadata;
  effects: Map<Effect, number>;
}

function statementEffect(sql: string): Effect | null {
  return EFFECTS.find(([pattern]) => pattern.test(sql))?.[1] ?? null;
}

/**
 * The object whose table (`"schema"."table"`) the statement names first, and whether that table
 * is one of its many-to-many junction tables rather than its own.
 */
function target(
  sql: string,
  schema: string,
  objects: readonly ObjectMetadata[],
): { object: ObjectMetadata; junction: boolean } | undefined {
  let first: { at: number; object: ObjectMetadata; junction: boolean } | undefined;
  for (const object of objects) {
    const junctions = object.fields.flatMap((f) => f.settings.relation?.junctionTable ?? []);
    const tables: Array<[string, boolean]> = [
      [object.tableName, false],
      ...junctions.map((j): [string, boolean] => [j, true]),
    ];
    for (const [table, junction] of tables) {
      const at = sql.indexOf(qualify(schema, table));
      if (at >= 0 && (!first || at < first.at)) first = { at, object, junction };
    }
  }
  return first;
}

/** How many times the statement does it: one ALTER TABLE may add or drop several columns. */
const times = (sql: string, effect: Effect) =>
  effect === 'addColumn' || effect === 'dropColumn'
    ? (sql.match(effect === 'addColumn' ? /\badd column\b/gi : /\bdrop column\b/gi)?.length ?? 1)
    : 1;

async function countRows(db: SqlExecutor, schema: string, object: ObjectMetadata): Promise<string> {
  const { rows } = await db.query<{ n: string }>(
    `select count(*) as n from (select 1 from ${qualify(schema, object.tableName)} limit ${COUNT_CAP + 1}) s`,
  );
  const n = Number(rows[0]?.n ?? 0);
  return n > COUNT_CAP ? `${COUNT_CAP.toLocaleString('en-US')}+` : n.toLocaleString('en-US');
}

const plural = (count: number, one: string, many: string) => (count === 1 ? one : `${count} ${many}`);

function sentences(label: string, records: string, effects: Map<Effect, number>, affected: number | null): string[] {
  if (effects.has('create')) return [`Creates the table of ${label}; no existing data is touched.`];
  if (effects.has('drop')) return [`Deletes ${label} with all ${records} records.`];
  const said: string[] = [];
  const added = effects.get('addColumn');
  const dropped = effects.get('dropColumn');
  if (added) said.push(`Adds ${plural(added, 'a column', 'columns')} to ${records} ${label}; nothing is rewritten.`);
  if (dropped) said.push(`Removes ${plural(dropped, 'a column', 'columns')} and its values from ${records} ${label}.`);
  if (effects.has('retype'))
    said.push(`Converts the values of ${records} ${label}: the table is rewritten and locked while it runs.`);
  if (effects.has('update'))
    said.push(
      `Changes stored values in ${affected === null ? 'some' : affected.toLocaleString('en-US')} of ${records} ${label}.`,
    );
  if (effects.has('search')) said.push(`Rebuilds the search text of all ${records} ${label} (each row is rewritten).`);
  if (effects.has('check')) said.push(`Checks all ${records} ${label} against the new rule.`);
  if (effects.has('index')) said.push(`Builds an index over ${records} ${label}.`);
  if (effects.has('createLinks'))
    said.push(
      `Creates the link table of a many-to-many relation of ${label}; their ${records} records are not rewritten.`,
    );
  if (effects.has('dropLinks')) said.push(`Deletes a link table of ${label} with every link it holds.`);
  if (effects.has('rename') && said.length === 0)
    said.push(`Renames names only; the ${records} ${label} are not touched.`);
  return said;
}

/**
 * The plan in plain words, one sentence per table it touches ("adds a column to 50,000
 * opportunities; nothing is rewritten"), with the row counts read now. The studio leads the
 * review of a change with it and shows the SQL on demand.
 */
export async function summarizeChange(
  db: SqlExecutor,
  before: WorkspaceSnapshot,
  after: WorkspaceSnapshot,
  statements: readonly Statement[],
  affectedRows: number | null,
): Promise<string[]> {
  // The objects as they will be (new junction tables named), plus the ones the change deletes.
  const objects = [...after.objects, ...before.objects.filter((o) => !after.objects.some((a) => a.id === o.id))];
  const tables = new Map<string, TableEffects>();
  for (const { sql } of statements) {
    const statement = statementEffect(sql);
    const table = statement ? target(sql, before.schemaName, objects) : undefined;
    if (!statement || !table) continue;
    // A new or dropped junction table links records; it creates or deletes none of the object's.
    const effect =
      table.junction && statement === 'create'
        ? 'createLinks'
        : table.junction && statement === 'drop'
          ? 'dropLinks'
          : statement;
    const entry = tables.get(table.object.id) ?? { object: table.object, effects: new Map() };
    entry.effects.set(effect, (entry.effects.get(effect) ?? 0) + times(sql, effect));
    tables.set(table.object.id, entry);
  }
  const said: string[] = [];
  for (const { object, effects } of tables.values()) {
    // Counted in the table as it is now (a rename has not run yet).
    const existing = before.objects.find((o) => o.id === object.id);
    const records = existing ? await countRows(db, before.schemaName, existing) : '0';
    said.push(...sentences(object.labelPlural.toLowerCase(), records, effects, affectedRows));
  }
  return said.length > 0 ? said : ['Changes metadata only; no stored data is touched.'];
}
