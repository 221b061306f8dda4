import {
  type ASTVisitor,
  type FieldNode,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLNamedType,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { ErrorCode } from '../errors';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from '../query';
import { hiddenFieldRule } from './hidden-field-rule';
import { named } from './rule-names';
import { NoSuggestionsRule } from './suggestions';

/** Limits checked on every request before it runs. */
export interface DataLimits extends QueryLimits {
  /** Deepest field nesting (introspection fields do not count). @default 10 */
  maxDepth: number;
  /** Aliased fields in one document. @default 30 */
  maxAliases: number;
  /** Deepest nesting of lists and input objects in an argument or a variable (e.g. `and`/`not` filters). @default 32 */
  maxInputDepth: number;
}

export const DEFAULT_DATA_LIMITS: DataLimits = {
  ...DEFAULT_QUERY_LIMITS,
  maxDepth: 10,
  maxAliases: 30,
  maxInputDepth: 32,
};

// Messages name the limit but not its value, so clients cannot tune a request to the edge.
const tooMuch = (message: string) => new GraphQLError(message, { extensions: { code: ErrorCode.LIMIT_EXCEEDED } });

interface Walk {
  context: ValidationContext;
  variables: Record<string, unknown>;
  limits: DataLimits;
}

/**
 * Rows a field multiplies its children by: its `first`/`last`, else the default page size; a
 * grouped aggregate (any `groupBy` given) as many as the groups it may return.
 */
function pageFactor(walk: Walk, node: FieldNode, hasPageArgs: boolean): number {
  const groupBy = node.arguments?.find((arg) => arg.name.value === 'groupBy');
  if (groupBy && grouped(walk, groupBy.value)) return walk.limits.maxGroups;
  if (!hasPageArgs) return 1;
  for (const arg of node.arguments ?? []) {
    if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
    const value = literal(walk, arg.value);
    if (typeof value === 'number') return Math.max(value, 1);
  }
  return walk.limits.defaultPageSize;
}

function grouped(walk: Walk, value: ValueNode): boolean {
  if (value.kind === Kind.NULL) return false;
  if (value.kind === Kind.LIST) return value.values.length > 0;
  if (value.kind === Kind.VARIABLE) {
    const given = walk.variables[value.name.value];
    return given !== null && given !== undefined && !(Array.isArray(given) && given.length === 0);
  }
  return true;
}

function literal(walk: Walk, value: ValueNode): unknown {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) return walk.variables[value.name.value];
  return undefined;
}

/** Depth, aliases and cost of a selection set, following fragments (each at most once per path). */
function measure(
  walk: Walk,
  type: GraphQLNamedType | undefined,
  set: SelectionSetNode,
  rows: number,
  path: Set<string>,
): { depth: number; aliases: number; cost: number } {
  let depth = 0;
  let aliases = 0;
  let cost = 0;
  const add = (m: { depth: number; aliases: number; cost: number }, extraDepth: number) => {
    depth = Math.max(depth, m.depth + extraDepth);
    aliases += m.aliases;
    cost += m.cost;
  };
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      // Introspection is exempt from depth and cost, not from aliases (a thousand `__schema`s cost CPU).
      aliases += selection.alias ? 1 : 0;
      if (selection.name.value.startsWith('__')) continue;
      const fields = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : undefined;
      const def = fields?.[selection.name.value];
      const hasPageArgs = def?.args.some((a) => a.name === 'first') ?? false;
      const factor = pageFactor(walk, selection, hasPageArgs);
      cost += rows * factor;
      const child = selection.selectionSet
        ? measure(walk, def ? getNamedType(def.type) : undefined, selection.selectionSet, rows * factor, path)
        : { depth: 0, aliases: 0, cost: 0 };
      add(child, 1);
      depth = Math.max(depth, 1);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition
        ? walk.context.getSchema().getType(selection.typeCondition.name.value)
        : type;
      add(measure(walk, condition, selection.selectionSet, rows, path), 0);
    } else {
      const name = selection.name.value;
      const fragment = walk.context.getFragment(name);
      if (!fragment || path.has(name)) continue;
      const condition = walk.context.getSchema().getType(fragment.typeCondition.name.value);
      add(measure(walk, condition, fragment.selectionSet, rows, new Set([...path, name])), 0);
    }
  }
  return { depth, aliases, cost };
}

