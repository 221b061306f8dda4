import type { FieldMetadata, FieldType, ObjectMetadata, WorkspaceSnapshot } from '@relata/core';
import { snakeCase } from '@relata/core';

const TYPES: FieldType[] = [
  'TEXT',
  'NUMBER',
  'CURRENCY',
  'BOOLEAN',
  'DATE',
  'DATE_TIME',
  'SELECT',
  'MULTI_SELECT',
  'EMAIL',
  'RATING',
  'JSON',
  'ADDRESS',
  'FULL_NAME',
  'URL',
];

/** A synthetic snapshot of `objects` objects with `fields` fields each (two relations per object). */
export function wideSnapshot(objects: number, fields: number): WorkspaceSnapshot {
  const list: ObjectMetadata[] = [];
  for (let o = 0; o < objects; o++) {
    const objectId = `object-${o}`;
    const fieldList: FieldMetadata[] = [];
    for (let f = 0; f < fields; f++) {
      const relation = f >= fields - 2;
      const type: FieldType = relation ? 'RELATION' : (TYPES[f % TYPES.length] as FieldType);
      const name = relation ? `link${f}` : `field${f}`;
      fieldList.push({
        id: `${objectId}-field-${f}`,
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
        settings: relation
          ? {
              relation: {
                target: `thing${(o + f) % objects}`,
                kind: f === fields - 1 ? 'MANY_TO_MANY' : 'MANY_TO_ONE',
                inverseName: `back${o}x${f}`,
                onDelete: 'SET_NULL',
              },
            }
          : type === 'SELECT' || type === 'MULTI_SELECT'
            ? { options: ['A', 'B', 'C'].map((value, position) => ({ value, label: value, color: 'gray', position })) }
            : {},
        columnName: snakeCase(name),
        position: f,
      });
    }
    list.push({
      id: objectId,
      key: `thing${o}`,
      nameSingular: `thing${o}`,
      namePlural: `things${o}`,
      labelSingular: `Thing ${o}`,
      labelPlural: `Things ${o}`,
      description: null,
      icon: null,
      tableName: `things${o}`,
      labelField: null,
      fields: fieldList,
    });
  }
  return { workspaceId: 'wide', schemaName: 'ws_wide', version: 1, objects: list };
}
