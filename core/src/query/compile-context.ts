import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  getArgumentValues,
  type VariableValues,
} from 'graphql';
import { ParamList, qualify } from '../db';
import { limitExceeded } from '../errors';
import { indexSnapshot, type ObjectMetadata, type WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';

/** Request limits the compiler enforces with the real argument values. */
export interface QueryLimits {
  /** Rows returned when a connection gives neither `first` nor `last`. @default 50 */
  defaultPageSize: number;
  /** Largest `first`/`last`. @default 500 */
  maxPageSize: number;
  /** Largest estimated number of rows one operation may produce. @default 50000 */
  maxCost: number;
  /** Most groups one grouped aggregate may return; each costs as many rows. @default 1000 */
  maxGroups: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  defaultPageSize: 50,
  maxPageSize: 500,
  maxCost: 50_000,
  maxGroups: 1_000,
};

/** Whose rights a compilation applies: the role's compiled permissions and the acting user's id. */
export interface CompileAccess {
  permissions: RolePermissions;
  /** User or API key id; `owner_id` scopes and `{ "$user": "id" }` compare with it. */
  actorId: string | null;
}

/** State of one compilation: bound parameters, fresh table aliases and the running cost estimate. */
export class CompileContext {
  readonly params = new ParamList();
  private aliasCount = 0;
  private cost = 0;
  private trustDepth = 0;

  constructor(
    readonly snapshot: WorkspaceSnapshot,
    /** Null when compiling without a GraphQL operation (record conditions, write scope checks). */
    readonly schema: GraphQLSchema | null,
    readonly fragments: Record<string, FragmentDefinitionNode>,
    readonly variables: VariableValues,
    readonly limits: QueryLimits,
    readonly access: CompileAccess,
  ) {}

  /**
   * True while compiling a role's own record condition: it is admin-written, so it may use
   * fields the role cannot read, and its relation subqueries carry no further scope.
   */
  get trusted(): boolean {
    return this.access.permissions.unrestricted || this.trustDepth > 0;
  }

  /** Runs `work` in trusted mode (see `trusted`). */
  asTrusted<T>(work: () => T): T {
    this.trustDepth++;
    try {
      return work();
    } finally {
      this.trustDepth--;
    }
  }

  /** A table alias unique within the statement (`t0`, `t1`...), so correlated subqueries never shadow. */
  alias(): string {
    return `t${this.aliasCount++}`;
  }

  table(object: ObjectMetadata): string {
    return qualify(this.snapshot.schemaName, object.tableName);
  }

  junction(table: string): string {
    return qualify(this.snapshot.schemaName, table);
  }

  object(nameSingular: string): ObjectMetadata {
    const object = indexSnapshot(this.snapshot).object(nameSingular);
    if (!object) throw new Error(`object ${nameSingular} is not in the snapshot`);
    return object;
  }

  /** Coerced arguments of a field node (variables substituted, defaults applied). */
  argumentValues(def: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> {
    return getArgumentValues(def, node, this.variables);
  }

  /** Adds `rows` (already multiplied by every enclosing page size) to the estimate. */
  addCost(rows: number): void {
    this.cost += rows;
    if (this.cost > this.limits.maxCost) {
      throw limitExceeded('The query would read too many rows; request smaller pages or fewer nested lists.');
    }
  }
}
