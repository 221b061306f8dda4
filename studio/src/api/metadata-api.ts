import { gql } from './graphql-client';
import type {
  FieldType,
  FieldValidation,
  MetadataChange,
  ObjectMeta,
  OnDelete,
  RelationKind,
  SelectOption,
} from './metadata-types';

/** The selection the studio reads for each field; `settings` holds the per-type settings. */
const FIELD_SELECTION = `id name label type description required unique indexed portalVisible defaultValue position
  settings { scale defaultCurrency maxRating
    options { value label color position }
    validation { minLength maxLength min max pattern }
    relation { target kind inverseName inverseLabel onDelete } }
  formula { expression resultType }
  rollup { relation function field filter resultType }`;

const OBJECT_SELECTION = `id nameSingular namePlural labelSingular labelPlural description icon labelField
  fields { ${FIELD_SELECTION} }`;

const CHANGE_SELECTION = 'applied plan summary warnings affectedRows metadataVersion';

/** Every object of the workspace with its fields, and the metadata version they belong to. */
export async function fetchObjects(): Promise<{ objects: ObjectMeta[]; version: number }> {
  const data = await gql<{ objects: ObjectMeta[]; metadataVersion: number }>(
    '/metadata',
    `query StudioObjects { metadataVersion objects { ${OBJECT_SELECTION} } }`,
  );
  return { objects: data.objects.map(normalizeObject), version: data.metadataVersion };
}

/** Only the version number: cheap to poll for changes made elsewhere. */
export async function fetchMetadataVersion(): Promise<number> {
  const data = await gql<{ metadataVersion: number }>('/metadata', 'query { metadataVersion }');
  return data.metadataVersion;
}

function normalizeObject(object: ObjectMeta): ObjectMeta {
  const fields = object.fields
    .map((f) => ({ ...f, settings: f.settings ?? {} }))
    .sort((a, b) => a.position - b.position);
  return { ...object, fields };
}

export interface ObjectInput {
  nameSingular?: string;
  namePlural?: string;
  labelSingular?: string;
  labelPlural?: string;
  description?: string | null;
  icon?: string | null;
  /** Create only: the fields it starts with (its primary field) and the one titling records. */
  fields?: FieldInput[];
  labelField?: string;
}

export interface FieldInput {
  name?: string;
  label?: string;
  type?: FieldType;
  description?: string | null;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  portalVisible?: boolean;
  defaultValue?: unknown;
  scale?: number | null;
  defaultCurrency?: string | null;
  maxRating?: number | null;
  validation?: FieldValidation | null;
  position?: number;
  /** The complete option list; `renameFrom` carries records over to a renamed value. */
  options?: (SelectOption & { renameFrom?: string | null })[];
  /** Create: every key; update: only inverseName, inverseLabel, onDelete. */
  relation?: {
    target?: string;
    kind?: Exclude<RelationKind, 'ONE_TO_MANY'>;
    inverseName?: string;
    inverseLabel?: string | null;
    onDelete?: OnDelete;
  };
}

/** One metadata mutation, described so it can run first as a dry run and then for real. */
export interface MetadataMutation {
  /** What the confirm dialog calls this change. */
  title: string;
  operation: string;
  args: string;
  variableTypes: string;
  variables: Record<string, unknown>;
  /** What the change answers when it is not a MetadataChange (indexes answer only applied + plan). */
  selection?: string;
}

/** Runs a metadata mutation, as a dry run (plan only) or applied. */
export async function runMetadataMutation(mutation: MetadataMutation, dryRun: boolean): Promise<MetadataChange> {
  const query = `mutation Studio(${mutation.variableTypes}, $dryRun: Boolean) {
    change: ${mutation.operation}(${mutation.args}, dryRun: $dryRun) { ${mutation.selection ?? CHANGE_SELECTION} } }`;
  const data = await gql<{ change: Partial<MetadataChange> & Pick<MetadataChange, 'applied' | 'plan'> }>(
    '/metadata',
    query,
    { ...mutation.variables, dryRun },
  );
  return { warnings: [], summary: [], affectedRows: null, ...data.change };
}

export const metadataMutations = {
  createObject: (input: ObjectInput): MetadataMutation => ({
    title: `Create object “${input.labelSingular ?? input.nameSingular}”`,
    operation: 'createObject',
    args: 'input: $input',
    variableTypes: '$input: CreateObjectInput!',
    variables: { input },
  }),
  updateObject: (name: string, input: ObjectInput): MetadataMutation => ({
    title: `Update object “${name}”`,
    operation: 'updateObject',
    args: 'name: $name, input: $input',
    variableTypes: '$name: String!, $input: UpdateObjectInput!',
    variables: { name, input },
  }),
  deleteObject: (name: string): MetadataMutation => ({
    title: `Delete object “${name}”`,
    operation: 'deleteObject',
    args: 'name: $name',
    variableTypes: '$name: String!',
    variables: { name },
  }),
  createField: (object: string, input: FieldInput): MetadataMutation => ({
    title: `Add field “${input.label ?? input.name}” to ${object}`,
    operation: 'createField',
    args: 'object: $object, input: $input',
    variableTypes: '$object: String!, $input: CreateFieldInput!',
    variables: { object, input },
  }),
  updateField: (object: string, name: string, input: FieldInput): MetadataMutation => ({
    title: `Update field “${name}” on ${object}`,
    operation: 'updateField',
    args: 'object: $object, name: $name, input: $input',
    variableTypes: '$object: String!, $name: String!, $input: UpdateFieldInput!',
    variables: { object, name, input },
  }),
  deleteField: (object: string, name: string): MetadataMutation => ({
    title: `Delete field “${name}” from ${object}`,
    operation: 'deleteField',
    args: 'object: $object, name: $name',
    variableTypes: '$object: String!, $name: String!',
    variables: { object, name },
  }),
};
