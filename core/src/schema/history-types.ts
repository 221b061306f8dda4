import type { DataBuilder, ResultRow, RowFieldBuilder } from './data-builder';
import { readAlias } from './read-alias';
import type { SharedTypes } from './shared-types';

/**
 * Types of the record history: `RecordHistoryConnection` of `HistoryEntry` (one audit row:
 * who, when, through what, and the before/after of each changed field the reader may see).
 */
export function addHistoryTypes(builder: DataBuilder, shared: SharedTypes) {
  const action = builder.enumType('HistoryAction', {
    values: ['CREATED', 'UPDATED', 'DELETED', 'RESTORED', 'DESTROYED'] as const,
  });
  const fieldChange = builder.objectRef<ResultRow>('FieldChange').implement({
    description: 'One changed field: its API key and its values before and after the change.',
    fields: (t) => ({
      field: t.field({ type: 'String', resolve: readAlias }),
      before: t.field({ type: 'JSON', nullable: true, resolve: readAlias }),
      after: t.field({ type: 'JSON', nullable: true, resolve: readAlias }),
    }),
  });
  const entry = builder.objectRef<ResultRow>('HistoryEntry').implement({
    fields: (t) => ({
      id: t.field({ type: 'ID', resolve: readAlias }),
      at: t.field({ type: 'DateTime', resolve: readAlias }),
      action: t.field({ type: action, resolve: readAlias }),
      actorId: t.field({
        type: 'ID',
        nullable: true,
        description: 'User or API key id; null for the system.',
        resolve: readAlias,
      }),
      actorKind: t.field({ type: 'String', description: 'user, apiKey or system', resolve: readAlias }),
      via: t.field({
        type: 'String',
        description: 'api, studio, import, workflow, plugin, system or recycle-bin',
        resolve: readAlias,
      }),
      changes: t.field({
        type: [fieldChange],
        description: 'Changed fields the reader may read (a create lists the fields it set).',
        resolve: readAlias,
      }),
    }),
  });
  const edge = builder.objectRef<ResultRow>('HistoryEdge').implement({
    fields: (t) => ({
      cursor: t.field({ type: 'String', resolve: readAlias }),
      node: t.field({ type: entry, resolve: readAlias }),
    }),
  });
  return builder.objectRef<ResultRow>('RecordHistoryConnection').implement({
    fields: (t) => ({
      edges: t.field({ type: [edge], resolve: readAlias }),
      nodes: t.field({ type: [entry], resolve: readAlias }),
      pageInfo: t.field({ type: shared.pageInfo, resolve: readAlias }),
    }),
  });
}

/** `history(first: Int = 20, after: String)` of a record type, newest entry first. */
export function historyField(t: RowFieldBuilder, connection: HistoryConnectionRef) {
  return t.field({
    type: connection,
    description: 'Changes of this record, newest first, showing only fields you may read.',
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: readAlias,
  });
}

/** Ref of the `RecordHistoryConnection` type. */
export type HistoryConnectionRef = ReturnType<typeof addHistoryTypes>;
