import { isRelataError } from '../../errors';
import {
  type CreateFieldInput,
  type FieldMetadata,
  type ObjectMetadata,
  physicalNames,
  planBundle,
  planCreateField,
  planDeleteField,
  planDeleteObject,
  planUpdateField,
  planUpdateObject,
  type UpdateObjectInput,
  type WorkspaceSnapshot,
} from '../../metadata';
import type { BundleFile, BundleStep, SectionContext, SectionPlan } from '../bundle-section';
import { fileError, readDocument } from '../bundle-yaml';
import { translateFieldRef } from '../key-filters';
import { KeyMap } from '../key-map';
import { defaultLabelField } from './export-objects';
import { createInput, type FieldAt, updateInput } from './field-inputs';
import { type ObjectDocument, objectDocument } from './object-document';
import {
  applyMetadataStep,
  type IncludedStepPayload,
  inFile,
  type MetadataStepPayload,
  StepChain,
} from './object-steps';
import { applyIndexStep, type IndexStepPayload, planIndexes } from './plan-indexes';

export type ObjectStepPayload = MetadataStepPayload | IncludedStepPayload | IndexStepPayload;

interface Parsed {
  file: string;
  document: ObjectDocument;
}

/** Which phase creates a field: plain ones with their table, relations once every table exists, computed ones last. */
const phaseOf = (type: FieldMetadata['type']) =>
  type === 'RELATION' ? 'relation' : type === 'FORMULA' || type === 'ROLLUP' ? 'computed' : 'plain';

function parseFiles(files: readonly BundleFile[]): Parsed[] {
  return files.map((file) => {
    const document = readDocument(file, objectDocument);
    if (file.path !== `objects/${document.key}.yaml`) {
      throw fileError(file.path, 'key', `the file of object "${document.key}" is objects/${document.key}.yaml.`);
    }
    const seen = new Set<string>();
    document.fields.forEach((f, i) => {
      if (seen.has(f.key)) throw fileError(file.path, `fields[${i}].key`, `the key "${f.key}" appears twice.`);
      seen.add(f.key);
    });
    return { file: file.path, document };
  });
}

/** Positions by file order, unless the workspace already has the same order (no churn from gaps). */
function wantedPositions(object: ObjectMetadata | undefined, document: ObjectDocument): Map<string, number> | null {
  const current = object ? [...object.fields].sort((a, b) => a.position - b.position).map((f) => f.key) : [];
  const listed = new Set(document.fields.map((f) => f.key));
  const inFile = document.fields.map((f) => f.key);
  if (
    object &&
    inFile.every((k) => current.includes(k)) &&
    current.filter((k) => listed.has(k)).join() === inFile.join()
  )
    return null;
  const positions = new Map(inFile.map((k, i) => [k, i]));
  for (const [i, k] of current.filter((k) => !listed.has(k)).entries()) positions.set(k, inFile.length + i);
  return positions;
}

const findObject = (snapshot: WorkspaceSnapshot, key: string) => snapshot.objects.find((o) => o.key === key);
const objectOf = (snapshot: WorkspaceSnapshot, key: string) => findObject(snapshot, key)!;

/** Object-level differences (names, labels, description, icon, label field) as update input. */
function objectUpdate(object: ObjectMetadata, document: ObjectDocument, file: string): UpdateObjectInput {
  const input: UpdateObjectInput = {};
  for (const key of ['nameSingular', 'namePlural', 'labelSingular', 'labelPlural'] as const) {
    if (document[key] !== object[key]) input[key] = document[key];
  }
  if ((document.description ?? null) !== object.description) input.description = document.description ?? null;
  if ((document.icon ?? null) !== object.icon) input.icon = document.icon ?? null;
  const wanted = document.labelField;
  if (wanted && !object.fields.some((f) => f.key === wanted)) {
    throw fileError(file, 'labelField', `no field of "${document.key}" has the key "${wanted}".`);
  }
  const labelField =
    wanted === undefined
      ? defaultLabelField(object)
      : wanted === null
        ? null
        : translateFieldRef(object, wanted, 'toNames');
  if (labelField !== object.labelField) input.labelField = labelField;
  return input;
}

