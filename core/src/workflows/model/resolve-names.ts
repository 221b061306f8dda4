import { badInput } from '../../errors';
import type { FieldMetadata, ObjectMetadata, WorkspaceSnapshot } from '../../metadata';

/** Which way a definition is being written: with stable ids (storage) or current names (API). */
export type Direction = 'store' | 'display';

/** An object named by API name or by id (stored form); the error names `path`. */
export function findObject(snapshot: WorkspaceSnapshot, ref: unknown, path: string): ObjectMetadata {
  const object =
    typeof ref === 'string' ? snapshot.objects.find((o) => o.id === ref || o.nameSingular === ref) : undefined;
  if (!object) {
    throw badInput(path, `${path}: there is no object "${String(ref)}" (give its singular API name).`);
  }
  return object;
}

/** A field of `object` named by API name or by id; the error names `path`. */
export function findField(object: ObjectMetadata, ref: unknown, path: string): FieldMetadata {
  const field = typeof ref === 'string' ? object.fields.find((f) => f.id === ref || f.name === ref) : undefined;
  if (!field) throw badInput(path, `${path}: ${object.nameSingular} has no field "${String(ref)}".`);
  return field;
}

export const writeObject = (object: ObjectMetadata, direction: Direction) =>
  direction === 'store' ? object.id : object.nameSingular;

export const writeField = (field: FieldMetadata, direction: Direction) =>
  direction === 'store' ? field.id : field.name;
