import { type FieldMetadata, indexSnapshot, type WorkspaceSnapshot } from '../metadata';
import type { RolePermissions } from '../permissions';
import { canReadEdge, canReadField, HISTORY_FIELD, historyKeys } from '../query';
import type { DataBuilder, OutType, ResultRow, RowFieldBuilder } from './data-builder';
import { type HistoryConnectionRef, historyField } from './history-types';
import type { ObjectRefs } from './object-refs';
import { readAlias } from './read-alias';
import { apiValueType, SCALAR_OF } from './scalar-types';
import type { CompositeName, SharedTypes } from './shared-types';
import { typeNames } from './type-names';

type Refs = Map<string, ObjectRefs>;

const SCALAR_OUTPUT: Partial<Record<FieldMetadata['type'], OutType>> = SCALAR_OF;

export const COMPOSITE_OF: Partial<Record<FieldMetadata['type'], CompositeName>> = {
  CURRENCY: 'Currency',
  ADDRESS: 'Address',
  FULL_NAME: 'FullName',
};

/** The output type of a non-relation field (its select enum when it has options). */
export function fieldOutputType(refs: ObjectRefs, shared: SharedTypes, field: FieldMetadata): OutType {
  const composite = COMPOSITE_OF[field.type];
  if (composite) return shared.composites[composite].output;
  return refs.enums.get(field.name)?.type ?? SCALAR_OUTPUT[apiValueType(field)] ?? 'String';
}

/** `(filter, orderBy, first, after, last, before)` of a connection over `target`. */
export function connectionArgs(arg: RowFieldBuilder['arg'], target: ObjectRefs) {
  return {
    filter: arg({ type: target.filter }),
    orderBy: arg({ type: [target.orderBy], required: { list: false, items: true } }),
    first: arg.int(),
    after: arg.string(),
    last: arg.int(),
    before: arg.string(),
  };
}

function connectionField(t: RowFieldBuilder, target: ObjectRefs, description: string | undefined) {
  return t.field({ type: target.connection, description, args: connectionArgs(t.arg, target), resolve: readAlias });
}

/**
 * Implements the record type, its connection and edge, and the subscription's change type.
 * `history` is the history connection type; null leaves the `history` field out.
 */
export function implementRecordTypes(
  builder: DataBuilder,
  snapshot: WorkspaceSnapshot,
  refs: Refs,
  shared: SharedTypes,
  own: ObjectRefs,
  permissions: RolePermissions,
  history: HistoryConnectionRef | null = null,
) {
  const { object } = own;
  const names = typeNames(object);
  const relations = indexSnapshot(snapshot).relations(object.nameSingular);
  const targetOf = (name: string) => refs.get(name) as ObjectRefs;

  own.record.implement({
    description: object.description ?? undefined,
    fields: (t) => {
      const fields: Record<string, ReturnType<RowFieldBuilder['field']>> = {
        id: t.field({ type: 'ID', resolve: readAlias }),
        createdAt: t.field({ type: 'DateTime', resolve: readAlias }),
        updatedAt: t.field({ type: 'DateTime', resolve: readAlias }),
        createdBy: t.field({ type: 'ID', nullable: true, resolve: readAlias }),
        updatedBy: t.field({ type: 'ID', nullable: true, resolve: readAlias }),
        ownerId: t.field({ type: 'ID', nullable: true, resolve: readAlias }),
        deletedAt: t.field({ type: 'DateTime', nullable: true, resolve: readAlias }),
        version: t.field({ type: 'Int', resolve: readAlias }),
      };
      // Standard fields are hidden by name (portal users read only `id` of them).
      for (const name of Object.keys(fields)) if (!canReadField(permissions, object, name)) delete fields[name];
      for (const field of own.fields) {
        const description = field.description ?? undefined;
        if (field.type !== 'RELATION') {
          const type = fieldOutputType(own, shared, field);
          fields[field.name] =
            field.type === 'MULTI_SELECT'
              ? t.field({ type: [type], nullable: { list: true, items: false }, description, resolve: readAlias })
              : t.field({ type, nullable: true, description, resolve: readAlias });
        }
      }
      for (const edge of relations) {
        const navigable = canReadEdge(permissions, edge);
        const description =
          (edge.owning ? edge.field.description : edge.field.settings.relation?.inverseLabel) ?? undefined;
        if (edge.kind === 'MANY_TO_ONE') {
          // `<relation>Id` is the field's own value: readable with the field, even when the target is not.
          if (!own.fields.includes(edge.field)) continue;
          const target = navigable ? targetOf(edge.to.nameSingular) : null;
          if (target)
            fields[edge.name] = t.field({ type: target.record, nullable: true, description, resolve: readAlias });
          fields[`${edge.name}Id`] = t.field({ type: 'ID', nullable: true, resolve: readAlias });
        } else if (navigable) {
          fields[edge.name] = connectionField(t, targetOf(edge.to.nameSingular), description);
        }
      }
      if (history) fields[HISTORY_FIELD] = historyField(t, history);
      return fields;
    },
  });

  const edge = builder.objectRef<ResultRow>(names.edge).implement({
    fields: (t) => ({
      cursor: t.field({ type: 'String', resolve: readAlias }),
      node: t.field({ type: own.record, resolve: readAlias }),
    }),
  });

  own.connection.implement({
    fields: (t) => ({
      edges: t.field({ type: [edge], resolve: readAlias }),
      nodes: t.field({ type: [own.record], resolve: readAlias }),
      pageInfo: t.field({ type: shared.pageInfo, resolve: readAlias }),
      totalCount: t.field({ type: 'Int', resolve: readAlias }),
    }),
  });

  // A change names only the fields the role reads (a hidden field's name is not revealed).
  const readableKeys = new Set(historyKeys(snapshot, permissions, object));
  const changedFields = (payload: ChangePayload) =>
    permissions.unrestricted
      ? payload.event.changedFields
      : payload.event.changedFields.filter((k) => readableKeys.has(k));
  return builder.objectRef<ChangePayload>(names.change).implement({
    fields: (t) => ({
      kind: t.field({ type: shared.changeKind, resolve: (p) => p.event.kind }),
      id: t.field({ type: 'ID', resolve: (p) => p.event.id }),
      eventId: t.field({
        type: 'String',
        description: 'Durable position of this change: pass it as `after` (or Last-Event-ID) to resume from here.',
        resolve: (p) => p.event.cursor,
      }),
      changedFields: t.field({ type: ['String'], resolve: changedFields }),
      record: t.field({
        type: own.record,
        nullable: true,
        resolve: (p, _a, _c, info) => (p.records?.[info.path.key] as ResultRow | undefined) ?? null,
      }),
    }),
  });
}

/** What a subscription yields: the event, and the compiled `record` selections by response key. */
export interface ChangePayload {
  event: {
    kind: 'CREATED' | 'UPDATED' | 'DELETED' | 'RESTORED' | 'DESTROYED';
    id: string;
    changedFields: string[];
    /** The change's cursor in the durable record-event log. */
    cursor: string;
  };
  records: ResultRow | null;
}