/**
 * Plans objects, fields and indexes in an order every step can run in: new tables (plain
 * fields), field deletions, updates and renames, new plain fields, relations, computed fields,
 * object updates and renames (last, so earlier steps count rows under today's table names),
 * pruned objects, then indexes.
 */
export async function planObjects(
  ctx: SectionContext,
  files: readonly BundleFile[],
): Promise<SectionPlan<ObjectStepPayload>> {
  const parsed = parseFiles(files);
  const chain = new StepChain<IndexStepPayload>(ctx);
  const kept: string[] = [];
  const existing = new Set(ctx.after.objects.map((o) => o.key));
  const positions = new Map(
    parsed.map((p) => [p.document.key, wantedPositions(findObject(ctx.after, p.document.key), p.document)]),
  );
  const fieldAt = (p: Parsed, i: number): FieldAt => ({ file: p.file, path: `fields[${i}]` });
  const position = (p: Parsed, key: string) => positions.get(p.document.key)?.get(key) ?? null;
  // One map per state of the chain: a bundle of 200 objects compares thousands of fields.
  let map = new KeyMap(chain.working);
  const keys = () => {
    if (map.snapshot !== chain.working) map = new KeyMap(chain.working);
    return map;
  };
  const updateFields = async (p: Parsed, include: (type: FieldMetadata['type']) => boolean) => {
    for (const [i, document] of p.document.fields.entries()) {
      const object = objectOf(chain.working, p.document.key);
      const field = object.fields.find((f) => f.key === document.key);
      if (!field || !include(document.type)) continue;
      const input = updateInput(keys(), object, field, document, position(p, document.key), fieldAt(p, i));
      if (Object.keys(input).length === 0) continue;
      const kind = input.name ? 'rename' : 'update';
      await chain.add(
        kind,
        `field ${p.document.key}.${document.key}`,
        (s) => planUpdateField(s, object.nameSingular, field.name, input),
        fieldAt(p, i),
      );
    }
  };

  const created = parsed.filter((p) => !existing.has(p.document.key));
  for (const { file, document } of created) {
    const taken = chain.working.objects.find((o) => o.nameSingular === document.nameSingular);
    if (taken) {
      throw fileError(
        file,
        'nameSingular',
        `"${document.nameSingular}" is the name of the object with key "${taken.key}"; rename one of them.`,
      );
    }
  }
  const pending = new Map(created.map((p) => [p.document.key, p.document.nameSingular]));
  // bundle.objects[i] of the planned bundle is created[i]: its errors go back to that file.
  const mapError = (error: unknown) => {
    const field = isRelataError(error) ? String(error.details.field ?? '') : '';
    const match = /^bundle\.objects\[(\d+)\]/.exec(field);
    const source = match ? created[Number(match[1])] : undefined;
    if (!source) return error;
    return inFile(error, { file: source.file, path: '' }, field.slice(match![0].length).replace(/^\./, ''));
  };
  await chain.addCreations(
    created.map((p) => ({
      target: `object ${p.document.key}`,
      table: physicalNames.table(p.document.namePlural),
      label: p.document.labelPlural.toLowerCase(),
    })),
    (snapshot) => {
      const map = new KeyMap(snapshot);
      return planBundle(snapshot, {
        objects: created.map(({ file, document }) => {
          const fields: CreateFieldInput[] = [];
          document.fields.forEach((f, i) => {
            if (phaseOf(f.type) !== 'computed') {
              fields.push(createInput(map, undefined, f, i, { file, path: `fields[${i}]` }, pending));
            }
          });
          const { key, nameSingular, namePlural, labelSingular, labelPlural, description, icon } = document;
          return { key, nameSingular, namePlural, labelSingular, labelPlural, description, icon, fields };
        }),
      });
    },
    mapError,
  );

  for (const p of parsed.filter((p) => existing.has(p.document.key))) {
    const before = objectOf(chain.working, p.document.key);
    for (const field of before.fields.filter((f) => !p.document.fields.some((d) => d.key === f.key))) {
      const target = `field ${p.document.key}.${field.key}`;
      if (!ctx.prune(target)) kept.push(target);
      else
        await chain.add('delete', target, (s) =>
          planDeleteField(s, objectOf(s, p.document.key).nameSingular, field.name),
        );
    }
    await updateFields(p, (type) => phaseOf(type) !== 'computed');
  }

  const missing = (phase: 'plain' | 'relation' | 'computed') =>
    parsed.flatMap((p) =>
      [...p.document.fields.entries()]
        // New objects got their plain and relation fields with their table.
        .filter(([, d]) => phaseOf(d.type) === phase && (phase === 'computed' || existing.has(p.document.key)))
        .filter(([, d]) => !objectOf(chain.working, p.document.key).fields.some((f) => f.key === d.key))
        .map(([i, document]) => ({ p, i, document })),
    );
  const createField = async ({ p, i, document }: ReturnType<typeof missing>[number]) => {
    const object = objectOf(chain.working, p.document.key);
    const input = createInput(keys(), object, document, position(p, document.key) ?? i, fieldAt(p, i));
    await chain.add(
      'create',
      `field ${p.document.key}.${document.key}`,
      (s) => planCreateField(s, object.nameSingular, input),
      fieldAt(p, i),
    );
  };
  for (const phase of ['plain', 'relation'] as const) {
    for (const field of missing(phase)) await createField(field);
  }
  // Computed fields read each other across objects (a quote's roll-up of its lines' formula), in
  // any file order: each pass creates those whose references resolve and retries the others
  // until a pass makes no progress, which then reports its first unresolved reference.
  for (let pending = missing('computed'); pending.length > 0; ) {
    const deferred: typeof pending = [];
    let firstError: unknown = null;
    for (const field of pending) {
      try {
        await createField(field);
      } catch (error) {
        if (!isRelataError(error) || error.code !== 'BAD_USER_INPUT') throw error;
        firstError ??= error;
        deferred.push(field);
      }
    }
    if (deferred.length === pending.length) throw firstError;
    pending = deferred;
  }

  // Computed fields read others by name: they change once every field has its new name.
  for (const p of parsed.filter((p) => existing.has(p.document.key))) {
    await updateFields(p, (type) => phaseOf(type) === 'computed');
  }

  for (const p of parsed) {
    const object = objectOf(chain.working, p.document.key);
    const input = objectUpdate(object, p.document, p.file);
    if (Object.keys(input).length === 0) continue;
    const kind = input.nameSingular || input.namePlural ? 'rename' : 'update';
    await chain.add(kind, `object ${p.document.key}`, (s) => planUpdateObject(s, object.nameSingular, input), {
      file: p.file,
      path: '',
    });
  }

  const listed = new Set(parsed.map((p) => p.document.key));
  const gone = chain.working.objects.filter((o) => !listed.has(o.key));
  const pruned = gone.filter((o) => ctx.prune(`object ${o.key}`));
  kept.push(...gone.filter((o) => !pruned.includes(o)).map((o) => `object ${o.key}`));
  // Relations among pruned objects go first: an object still targeted cannot be dropped.
  for (const object of pruned) {
    for (const field of object.fields.filter(
      (f) =>
        f.type === 'RELATION' &&
        pruned.some((o) => o.nameSingular === f.settings.relation?.target && o.id !== object.id),
    )) {
      await chain.add('delete', `field ${object.key}.${field.key}`, (s) =>
        planDeleteField(s, object.nameSingular, field.name),
      );
    }
  }
  for (const object of pruned)
    await chain.add('delete', `object ${object.key}`, (s) => planDeleteObject(s, object.nameSingular));

  const indexes = await planIndexes(ctx, chain.working, parsed);
  for (const step of indexes.steps) chain.push(step);
  kept.push(...indexes.kept);
  return { steps: chain.steps, kept, after: chain.working };
}

export async function applyObjectSteps(
  ctx: SectionContext,
  steps: readonly BundleStep<ObjectStepPayload>[],
): Promise<void> {
  for (const step of steps) {
    if (step.payload.type === 'metadata') await applyMetadataStep(ctx, step.payload);
    else if (step.payload.type === 'index') await applyIndexStep(ctx, step.payload);
  }
}
