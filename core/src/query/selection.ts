import {
  type FieldNode,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import type { CompileContext } from './compile-context';

/** One response key of a selection set, with its merged nodes and coerced arguments. */
export interface SelectedField {
  /** Response key: the alias, or the field name. */
  key: string;
  name: string;
  nodes: readonly FieldNode[];
  def: GraphQLField<unknown, unknown>;
  args: Record<string, unknown>;
}

function included(ctx: CompileContext, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, ctx.variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, ctx.variables)?.if !== false;
}

function typeApplies(ctx: CompileContext, condition: string, type: GraphQLObjectType): boolean {
  if (condition === type.name) return true;
  const conditional = ctx.schema?.getType(condition);
  return conditional != null && isAbstractType(conditional) && ctx.schema?.isSubType(conditional, type) === true;
}

function collect(
  ctx: CompileContext,
  type: GraphQLObjectType,
  set: SelectionSetNode,
  into: Map<string, FieldNode[]>,
  visited: Set<string>,
): void {
  for (const selection of set.selections) {
    if (!included(ctx, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const nodes = into.get(key);
      if (nodes) nodes.push(selection);
      else into.set(key, [selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (selection.typeCondition && !typeApplies(ctx, selection.typeCondition.name.value, type)) continue;
      collect(ctx, type, selection.selectionSet, into, visited);
    } else {
      const name = selection.name.value;
      const fragment = ctx.fragments[name];
      if (!fragment || visited.has(name)) continue;
      visited.add(name);
      if (!typeApplies(ctx, fragment.typeCondition.name.value, type)) continue;
      collect(ctx, type, fragment.selectionSet, into, visited);
    }
  }
}

/**
 * Collects the fields selected on `type` by `nodes` (fragments, inline fragments, @skip and
 * @include applied; same response key merged), like graphql-js does at execution time.
 */
export function selectFields(
  ctx: CompileContext,
  type: GraphQLObjectType,
  nodes: readonly FieldNode[],
): SelectedField[] {
  const byKey = new Map<string, FieldNode[]>();
  const visited = new Set<string>();
  for (const node of nodes) if (node.selectionSet) collect(ctx, type, node.selectionSet, byKey, visited);
  const fields: SelectedField[] = [];
  const defs = type.getFields();
  for (const [key, fieldNodes] of byKey) {
    const first = fieldNodes[0];
    if (!first) continue;
    const name = first.name.value;
    // __typename is answered by graphql-js itself, never by the compiled SQL.
    if (name.startsWith('__')) continue;
    const def = defs[name];
    if (!def) continue;
    fields.push({ key, name, nodes: fieldNodes, def, args: getArgumentValues(def, first, ctx.variables) });
  }
  return fields;
}

/** The object type a field returns, through lists and non-null wrappers. */
export function fieldObjectType(field: SelectedField): GraphQLObjectType {
  const type = getNamedType(field.def.type);
  if (!isObjectType(type)) throw new Error(`${field.name} does not return an object type`);
  return type;
}
