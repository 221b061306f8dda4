import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { ObjectMetadata } from '../metadata';
import {
  type CompiledQuery,
  compileAggregateQuery,
  compileConnectionQuery,
  compileRecordsQuery,
  HISTORY_FIELD,
  type RootInput,
} from '../query';
import type { DataRequestContext } from './request-context';
import { type RootFieldEnv, requestAccess } from './root-context';
import { rootFieldNames, typeNames } from './type-names';

type RootKind = 'list' | 'get' | 'aggregate';

interface OperationEnv {
  env: RootFieldEnv;
  roots: Map<string, { object: ObjectMetadata; kind: RootKind }>;
  recordTypes: Set<string>;
}

const envs = new WeakMap<GraphQLSchema, OperationEnv>();

/** Lets `compileOperation` find the snapshot, limits and root fields a data schema was built with. */
export function registerOperationEnv(schema: GraphQLSchema, env: RootFieldEnv): void {
  const roots = new Map<string, { object: ObjectMetadata; kind: RootKind }>();
  const recordTypes = new Set<string>();
  for (const { object } of env.refs.values()) {
    const names = rootFieldNames(object);
    for (const kind of ['list', 'get', 'aggregate'] as const) roots.set(names[kind], { object, kind });
    recordTypes.add(typeNames(object).type);
  }
  envs.set(schema, { env, roots, recordTypes });
}

/** One root field of a compiled operation: its statement returns rows of one column `json` (JSON text). */
export interface CompiledRootField {
  key: string;
  query: CompiledQuery;
  /** The field's value is the array of every row's `json`; otherwise the first row's (`null` without one). */
  list: boolean;
}

function pickOperation(document: DocumentNode, operationName: string | null | undefined) {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/**
 * Whether every value the document selects comes out of the compiled SQL already in its
 * serialized form: no introspection or `__typename` (answered by graphql-js), no history
 * (its own resolvers) and `DateTime` only on record fields (formatted by the compiler).
 */
function compilesToFinalJson(schema: GraphQLSchema, document: DocumentNode, recordTypes: Set<string>): boolean {
  const typeInfo = new TypeInfo(schema);
  let final = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const def = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        const dateTime = def != null && getNamedType(def.type).name === 'DateTime';
        if (
          node.name.value.startsWith('__') ||
          node.name.value === HISTORY_FIELD ||
          !def ||
          (dateTime && !recordTypes.has(parent?.name ?? ''))
        ) {
          final = false;
        }
      },
    }),
  );
  return final;
}

function compileRoot(
  entry: { object: ObjectMetadata; kind: RootKind },
  input: RootInput,
  node: FieldNode,
): Omit<CompiledRootField, 'key'> {
  const { object, kind } = entry;
  if (kind === 'list') {
    const q = compileConnectionQuery(input, object);
    return { query: { text: `select q."data"::text as "json" from (${q.text}) q`, params: q.params }, list: false };
  }
  if (kind === 'get') {
    const def = input.info.parentType.getFields()[node.name.value];
    const args = def ? getArgumentValues(def, node, input.info.variableValues) : {};
    const q = compileRecordsQuery(input, object, [String(args.id)]);
    return {
      query: { text: `select (q."data"->0)::text as "json" from (${q.text}) q`, params: q.params },
      list: false,
    };
  }
  const q = compileAggregateQuery(input, object);
  return {
    query: { text: `select q."row"::text as "json" from (${q.text}) q`, params: q.params, maxRows: q.maxRows },
    list: true,
  };
}

/**
 * A validated read-only operation as one statement per root field whose JSON text is exactly
 * the field's value in the normal GraphQL response (same compiler, rights and limits), or null
 * when some part of it needs graphql-js (see `compilesToFinalJson`; `search`, fragments or
 * directives at the root, duplicate root keys). Throws what the compiler throws (limits, rights).
 */
export function compileOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  ctx: DataRequestContext,
): CompiledRootField[] | null {
  const found = envs.get(schema);
  const operation = pickOperation(document, operationName);
  const queryType: GraphQLObjectType | null | undefined = schema.getQueryType();
  if (!found || !operation || operation.operation !== 'query' || !queryType) return null;
  if (!compilesToFinalJson(schema, document, found.recordTypes)) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;

  const fields: CompiledRootField[] = [];
  const keys = new Set<string>();
  for (const node of operation.selectionSet.selections) {
    if (node.kind !== Kind.FIELD || node.directives?.length) return null;
    const key = node.alias?.value ?? node.name.value;
    const entry = found.roots.get(node.name.value);
    if (!entry || keys.has(key)) return null;
    keys.add(key);
    const info = {
      schema,
      fragments,
      variableValues: coerced.variableValues,
      parentType: queryType,
      fieldName: node.name.value,
      fieldNodes: [node],
      path: { key },
    };
    const input: RootInput = {
      snapshot: found.env.snapshot,
      info,
      limits: found.env.limits,
      access: requestAccess(found.env, ctx),
    };
    fields.push({ key, ...compileRoot(entry, input, node) });
  }
  return fields;
}
