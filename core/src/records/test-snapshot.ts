import type { FieldMetadata, FieldType, ObjectMetadata, WorkspaceSnapshot } from '../metadata';

/** A two-object snapshot (company <- opportunity) for unit tests that need no database. */
function field(objectId: string, name: string, type: FieldType, extra: Partial<FieldMetadata> = {}): FieldMetadata {
  return {
    id: `${objectId}.${name}`,
    objectId,
    key: name,
    name,
    label: name,
    type,
    description: null,
    required: false,
    unique: false,
    indexed: false,
    portalVisible: false,
    defaultValue: null,
    settings: {},
    columnName: name.replace(/([A-Z])/g, '_$1').toLowerCase(),
    position: 0,
    ...extra,
  };
}

function object(id: string, nameSingular: string, namePlural: string, fields: FieldMetadata[]): ObjectMetadata {
  return {
    id,
    key: nameSingular,
    nameSingular,
    namePlural,
    labelSingular: nameSingular,
    labelPlural: namePlural,
    description: null,
    icon: null,
    tableName: namePlural,
    labelField: null,
    fields,
  };
}

export const unitSnapshot: WorkspaceSnapshot = {
  workspaceId: '0190a000-0000-7000-8000-00000000000a',
  schemaName: 'ws_unit',
  version: 1,
  objects: [
    object('c', 'company', 'companies', [field('c', 'name', 'TEXT', { required: true }), field('c', 'domain', 'TEXT')]),
    object('o', 'opportunity', 'opportunities', [
      field('o', 'title', 'TEXT'),
      field('o', 'amount', 'CURRENCY', { settings: { scale: 2 } }),
      field('o', 'closeDate', 'DATE'),
      field('o', 'payload', 'JSON'),
      field('o', 'company', 'RELATION', {
        settings: {
          relation: { target: 'company', kind: 'MANY_TO_ONE', inverseName: 'opportunities', onDelete: 'RESTRICT' },
        },
      }),
      field('o', 'tags', 'RELATION', {
        settings: { relation: { target: 'company', kind: 'MANY_TO_MANY', inverseName: 'tagged', onDelete: 'CASCADE' } },
      }),
    ]),
  ],
};
