import { fieldColumns } from './field-columns';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from './types';

/** A navigable relation from one object to another, seen from `from`. */
export interface RelationEdge {
  /** GraphQL field name on `from`. */
  name: string;
  kind: 'MANY_TO_ONE' | 'ONE_TO_MANY' | 'MANY_TO_MANY';
  from: ObjectMetadata;
  to: ObjectMetadata;
  /** The RELATION field that defines this relation (it lives on the owning object). */
  field: FieldMetadata;
  /** True on the owning side (the object holding the RELATION field). */
  owning: boolean;
  /** MANY_TO_ONE: FK column on `from`; ONE_TO_MANY: FK column on `to`. */
  fkColumn?: string;
  /** MANY_TO_MANY: the junction table with the column pointing at `from` and at `to`. */
  junction?: { table: string; fromColumn: string; toColumn: string };
}

export interface SnapshotIndex {
  snapshot: WorkspaceSnapshot;
  object(nameSingular: string): ObjectMetadata | undefined;
  objectByPlural(namePlural: string): ObjectMetadata | undefined;
  /** Every relation navigable from the object, both owning and inverse sides. */
  relations(nameSingular: string): RelationEdge[];
  relation(nameSingular: string, edgeName: string): RelationEdge | undefined;
}

const cache = new WeakMap<WorkspaceSnapshot, SnapshotIndex>();

/** Indexes a snapshot once (memoised per snapshot object, which is immutable). */
export function indexSnapshot(snapshot: WorkspaceSnapshot): SnapshotIndex {
  const cached = cache.get(snapshot);
  if (cached) return cached;

  const bySingular = new Map(snapshot.objects.map((o) => [o.nameSingular, o]));
  const byPlural = new Map(snapshot.objects.map((o) => [o.namePlural, o]));
  const edges = new Map<string, RelationEdge[]>(snapshot.objects.map((o) => [o.nameSingular, []]));

  for (const owner of snapshot.objects) {
    for (const field of owner.fields) {
      const relation = field.settings.relation;
      if (field.type !== 'RELATION' || !relation) continue;
      const target = bySingular.get(relation.target);
      if (!target) continue;
      if (relation.kind === 'MANY_TO_ONE') {
        const fkColumn = fieldColumns(field)[0]?.column;
        edges
          .get(owner.nameSingular)
          ?.push({ name: field.name, kind: 'MANY_TO_ONE', from: owner, to: target, field, owning: true, fkColumn });
        edges.get(target.nameSingular)?.push({
          name: relation.inverseName,
          kind: 'ONE_TO_MANY',
          from: target,
          to: owner,
          field,
          owning: false,
          fkColumn,
        });
      } else {
        const table = relation.junctionTable ?? `${owner.tableName}_${field.columnName}`;
        edges.get(owner.nameSingular)?.push({
          name: field.name,
          kind: 'MANY_TO_MANY',
          from: owner,
          to: target,
          field,
          owning: true,
          junction: { table, fromColumn: 'source_id', toColumn: 'target_id' },
        });
        edges.get(target.nameSingular)?.push({
          name: relation.inverseName,
          kind: 'MANY_TO_MANY',
          from: target,
          to: owner,
          field,
          owning: false,
          junction: { table, fromColumn: 'target_id', toColumn: 'source_id' },
        });
      }
    }
  }

  const index: SnapshotIndex = {
    snapshot,
    object: (name) => bySingular.get(name),
    objectByPlural: (name) => byPlural.get(name),
    relations: (name) => edges.get(name) ?? [],
    relation: (name, edgeName) => edges.get(name)?.find((e) => e.name === edgeName),
  };
  cache.set(snapshot, index);
  return index;
}
