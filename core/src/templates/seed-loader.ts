import { badInput, isRelataError } from '../errors';
import {
  type BulkSession,
  type ImportDatabase,
  type ImportMapping,
  type ImportTable,
  importableFields,
  importTable,
  parseImportMapping,
} from '../import';
import type { ObjectMetadata, WorkspaceSnapshot } from '../metadata';
import { UNRESTRICTED } from '../permissions';
import type { Actor } from '../records';
import { shiftSeedTable } from './seed-dates';
import { readSeedTable } from './seed-table';
import { TEMPLATE_MANIFEST, type TemplateManifest } from './template-manifest';

/** Progress of one seed file: rows of `object` written so far. */
export interface SeedProgress {
  object: string;
  done: number;
  total: number;
}

export interface SeedContext {
  /** The pool and ORM the import is built on; the rows go through `session`. */
  db: ImportDatabase;
  /** The open transaction everything is written in. */
  session: BulkSession;
  /** The workspace as the bundle made it (read inside `session`). */
  snapshot: WorkspaceSnapshot;
  actor: Actor;
  /** Days every DATE and DATE_TIME value moves by (see the manifest's `seedDatesRelativeTo`). */
  dateShift: number;
}

const objectByKey = (snapshot: WorkspaceSnapshot, key: string, i: number): ObjectMetadata => {
  const object = snapshot.objects.find((o) => o.key === key);
  if (!object) {
    throw badInput(
      `seed[${i}].object`,
      `${TEMPLATE_MANIFEST} at seed[${i}].object: the bundle has no object "${key}".`,
      {
        file: TEMPLATE_MANIFEST,
      },
    );
  }
  return object;
};

/**
 * The import mapping of a seed file: each header is a field key (`amount.amountMicros` for a
 * composite's part); a relation column is matched against the manifest's `match` field key of its
 * target, or by record id when none is given. Problems name the file and the column.
 */
function seedMapping(
  snapshot: WorkspaceSnapshot,
  object: ObjectMetadata,
  entry: TemplateManifest['seed'][number],
  table: ImportTable,
): ImportMapping {
  const match: Record<string, string> = Object.assign(Object.create(null), entry.match ?? {});
  const raw = table.headers.map((header, column) => {
    const [key = '', part = null] = header.split('.', 2);
    const field = object.fields.find((f) => f.key === key);
    if (!field) {
      throw badInput(`columns[${column}]`, `${entry.file}: column "${header}" names no field key of ${object.key}.`, {
        file: entry.file,
      });
    }
    const matchKey = match[key];
    if (field.type !== 'RELATION') return { field: field.name, part };
    const target = snapshot.objects.find((o) => o.nameSingular === field.settings.relation?.target);
    const by = matchKey === undefined ? 'id' : target?.fields.find((f) => f.key === matchKey)?.name;
    if (!by) {
      throw badInput(`match.${key}`, `${entry.file}: ${target?.key ?? 'the target'} has no field key "${matchKey}".`, {
        file: entry.file,
      });
    }
    return { field: field.name, part, match: by };
  });
  try {
    return parseImportMapping(
      raw,
      table.headers.length,
      snapshot,
      object,
      importableFields(snapshot, object.nameSingular),
    );
  } catch (error) {
    if (!isRelataError(error)) throw error;
    const column = Number(/^mapping\.(\d+)$/.exec(String(error.details.field))?.[1] ?? -1);
    const where = column >= 0 ? ` column "${table.headers[column]}"` : '';
    throw badInput(`columns[${column}]`, `${entry.file}${where}: ${error.message}`, { file: entry.file });
  }
}

/**
 * Loads the manifest's seed files in order through the import's bulk path, inside the caller's
 * session (so the seed commits or rolls back with the bundle). Any refused row fails the whole
 * seed with the file, the row (1-based, as an editor shows it after the header) and the reason.
 */
export async function loadSeed(
  ctx: SeedContext,
  dir: string,
  manifest: TemplateManifest,
  onProgress?: (progress: SeedProgress) => void,
): Promise<number> {
  let created = 0;
  for (const [i, entry] of manifest.seed.entries()) {
    const object = objectByKey(ctx.snapshot, entry.object, i);
    const table = shiftSeedTable(await readSeedTable(dir, entry.file), object, ctx.dateShift);
    const mapping = seedMapping(ctx.snapshot, object, entry, table);
    onProgress?.({ object: object.key, done: 0, total: table.rows.length });
    const report = await importTable(
      {
        db: { pool: ctx.db.pool, orm: ctx.db.orm, query: ctx.session.query, entities: ctx.session.entities },
        session: ctx.session,
        snapshot: ctx.snapshot,
        actor: ctx.actor,
        permissions: UNRESTRICTED,
        object: object.nameSingular,
      },
      table,
      mapping,
      ({ done, total }) => onProgress?.({ object: object.key, done, total }),
    );
    const refusal = report.refused[0];
    if (refusal) {
      const problems = refusal.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
      throw badInput(`rows[${refusal.row}]`, `${entry.file} row ${refusal.row + 2}: ${problems}.`, {
        file: entry.file,
        refusedRows: report.refused.length,
      });
    }
    created += report.created;
  }
  return created;
}
