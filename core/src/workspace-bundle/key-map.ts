import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from '../metadata';

/** A field found by key, with the object holding it. */
export interface KeyedField {
  object: ObjectMetadata;
  field: FieldMetadata;
}

/**
 * The one translator between a workspace's ids and a bundle's stable keys (issue 15): files name
 * objects by `objectKey` and fields by `(objectKey, fieldKey)`, the workspace holds uuids. Built
 * from one snapshot (the workspace as it is, or as a plan leaves it), read-only, prototype-free.
 * Sections of macconf (workflows, dashboards...) reuse it for whatever they hold by id.
 */
export class KeyMap {
  private readonly objectsByKey = new Map<string, ObjectMetadata>();
  private readonly objectsById = new Map<string, ObjectMetadata>();
  private readonly objectsByName = new Map<string, ObjectMetadata>();
  private readonly fieldsById = new Map<string, KeyedField>();
  private readonly fieldsByKey = new Map<string, KeyedField>();
  private keyed: WorkspaceSnapshot | undefined;

  constructor(readonly snapshot: WorkspaceSnapshot) {
    for (const object of snapshot.objects) {
      this.objectsByKey.set(object.key, object);
      this.objectsById.set(object.id, object);
      this.objectsByName.set(object.nameSingular, object);
      for (const field of object.fields) {
        const keyed = { object, field };
        this.fieldsById.set(field.id, keyed);
        this.fieldsByKey.set(`${object.key}\u0000${field.key}`, keyed);
      }
    }
  }

  /** The object holding `objectKey`; undefined when none does. */
  object(objectKey: string): ObjectMetadata | undefined {
    return this.objectsByKey.get(objectKey);
  }

  objectId(objectKey: string): string | undefined {
    return this.objectsByKey.get(objectKey)?.id;
  }

  objectKey(objectId: string): string | undefined {
    return this.objectsById.get(objectId)?.key;
  }

  /** The object by its current singular API name (relations name their target so). */
  objectByName(nameSingular: string): ObjectMetadata | undefined {
    return this.objectsByName.get(nameSingular);
  }

  objectById(objectId: string): ObjectMetadata | undefined {
    return this.objectsById.get(objectId);
  }

  field(objectKey: string, fieldKey: string): KeyedField | undefined {
    return this.fieldsByKey.get(`${objectKey}\u0000${fieldKey}`);
  }

  fieldId(objectKey: string, fieldKey: string): string | undefined {
    return this.field(objectKey, fieldKey)?.field.id;
  }

  /** `{ objectKey, fieldKey }` of a field id; undefined when the id is not a field of the snapshot. */
  fieldKey(fieldId: string): { objectKey: string; fieldKey: string } | undefined {
    const keyed = this.fieldsById.get(fieldId);
    return keyed ? { objectKey: keyed.object.key, fieldKey: keyed.field.key } : undefined;
  }

  fieldById(fieldId: string): KeyedField | undefined {
    return this.fieldsById.get(fieldId);
  }

  /**
   * The snapshot with every API name replaced by its key (objects' singular names, fields' names,
   * relation targets): code that reads or writes names (the formula printer and checker) then
   * reads and writes keys, with the ids unchanged.
   */
  keyedSnapshot(): WorkspaceSnapshot {
    this.keyed ??= this.buildKeyedSnapshot();
    return this.keyed;
  }

  private buildKeyedSnapshot(): WorkspaceSnapshot {
    const keyOfName = (name: string) => this.objectsByName.get(name)?.key ?? name;
    return {
      ...this.snapshot,
      objects: this.snapshot.objects.map((object) => ({
        ...object,
        nameSingular: object.key,
        labelField: object.fields.find((f) => f.name === object.labelField)?.key ?? object.labelField,
        fields: object.fields.map((field) => {
          const relation = field.settings.relation;
          const settings = relation
            ? { ...field.settings, relation: { ...relation, target: keyOfName(relation.target) } }
            : field.settings;
          return { ...field, name: field.key, settings };
        }),
      })),
    };
  }
}
