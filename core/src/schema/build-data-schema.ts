import type { GraphQLSchema } from 'graphql';
import type { WorkspaceSnapshot } from '../metadata';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from '../query';
import { implementAggregateTypes } from './aggregate-types';
import { createDataBuilder } from './data-builder';
import { dropBuildConfig } from './drop-build-config';
import { implementFilterType, implementOrderByType } from './filter-type';
import { implementInputTypes } from './input-types';
import { addMutationFields } from './mutation-fields';
import { createObjectRefs, type ObjectRefs } from './object-refs';
import { addQueryFields, addSearchField } from './query-fields';
import { implementRecordTypes } from './record-type';
import type { RootFieldEnv } from './root-context';
import { addScalars } from './scalars';
import { addSharedTypes } from './shared-types';
import { addSubscriptionField } from './subscription-fields';

export interface DataSchemaOptions {
  /** Page size and cost limits the compiled queries enforce. */
  limits?: Partial<QueryLimits>;
}

/**
 * The GraphQL data schema of a workspace, a pure function of its metadata snapshot: per
 * object a record type, connection, filter, orderBy, aggregate, create/update inputs, the
 * root query fields, mutations and a change subscription (ARCHITECTURE.md, "GraphQL contract").
 */
export function buildDataSchema(snapshot: WorkspaceSnapshot, options: DataSchemaOptions = {}): GraphQLSchema {
  const builder = createDataBuilder();
  addScalars(builder);
  const shared = addSharedTypes(builder);
  const refs = new Map<string, ObjectRefs>(snapshot.objects.map((o) => [o.nameSingular, createObjectRefs(builder, o)]));
  const env: RootFieldEnv = { snapshot, limits: { ...DEFAULT_QUERY_LIMITS, ...options.limits }, refs };

  builder.queryType({});
  builder.mutationType({});
  builder.subscriptionType({});
  addSearchField(builder, env, shared);
  for (const own of refs.values()) {
    const change = implementRecordTypes(builder, snapshot, refs, shared, own);
    implementFilterType(snapshot, refs, shared, own);
    implementOrderByType(shared, own);
    addQueryFields(builder, env, own, implementAggregateTypes(builder, snapshot, shared, own));
    addMutationFields(builder, env, own, implementInputTypes(builder, shared, own));
    addSubscriptionField(builder, env, own, change);
  }
  return dropBuildConfig(builder.toSchema({ sortSchema: false }));
}
