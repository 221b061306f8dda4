import { badInput, conflict, isRelataError } from '../errors';
import { indexSnapshot } from '../metadata';
import type { WriteModel } from './write-model';

/** The fields of a PostgreSQL error that `pg` exposes. */
interface PgError {
  code: string;
  message: string;
  table?: string;
  column?: string;
  constraint?: string;
  detail?: string;
}

function isPgError(error: unknown): error is PgError {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

/** `Key (email, name)=(...)` -> ['email', 'name'] */
function detailColumns(detail: string | undefined): string[] {
  // A case-insensitive key reads `lower(email)` (or `lower((email)::text)`): the column inside.
  const match = /Key \((.*?)\)=\(/.exec(detail ?? '');
  return match
    ? match[1]!.split(',').map((c) =>
        c
          .trim()
          .replace(/^lower\(+(.*?)\)*(::text)?\)*$/, '$1')
          .replace(/^"|"$/g, ''),
      )
    : [];
}

/** API path of a column of the model's table: `name`, `amount.currencyCode`, `companyId`. */
function columnPath(model: WriteModel, column: string | undefined): string | null {
  if (column === 'owner_id') return 'ownerId';
  for (const { key, columns } of model.codecs) {
    const spec = columns.find((c) => c.column === column);
    if (spec) return spec.part && columns.length > 1 ? `${key}.${spec.part}` : key;
  }
  return null;
}

function restrictConflict(model: WriteModel, error: PgError): Error {
  const index = indexSnapshot(model.snapshot);
  const blocking = index
    .relations(model.object.nameSingular)
    .filter((edge) => edge.kind === 'ONE_TO_MANY' && edge.to.tableName === error.table);
  const edge =
    blocking.find((e) => e.fkColumn && error.constraint?.includes(e.fkColumn)) ??
    blocking.find((e) => e.field.settings.relation?.onDelete === 'RESTRICT') ??
    blocking[0];
  const name = model.object.nameSingular;
  const via = edge
    ? `${edge.to.namePlural} still reference it through "${edge.field.name}"`
    : `${error.table} rows still reference it`;
  return conflict(`Cannot destroy this ${name}: ${via} (onDelete RESTRICT). Delete or reassign those records first.`, {
    relation: edge ? `${edge.to.nameSingular}.${edge.field.name}` : error.table,
    constraint: error.constraint,
  });
}

/**
 * Turns a PostgreSQL constraint error raised by a write into a `RelataError` naming the
 * field: unique -> CONFLICT, restrict on delete -> CONFLICT, not-null / missing reference /
 * bad value -> BAD_USER_INPUT. Anything else is returned unchanged.
 *
 * @param prefix input path used for BAD_USER_INPUT fields (`data`, `data[i]`)
 */
export function mapDatabaseError(error: unknown, model: WriteModel, prefix = 'data'): unknown {
  if (isRelataError(error) || !isPgError(error)) return error;
  const object = model.object.nameSingular;
  switch (error.code) {
    case '23505': {
      const fields = detailColumns(error.detail).map((c) => columnPath(model, c) ?? c);
      const field = fields.join(', ') || (error.constraint ?? 'a unique field');
      return conflict(`Another ${object} already has this ${field}; ${field} must be unique. Choose another value.`, {
        field: fields[0] ?? field,
        constraint: error.constraint,
      });
    }
    // PostgreSQL 18 reports ON DELETE RESTRICT as 23001; earlier versions as 23503.
    case '23001':
      return restrictConflict(model, error);
    case '23503': {
      if (error.detail?.includes('referenced from')) return restrictConflict(model, error);
      const path = columnPath(model, detailColumns(error.detail)[0]) ?? 'relation';
      return badInput(`${prefix}.${path}`, `${prefix}.${path} points at a record that does not exist.`);
    }
    case '23502': {
      const path = columnPath(model, error.column) ?? error.column ?? 'field';
      return badInput(`${prefix}.${path}`, `${prefix}.${path} is required and cannot be null.`);
    }
    case '23514': {
      // The metadata service guards required composites with `<table>_<column>_required`.
      const required = model.codecs.find(
        (c) => error.constraint === `${model.object.tableName}_${c.field.columnName}_required`,
      );
      if (required) return badInput(`${prefix}.${required.key}`, `${prefix}.${required.key} is required.`);
      return badInput(prefix, `The record breaks the rule "${error.constraint}": ${error.message}.`);
    }
    case '22001':
    case '22003':
    case '22007':
    case '22008':
    case '22P02':
      return badInput(prefix, `A value in ${prefix} is out of range or malformed: ${error.message}.`);
    default:
      return error;
  }
}
