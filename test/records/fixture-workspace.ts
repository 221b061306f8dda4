import { randomUUID } from 'node:crypto';
import {
  bumpMetadataVersion,
  createMetadataService,
  createWorkspace,
  type Database,
  type FieldMetadata,
  type FieldSettings,
  type FieldType,
  fieldColumns,
  loadSnapshot,
  qualify,
  quoteIdent,
  snakeCase,
  type WorkspaceSnapshot,
} from '@relata/core';

/**
 * Object tables for the record-service tests, built with raw DDL per the storage contract
 * (the metadata service is another helper's work in progress): metadata rows in
 * relata.objects / relata.fields, one table per object, FKs with their onDelete rule,
 * junction tables, unique indexes.
 */
export interface FieldSpec {
  name: string;
  type: FieldType;
  required?: boolean;
  unique?: boolean;
  defaultValue?: unknown;
  settings?: FieldSettings;
}

export interface ObjectSpec {
  nameSingular: string;
  namePlural: string;
  fields: FieldSpec[];
}

const options = (...values: string[]) =>
  values.map((value, position) => ({ value, label: value, color: 'gray', position }));

/** The CRM-shaped fixture every record test uses. */
export const FIXTURE_OBJECTS: ObjectSpec[] = [
  {
    nameSingular: 'company',
    namePlural: 'companies',
    fields: [
      { name: 'name', type: 'TEXT', required: true, settings: { validation: { maxLength: 100 } } },
      { name: 'domain', type: 'TEXT', unique: true },
      { name: 'employees', type: 'NUMBER' },
      { name: 'tier', type: 'SELECT', defaultValue: 'SMB', settings: { options: options('SMB', 'MID', 'ENTERPRISE') } },
    ],
  },
  {
    nameSingular: 'person',
    namePlural: 'people',
    fields: [
      { name: 'fullName', type: 'FULL_NAME' },
      { name: 'email', type: 'EMAIL', unique: true },
      relation('company', 'company', 'MANY_TO_ONE', 'people', 'SET_NULL'),
    ],
  },
  {
    nameSingular: 'opportunity',
    namePlural: 'opportunities',
    fields: [
      { name: 'title', type: 'TEXT', required: true },
      { name: 'amount', type: 'CURRENCY', settings: { scale: 2, defaultCurrency: 'EUR' } },
      { name: 'stage', type: 'SELECT', defaultValue: 'NEW', settings: { options: options('NEW', 'WON', 'LOST') } },
      { name: 'closeDate', type: 'DATE' },
      relation('company', 'company', 'MANY_TO_ONE', 'opportunities', 'RESTRICT'),
      relation('tags', 'tag', 'MANY_TO_MANY', 'opportunities', 'CASCADE'),
    ],
  },
  {
    nameSingular: 'note',
    namePlural: 'notes',
    fields: [{ name: 'body', type: 'TEXT' }, relation('company', 'company', 'MANY_TO_ONE', 'notes', 'CASCADE')],
  },
  { nameSingular: 'tag', namePlural: 'tags', fields: [{ name: 'label', type: 'TEXT', required: true, unique: true }] },
  {
    nameSingular: 'sample',
    namePlural: 'samples',
    fields: [
      { name: 'code', type: 'TEXT', settings: { validation: { minLength: 2, maxLength: 8, pattern: '^[a-z]+$' } } },
      { name: 'notes', type: 'RICH_TEXT' },
      { name: 'ratio', type: 'NUMBER', settings: { scale: 2, validation: { min: 0, max: 1000 } } },
      { name: 'count', type: 'NUMBER', defaultValue: 7 },
      { name: 'price', type: 'CURRENCY', settings: { scale: 2 } },
      { name: 'active', type: 'BOOLEAN' },
      { name: 'day', type: 'DATE' },
      { name: 'moment', type: 'DATE_TIME' },
      { name: 'status', type: 'SELECT', settings: { options: options('OPEN', 'CLOSED') } },
      { name: 'labels', type: 'MULTI_SELECT', settings: { options: options('RED', 'GREEN', 'BLUE') } },
      { name: 'email', type: 'EMAIL' },
      { name: 'phone', type: 'PHONE' },
      { name: 'website', type: 'URL' },
      { name: 'score', type: 'RATING', settings: { maxRating: 5 } },
      { name: 'payload', type: 'JSON' },
      { name: 'address', type: 'ADDRESS' },
      { name: 'contact', type: 'FULL_NAME' },
    ],
  },
];

function relation(
  name: string,
  target: string,
  kind: 'MANY_TO_ONE' | 'MANY_TO_MANY',
  inverseName: string,
  onDelete: 'RESTRICT' | 'SET_NULL' | 'CASCADE',
): FieldSpec {
  return { name, type: 'RELATION', settings: { relation: { target, kind, inverseName, onDelete } } };
}

