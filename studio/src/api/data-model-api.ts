import { gql } from './graphql-client';
import type { ComputedResultType, FieldMeta, FieldSettings, FieldType, ObjectMeta } from './metadata-types';

interface ModelField {
  id: string;
  name: string;
  label: string;
  type: FieldType;
  description: string | null;
  required: boolean;
  unique: boolean;
  position: number;
  defaultValue: unknown;
  settings: FieldSettings & { resultType?: ComputedResultType };
}

interface ModelObject extends Omit<ObjectMeta, 'fields'> {
  fields: ModelField[];
}

const SELECTION = `dataModelVersion dataModel { id nameSingular namePlural labelSingular labelPlural description icon labelField
  fields { id name label type description required unique position defaultValue settings } }`;

/** A member's field in the shape the screens read; computed fields carry only their result type. */
function toField({ settings, ...field }: ModelField): FieldMeta {
  const { resultType, ...display } = settings;
  return {
    ...field,
    indexed: false,
    portalVisible: false,
    settings: display,
    formula: field.type === 'FORMULA' && resultType ? { expression: '', resultType } : null,
    rollup:
      field.type === 'ROLLUP' && resultType
        ? { relation: '', function: '', field: null, filter: null, resultType }
        : null,
  };
}

/**
 * The objects and fields the signed-in member's role reads, from `/graphql` (`/metadata` is for
 * admins): what lists, forms and record pages need to work for every member.
 */
export async function fetchDataModel(): Promise<{ objects: ObjectMeta[]; version: number }> {
  const data = await gql<{ dataModel: ModelObject[]; dataModelVersion: number }>(
    '/graphql',
    `query StudioDataModel { ${SELECTION} }`,
  );
  const objects = data.dataModel.map((o) => ({
    ...o,
    fields: o.fields.map(toField).sort((a, b) => a.position - b.position),
  }));
  return { objects, version: data.dataModelVersion };
}

/** Only the version number: cheap to poll for changes an admin made. */
export async function fetchDataModelVersion(): Promise<number> {
  return (await gql<{ dataModelVersion: number }>('/graphql', 'query { dataModelVersion }')).dataModelVersion;
}