/**
 * Nesting of lists and objects, explored no further than one level past `limit`: a hostile value
 * (thousands of nested `not`) can neither overflow the stack here nor reach graphql-js' recursive
 * coercion, which would.
 */
function nesting<T>(value: T, childrenOf: (value: T) => T[] | null, limit: number): number {
  const children = childrenOf(value);
  if (!children) return 0;
  if (limit < 0) return 1;
  let deepest = 0;
  for (const child of children) {
    deepest = Math.max(deepest, nesting(child, childrenOf, limit - 1));
    if (deepest > limit) break;
  }
  return deepest + 1;
}

const jsonChildren = (value: unknown): unknown[] | null =>
  typeof value === 'object' && value !== null ? Object.values(value) : null;

const literalChildren = (node: ValueNode): ValueNode[] | null =>
  node.kind === Kind.OBJECT ? node.fields.map((f) => f.value) : node.kind === Kind.LIST ? [...node.values] : null;

const tooDeepInput = () => tooMuch('An argument or variable nests too deeply; simplify the filter or input.');

/** The one rule of a request whose variables nest too deeply: nothing else looks at them. */
const variablesTooDeepRule = named(
  (context): ASTVisitor => ({
    Document() {
      context.reportError(tooDeepInput());
    },
  }),
  'VariablesTooDeep',
);

/** Refuses argument literals nested deeper than `maxInputDepth` (variables: see `dataValidationRules`). */
function literalDepthRule(limits: DataLimits): ValidationRule {
  const rule: ValidationRule = (context): ASTVisitor => ({
    Argument(node) {
      if (nesting(node.value, literalChildren, limits.maxInputDepth) > limits.maxInputDepth) {
        context.reportError(tooDeepInput());
      }
      return false;
    },
  });
  return named(rule, `LiteralDepth(${limits.maxInputDepth})`);
}

/**
 * Validation rules bounding a data request: depth, aliases and estimated cost (each list
 * field multiplies its children by its `first`/`last`, or the default page size), nesting of
 * arguments and variables, plus
 * `NoSuggestionsRule` (no "did you mean" hints in any validation error). Pass the
 * request's `variables` so `first: $n` is costed with its real value; the query compiler
 * checks page sizes and cost again with the executed values either way.
 */
export function dataValidationRules(
  limits: Partial<DataLimits> = {},
  variables: Record<string, unknown> = {},
): ValidationRule[] {
  const all: DataLimits = { ...DEFAULT_DATA_LIMITS, ...limits };
  // The variables map itself is one level. Measured first, by a walk that stops one level past
  // the limit: every other walk of the variables (the rules below, yoga's cache key, graphql-js'
  // coercion) recurses, and must never see a value deeper than that.
  if (nesting<unknown>(variables, jsonChildren, all.maxInputDepth + 1) > all.maxInputDepth + 1) {
    return [NoSuggestionsRule, variablesTooDeepRule];
  }
  // What `measure` reads of the variables: numbers (`first: $n`), by name.
  const numbers = Object.entries(variables).filter(([, value]) => typeof value === 'number');
  // ...and which are empty (an empty `groupBy: $g` does not group).
  const empty = Object.keys(variables).filter((name) => {
    const value = variables[name];
    return value === null || (Array.isArray(value) && value.length === 0);
  });
  const rule: ValidationRule = (context): ASTVisitor => ({
    OperationDefinition(node) {
      const schema = context.getSchema();
      const root: GraphQLCompositeType | null | undefined =
        node.operation === 'query'
          ? schema.getQueryType()
          : node.operation === 'mutation'
            ? schema.getMutationType()
            : schema.getSubscriptionType();
      const walk: Walk = { context, variables, limits: all };
      const measured = measure(walk, root && isCompositeType(root) ? root : undefined, node.selectionSet, 1, new Set());
      if (measured.depth > all.maxDepth)
        context.reportError(tooMuch('The query nests fields too deeply; split it into several queries.'));
      if (measured.aliases > all.maxAliases)
        context.reportError(tooMuch('The query uses too many aliases; split it into several queries.'));
      if (measured.cost > all.maxCost) {
        context.reportError(
          tooMuch('The query would read too many rows; request smaller pages or fewer nested lists.'),
        );
      }
      return false;
    },
  });
  const facts = JSON.stringify({ limits: all, numbers, empty });
  return [NoSuggestionsRule, literalDepthRule(all), named(rule, `DataLimits(${facts})`), hiddenFieldRule(variables)];
}
