import {
  buildDataSchema,
  createRoleService,
  type DataRequestContext,
  dataValidationRules,
  isRelataError,
  loadRolePermissions,
  loadSnapshot,
  type RolePermissions,
  type RoleService,
} from '@relata/core';
import { type ExecutionResult, execute, type GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
import { createGraphqlKit, type GraphqlKit } from '../graphql/graphql-kit';

type Values = Record<string, unknown>;

export const USER = '0190a000-0000-7000-8000-0000000000a1';
export const OTHER = '0190a000-0000-7000-8000-0000000000b2';

/** A caller of one role: its own schema (built from its rights), context and runner. */
export interface RoleClient {
  schema: GraphQLSchema;
  permissions: RolePermissions;
  context(): DataRequestContext;
  run(query: string, variables?: Values): Promise<ExecutionResult>;
  /** Runs against another schema (e.g. the admin's) with this role's rights: a crafted request. */
  runOn(schema: GraphQLSchema, query: string, variables?: Values): Promise<ExecutionResult>;
}

export interface SecurityKit extends GraphqlKit {
  roles: RoleService;
  workspaceId: string;
  as(role: string, actorId?: string | null): Promise<RoleClient>;
}

/** The GraphQL fixture workspace plus role services: every request is built for one role. */
export async function createSecurityKit(slug: string): Promise<SecurityKit> {
  const kit = await createGraphqlKit(slug);
  const db = kit.test.opened.db;
  const workspaceId = kit.snapshot.workspaceId;
  const roles = createRoleService({ db });

  async function as(role: string, actorId: string | null = USER): Promise<RoleClient> {
    const snapshot = await loadSnapshot(db, workspaceId);
    const permissions = await loadRolePermissions(db, snapshot, role);
    const schema = buildDataSchema(snapshot, { permissions });
    const context = (): DataRequestContext => ({
      ...kit.context(),
      snapshot,
      actor: { kind: 'user', id: actorId, role },
      permissions,
    });
    const runOn = async (target: GraphQLSchema, query: string, variables: Values = {}) => {
      const document = parse(query);
      const errors = validate(target, document, [...specifiedRules, ...dataValidationRules({}, variables)]);
      if (errors.length > 0) return { errors };
      return execute({ schema: target, document, variableValues: variables, contextValue: context() });
    };
    return { schema, permissions, context, run: (q, v) => runOn(schema, q, v), runOn };
  }

  return { ...kit, roles, workspaceId, as };
}

/** The `code` of the first error (a RelataError's), or `VALIDATION` for a document refused by validation. */
export function errorCode(result: ExecutionResult): string | undefined {
  const error = result.errors?.[0];
  if (!error) return undefined;
  const original = error.originalError;
  if (isRelataError(original)) return original.code;
  return error.path ? 'INTERNAL' : 'VALIDATION';
}
