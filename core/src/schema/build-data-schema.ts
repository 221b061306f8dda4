import type { GraphQLSchema } from 'graphql';
import type { WorkspaceSnapshot } from '../metadata';
import { type RolePermissions, UNRESTRICTED } from '../permissions';
import { isPortalRole } from '../portal';
import { canReadObject, DEFAULT_QUERY_LIMITS, objectPermission, type QueryLimits } from '../query';
import { addActivityFields } from './activity-fields';
import { addActivitySubscription } from './activity-subscription';
import { implementAggregateTypes } from './aggregate-types';
import { registerOperationEnv } from './compile-operation';
import { addDashboardFields } from './dashboard-fields';
import { createDataBuilder } from './data-builder';
import { addDataModelFields } from './data-model-fields';
import { dropBuildConfig } from './drop-build-config';
import { implementFilterType, implementOrderByType } from './filter-type';
import { registerFieldNamingTypes } from './hidden-field-rule';
import { addHistoryTypes } from './history-types';
import { implementInputTypes } from './input-types';
import { addMemberFields } from './member-fields';
import { addMessageFields } from './message-fields';
import { addMutationFields } from './mutation-fields';
import { addNotificationFields } from './notification-fields';
import { createObjectRefs, type ObjectRefs } from './object-refs';
import { addQueryFields, addSearchField } from './query-fields';
import { implementRecordTypes } from './record-type';
import type { RootFieldEnv } from './root-context';
import { addScalars } from './scalars';
import { addSegmentFields } from './segment-fields';
import { addSharedTypes } from './shared-types';
import { addSubscriptionField } from './subscription-fields';
import { typeNames } from './type-names';
import { addViewFields } from './view-fields';
import { addWorkflowRunLogFields } from './workflow-run-log-fields';
import { addWorkflowTriggerFields } from './workflow-trigger-fields';
import { addWorkspaceSettingsField } from './workspace-settings-field';

export interface DataSchemaOptions {
  /** Page size and cost limits the compiled queries enforce. */
  limits?: Partial<QueryLimits>;
  /**
   * Build the schema of this role: objects and fields it cannot read are absent (types,
   * filters, orderBy, groupBy, aggregates, inputs, introspection), mutations follow its
   * create/update/delete rights, and its record scope is compiled into every query.
   * @default the admin's full schema
   */
  permissions?: RolePermissions;
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
  const permissions = options.permissions ?? UNRESTRICTED;
  const readable = snapshot.objects.filter((o) => canReadObject(permissions, o));
  const refs = new Map<string, ObjectRefs>(
    readable.map((o) => [o.nameSingular, createObjectRefs(builder, o, permissions)]),
  );
  const env: RootFieldEnv = {
    snapshot,
    limits: { ...DEFAULT_QUERY_LIMITS, ...options.limits },
    refs,
    permissions: options.permissions ?? null,
  };
  const writes = (o: (typeof readable)[number]) => {
    const p = objectPermission(permissions, o);
    return { create: p?.create ?? false, update: p?.update ?? false, delete: p?.delete ?? false };
  };

  // Any member who reads one object may save personal views and read history. Portal users
  // (external) get neither: views are a workspace tool, history names members and their edits.
  const member = refs.size > 0 && !isPortalRole(permissions.role);
  const writesAny = readable.some((o) => Object.values(writes(o)).some(Boolean));

  builder.queryType({});
  // GraphQL refuses root types without fields: a role that can change nothing has no Mutation type.
  if (member || writesAny) builder.mutationType({});
  if (refs.size > 0) builder.subscriptionType({});
  addSearchField(builder, env, shared);
  const history = member ? addHistoryTypes(builder, shared) : null;
  for (const own of refs.values()) {
    const change = implementRecordTypes(builder, snapshot, refs, shared, own, permissions, history);
    implementFilterType(snapshot, refs, shared, own, permissions);
    implementOrderByType(shared, own, permissions);
    addQueryFields(builder, env, own, implementAggregateTypes(builder, snapshot, shared, own, permissions));
    const rights = writes(own.object);
    if (rights.create || rights.update) {
      addMutationFields(builder, env, own, implementInputTypes(builder, shared, own, refs), rights);
    } else if (rights.delete) {
      addMutationFields(builder, env, own, null, rights);
    }
    addSubscriptionField(builder, env, own, change);
  }
  if (member) {
    addViewFields(builder, env);
    addActivityFields(builder, env);
    addActivitySubscription(builder, env);
    addMessageFields(builder, env);
    addMemberFields(builder);
    addWorkspaceSettingsField(builder);
    addNotificationFields(builder);
    addWorkflowRunLogFields(builder, env);
    addWorkflowTriggerFields(builder, env);
    addSegmentFields(builder, env);
    addDataModelFields(builder, env);
    addDashboardFields(builder, env);
  }
  const schema = dropBuildConfig(builder.toSchema({ sortSchema: false }));
  registerOperationEnv(schema, env);
  if (!permissions.unrestricted) {
    const names = [...refs.values()].map((own) => typeNames(own.object));
    registerFieldNamingTypes(
      schema,
      names.flatMap((n) => [n.filter, n.orderBy, n.groupBy]),
    );
  }
  return schema;
}