const ON_DELETE = { RESTRICT: 'restrict', SET_NULL: 'set null', CASCADE: 'cascade' } as const;

/** Creates a workspace holding `objects` and returns its snapshot. */
export async function createFixtureWorkspace(
  db: Database,
  slug: string,
  objects: ObjectSpec[] = FIXTURE_OBJECTS,
): Promise<WorkspaceSnapshot> {
  const workspace = await createWorkspace(db, { slug, name: slug });
  const schema = workspace.schemaName;
  const tables = new Map(objects.map((o) => [o.nameSingular, snakeCase(o.namePlural)]));
  await db.transaction(async (tx) => {
    const late: string[] = [];
    for (const object of objects) {
      const objectId = randomUUID();
      const table = tables.get(object.nameSingular)!;
      await tx.query(
        `insert into relata.objects (id, workspace_id, key, name_singular, name_plural, label_singular, label_plural, table_name)
         values ($1, $2, $3, $3, $4, $3, $4, $5)`,
        [objectId, workspace.id, object.nameSingular, object.namePlural, table],
      );
      const columns = [
        'id uuid primary key',
        'created_at timestamptz not null default now()',
        'updated_at timestamptz not null default now()',
        'created_by uuid',
        'updated_by uuid',
        'owner_id uuid',
        'deleted_at timestamptz',
        'version integer not null default 1',
        'search tsvector',
        'shown_version integer',
        'shown_updated_at timestamptz',
        'shown_updated_by uuid',
      ];
      for (const [position, spec] of object.fields.entries()) {
        const field = { type: spec.type, settings: spec.settings ?? {}, columnName: snakeCase(spec.name) };
        await tx.query(
          `insert into relata.fields (id, workspace_id, object_id, key, name, label, type, required, "unique", default_value, settings, column_name, position)
           values ($1, $2, $3, $4, $4, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11)`,
          [
            randomUUID(),
            workspace.id,
            objectId,
            spec.name,
            spec.type,
            spec.required ?? false,
            spec.unique ?? false,
            spec.defaultValue === undefined ? null : JSON.stringify(spec.defaultValue),
            JSON.stringify(field.settings),
            field.columnName,
            position,
          ],
        );
        for (const { column, sqlType } of fieldColumns(
          field as Pick<FieldMetadata, 'type' | 'settings' | 'columnName'>,
        )) {
          columns.push(`${quoteIdent(column)} ${sqlType}`);
          if (spec.unique) late.push(`create unique index on ${qualify(schema, table)} (${quoteIdent(column)})`);
        }
        const rel = field.settings.relation;
        if (!rel) continue;
        const target = qualify(schema, tables.get(rel.target)!);
        if (rel.kind === 'MANY_TO_ONE') {
          const fk = quoteIdent(`${field.columnName}_id`);
          late.push(
            `alter table ${qualify(schema, table)} add constraint ${quoteIdent(`${table}_${field.columnName}_id_fkey`)}
             foreign key (${fk}) references ${target} (id) on delete ${ON_DELETE[rel.onDelete]}`,
            `create index on ${qualify(schema, table)} (${fk})`,
          );
        } else {
          const junction = qualify(schema, `${table}_${field.columnName}`);
          late.push(
            `create table ${junction} (
               source_id uuid not null references ${qualify(schema, table)} (id) on delete cascade,
               target_id uuid not null references ${target} (id) on delete cascade,
               primary key (source_id, target_id))`,
            `create index on ${junction} (target_id)`,
          );
        }
      }
      await tx.query(`create table ${qualify(schema, table)} (${columns.join(', ')})`);
    }
    for (const statement of late) await tx.query(statement);
    await bumpMetadataVersion(tx, workspace.id);
  });
  return loadSnapshot(db, workspace.id);
}

/**
 * The same fixture built by the metadata service (`applyBundle`), so the record service is
 * also proven against the DDL the product really generates (names, checks, search trigger).
 */
export async function createWorkspaceWithMetadataService(
  db: Database,
  slug: string,
  objects: ObjectSpec[] = FIXTURE_OBJECTS,
): Promise<WorkspaceSnapshot> {
  const workspace = await createWorkspace(db, { slug, name: slug });
  const bundle = {
    objects: objects.map((object) => ({
      nameSingular: object.nameSingular,
      namePlural: object.namePlural,
      labelSingular: object.nameSingular,
      labelPlural: object.namePlural,
      fields: object.fields.map(({ settings = {}, ...spec }) => ({ ...spec, label: spec.name, ...settings })),
    })),
  };
  await createMetadataService({ db }).applyBundle(workspace.id, bundle);
  return loadSnapshot(db, workspace.id);
}
