import type { EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { Database } from '../db';
import { badInput, conflict, notFound } from '../errors';
import { type ObjectMetadata, parseInput, type WorkspaceSnapshot } from '../metadata';
import { type RolePermissions, UNRESTRICTED } from '../permissions';
import { canReadObject, compileConditionMatch, type FilterInput } from '../query';
import type { Actor } from '../records';
import { systemEntity } from '../system';
import { freshRowKey } from '../workspace';
import { type ReadFilter, readFilter, type SegmentFilter, storedFilter } from './segment-filter';
import { createSegmentInput, updateSegmentInput } from './segment-input';

/** A segment as one role sees it: its filter with today's names, unless the role cannot use it. */
export interface SegmentInfo {
  id: string;
  /** The object's singular API name. */
  object: string;
  name: string;
  label: string;
  description: string | null;
  /** OK: usable by this role; RESTRICTED: it names what the role cannot read; BROKEN: a field it names is gone. */
  state: 'OK' | 'RESTRICTED' | 'BROKEN';
  /** The filter with today's names; null unless OK. */
  filter: SegmentFilter | null;
  problem: string | null;
  createdAt: string;
  updatedAt: string;
}

type Row = systemEntity.Segment;
const segmentId = z.uuid();

function info(
  snapshot: WorkspaceSnapshot,
  permissions: RolePermissions,
  row: Row,
  object: ObjectMetadata,
): SegmentInfo {
  const read: ReadFilter = readFilter(snapshot, permissions, object, row.filter);
  return {
    id: row.id,
    object: object.nameSingular,
    name: row.name,
    label: row.label,
    description: row.description ?? null,
    state: read.kind === 'ok' ? 'OK' : read.kind === 'restricted' ? 'RESTRICTED' : 'BROKEN',
    filter: read.kind === 'ok' ? read.filter : null,
    problem:
      read.kind === 'broken'
        ? `This segment no longer applies: ${read.reason}. Save its filter again.`
        : read.kind === 'restricted'
          ? 'This segment filters on fields your role cannot read.'
          : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Checks a filter compiles (operators, values, formula and roll-up fields) with the API's compiler. */
function checkCompiles(snapshot: WorkspaceSnapshot, object: ObjectMetadata, filter: SegmentFilter, path: string): void {
  const read = readFilter(snapshot, UNRESTRICTED, object, filter);
  if (read.kind === 'ok') compileConditionMatch(snapshot, object, read.filter as FilterInput, [], path);
}

/** Segments of the workspace, by id, for the stores' callers (metadata API, data API, export). */
export function createSegmentStore(db: Database) {
  const objectOf = (snapshot: WorkspaceSnapshot, row: Row) => snapshot.objects.find((o) => o.id === row.objectId);

  async function row(snapshot: WorkspaceSnapshot, id: string, field = 'id', em?: EntityManager): Promise<Row> {
    if (!segmentId.safeParse(id).success) throw badInput(field, `${field} must be a segment id (uuid).`);
    const found = await (em ?? (await db.entities())).findOne(systemEntity.Segment, {
      workspace: snapshot.workspaceId,
      id,
    });
    if (!found) throw notFound(`No segment ${id}; list the segments for valid ids.`, { field });
    return found;
  }

  async function uniqueName(snapshot: WorkspaceSnapshot, name: string, except: string | null): Promise<void> {
    const em = await db.entities();
    const same = await em.findOne(systemEntity.Segment, { workspace: snapshot.workspaceId, name });
    if (same && same.id !== except)
      throw conflict(`A segment named "${name}" exists; choose another name.`, { field: 'input.name' });
  }

  return {
    /** Segments of readable objects (of `object` when given), as `permissions` may use them. */
    async list(
      snapshot: WorkspaceSnapshot,
      permissions: RolePermissions,
      object?: string | null,
    ): Promise<SegmentInfo[]> {
      const em = await db.entities();
      const rows = await em.find(
        systemEntity.Segment,
        { workspace: snapshot.workspaceId },
        { orderBy: { label: 'asc' } },
      );
      return rows.flatMap((r) => {
        const owner = objectOf(snapshot, r);
        // A segment of an object the role cannot read is left out, like the object.
        if (!owner || !canReadObject(permissions, owner) || (object && owner.nameSingular !== object)) return [];
        return [info(snapshot, permissions, r, owner)];
      });
    },

    /** One segment as `permissions` may use it. @throws NOT_FOUND (also for an object the role cannot read) */
    async get(
      snapshot: WorkspaceSnapshot,
      permissions: RolePermissions,
      id: string,
      field = 'id',
    ): Promise<SegmentInfo> {
      const found = await row(snapshot, id, field);
      const owner = objectOf(snapshot, found);
      if (!owner || !canReadObject(permissions, owner))
        throw notFound(`No segment ${id}; list the segments for valid ids.`, { field });
      return info(snapshot, permissions, found, owner);
    },

    async create(snapshot: WorkspaceSnapshot, input: unknown, actor: Actor): Promise<SegmentInfo> {
      const data = parseInput(createSegmentInput, input, 'input');
      const object = snapshot.objects.find((o) => o.nameSingular === data.object);
      if (!object)
        throw badInput('input.object', `No object named "${data.object}"; use an object's singular API name.`);
      const filter = storedFilter(snapshot, object, data.filter, 'input.filter');
      checkCompiles(snapshot, object, filter, 'input.filter');
      await uniqueName(snapshot, data.name, null);
      const em = await db.entities();
      const created = em.create(systemEntity.Segment, {
        id: uuidv7(),
        workspace: snapshot.workspaceId,
        objectId: object.id,
        name: data.name,
        key: await freshRowKey(em, systemEntity.Segment, snapshot.workspaceId, data.name),
        label: data.label,
        description: data.description ?? null,
        filter,
        createdBy: actor.id,
        updatedBy: actor.id,
      });
      await em.flush();
      return info(snapshot, UNRESTRICTED, created, object);
    },

    async update(snapshot: WorkspaceSnapshot, id: string, input: unknown, actor: Actor): Promise<SegmentInfo> {
      const data = parseInput(updateSegmentInput, input, 'input');
      const em = await db.entities();
      const found = await row(snapshot, id, 'id', em);
      const object = objectOf(snapshot, found);
      if (!object) throw notFound(`No segment ${id}; list the segments for valid ids.`, { field: 'id' });
      if (data.name !== undefined) {
        await uniqueName(snapshot, data.name, found.id);
        found.name = data.name;
      }
      if (data.label !== undefined) found.label = data.label;
      if (data.description !== undefined) found.description = data.description ?? null;
      if (data.filter !== undefined) {
        found.filter = storedFilter(snapshot, object, data.filter, 'input.filter');
        checkCompiles(snapshot, object, found.filter, 'input.filter');
      }
      found.updatedBy = actor.id;
      found.updatedAt = new Date();
      await em.flush();
      return info(snapshot, UNRESTRICTED, found, object);
    },

    async delete(snapshot: WorkspaceSnapshot, id: string): Promise<SegmentInfo> {
      const em = await db.entities();
      const found = await row(snapshot, id, 'id', em);
      const object = objectOf(snapshot, found);
      const shown = object ? info(snapshot, UNRESTRICTED, found, object) : null;
      await em.remove(found).flush();
      if (!shown) throw notFound(`No segment ${id}; list the segments for valid ids.`, { field: 'id' });
      return shown;
    },
  };
}

export type SegmentStore = ReturnType<typeof createSegmentStore>;
