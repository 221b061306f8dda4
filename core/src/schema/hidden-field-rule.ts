import { createHash } from 'node:crypto';
import {
  type ASTVisitor,
  GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  typeFromAST,
  type ValidationRule,
} from 'graphql';
import { ErrorCode } from '../errors';
import { named } from './rule-names';

/**
 * Per schema built for a restricted role: the names of its filter, orderBy and groupBy input
 * types, whose keys name fields. A schema of the admin role is absent.
 */
const fieldNamingTypes = new WeakMap<GraphQLSchema, ReadonlySet<string>>();

/** Marks `schema` as a restricted role's, whose `typeNames` filter/orderBy/groupBy types name fields. */
export function registerFieldNamingTypes(schema: GraphQLSchema, typeNames: Iterable<string>): void {
  fieldNamingTypes.set(schema, new Set(typeNames));
}

const refused = (name: string) =>
  new GraphQLError(`"${name}" is not a field your role may filter, sort or group by here.`, {
    extensions: { code: ErrorCode.FORBIDDEN },
  });

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys of `value` (a variable's value of `type`) that name no field of a field-naming type. */
function refusedKeys(type: GraphQLInputType, value: unknown, naming: ReadonlySet<string>, found: string[]): void {
  if (isNonNullType(type)) {
    refusedKeys(type.ofType, value, naming, found);
    return;
  }
  if (isListType(type)) {
    if (Array.isArray(value)) for (const item of value) refusedKeys(type.ofType, item, naming, found);
    return;
  }
  if (!isInputObjectType(type) || !isRecord(value)) return;
  const fields = type.getFields();
  for (const [key, inner] of Object.entries(value)) {
    const field = fields[key];
    if (field) refusedKeys(field.type, inner, naming, found);
    else if (naming.has(type.name)) found.push(key);
  }
}

/**
 * Issue 3: filtering, sorting or grouping on a field the role cannot read is refused with
 * FORBIDDEN, never answered. A restricted role's schema has no hidden field at all, so the
 * name is unknown to it: every name its filter, orderBy and groupBy types lack is refused
 * alike, hidden or misspelt, so the answer tells nothing about which fields exist. Literals
 * and variables are both checked; the admin's schema keeps graphql-js' own BAD_USER_INPUT.
 */
export function hiddenFieldRule(variables: Record<string, unknown>): ValidationRule {
  const rule: ValidationRule = (context): ASTVisitor => {
    const naming = fieldNamingTypes.get(context.getSchema());
    if (!naming) return {};
    return {
      ObjectField(node) {
        const parent = context.getParentInputType();
        const type = parent ? getNamedType(parent) : null;
        if (isInputObjectType(type) && naming.has(type.name) && !type.getFields()[node.name.value]) {
          context.reportError(refused(node.name.value));
        }
      },
      VariableDefinition(node) {
        const type = typeFromAST(context.getSchema(), node.type);
        if (!type) return;
        const found: string[] = [];
        refusedKeys(type as GraphQLInputType, variables[node.variable.name.value], naming, found);
        for (const key of found) context.reportError(refused(key));
      },
    };
  };
  // yoga caches validation by rule names: the verdict depends on the variables' keys.
  const digest = createHash('sha1').update(JSON.stringify(variables)).digest('base64url');
  return named(rule, `HiddenFields(${digest})`);
}
